// One line of text for a TypeScript diagnostic: the compiler nests the detail of an error ("Type 'string'
// is not assignable to type 'NumericType'") in a message chain, which must be flattened, not printed as is.
import { ts } from 'ts-morph';

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
  return links.map((l, i) => (i < links.length - 1 ? l.replace(/\.$/, '') : l)).join(' — ');
}
