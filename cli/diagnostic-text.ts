// One line of text for a TypeScript diagnostic: the compiler nests the detail of an error ("Type 'string'
// is not assignable to type 'NumericType'") in a message chain, which must be flattened, not printed as is.
import { ts } from 'ts-morph';

// "Overload 1 of 2, '<the whole signature>', gave the following error." — the signature repeats every
// column of the row; the number is enough next to the error that follows.
const OVERLOAD = /^Overload (\d+) of (\d+), .*, gave the following error\.?$/;

/**
 * The diagnostic's message on one line: the chain's first link, then each deeper link after ' — '
 * (the compiler's own hints such as "Did you mean 'status'?" stay where they are).
 */
export function diagnosticText(message: string | ts.DiagnosticMessageChain): string {
  const links = ts
    .flattenDiagnosticMessageText(message, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '');
  let text = '';
  links.forEach((link, i) => {
    const overload = OVERLOAD.exec(link);
    const last = i === links.length - 1;
    const part = overload ? `overload ${overload[1]} of ${overload[2]}:` : last ? link : link.replace(/\.$/, '');
    text += i === 0 ? part : text.endsWith(':') ? ` ${part}` : ` — ${part}`;
  });
  return text;
}
