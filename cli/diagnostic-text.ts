// One line for a TypeScript diagnostic: a message chain (e.g. "Argument of type X is not assignable to
// parameter of type Y." over "Type 'string' is not assignable to type ...") flattened, first link first.
import { createRequire } from 'node:module';
import type { DiagnosticMessageChain } from 'typescript';

const ts: typeof import('typescript') = createRequire(import.meta.url)('typescript');

export function diagnosticText(message: string | DiagnosticMessageChain): string {
  return ts
    .flattenDiagnosticMessageText(message, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
}
