// One line for a TypeScript diagnostic: a message chain (e.g. "Argument of type X is not assignable to
// parameter of type Y." over "Type 'string' is not assignable to type ...") flattened, first link first.
import type { DiagnosticMessageChain } from 'typescript';
import { loadTypeScript } from './typescript-loader.ts';

const ts = loadTypeScript();

// "Overload 1 of 2, '<the whole signature>', gave the following error." — the signature repeats every
// column of the row; the number is enough next to the error that follows.
const OVERLOAD = /^Overload (\d+) of (\d+), .*, gave the following error\.?$/;

/**
 * The diagnostic's message on one line: the chain's first link, then each deeper link after ' — '
 * (the compiler's own hints such as "Did you mean 'status'?" stay where they are).
 */
export function diagnosticText(message: string | DiagnosticMessageChain): string {
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
