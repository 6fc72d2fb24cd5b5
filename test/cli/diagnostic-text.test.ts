// diagnosticText: a TypeScript diagnostic's message chain as one readable line.
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { diagnosticText } from '../../cli/diagnostic-text.ts';

/** The compiler's diagnostics for a snippet, as the job type-checker receives them. */
function diagnosticsOf(code: string) {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  const sf = project.createSourceFile('snippet.ts', code);
  return sf.getPreEmitDiagnostics().filter((d) => d.getCategory() === ts.DiagnosticCategory.Error);
}

describe('diagnosticText', () => {
  it('flattens a chained diagnostic from the compiler: first link first, the detail after —', () => {
    const [d] = diagnosticsOf(
      "type Num = 'int' | 'double';\nclass E<T> { declare t: T; }\ndeclare function sum<T extends Num>(e: E<T>): void;\nsum(new E<'string'>());\n",
    );
    expect(typeof d.compilerObject.messageText).toBe('object'); // really a chain, the case that printed `undefined`
    const text = diagnosticText(d.compilerObject.messageText);
    expect(text).toBe(
      "Argument of type 'E<\"string\">' is not assignable to parameter of type 'E<Num>' — Type '\"string\"' is not assignable to type 'Num'.",
    );
    expect(text).not.toContain('\n');
    expect(text).not.toContain('undefined');
  });

  it('an overload failure names each overload by number, not by its whole signature', () => {
    const [d] = diagnosticsOf(
      "declare function pick(key: 'host' | 'path'): void;\ndeclare function pick(fn: (r: { host: string; path: string }) => string): void;\npick('pathh');\n",
    );
    expect(diagnosticText(d.compilerObject.messageText)).toBe(
      'No overload matches this call — ' +
        "overload 1 of 2: Argument of type '\"pathh\"' is not assignable to parameter of type '\"host\" | \"path\"' — " +
        "overload 2 of 2: Argument of type 'string' is not assignable to parameter of type '(r: { host: string; path: string; }) => string'.",
    );
  });

  it('keeps a plain message, and its "Did you mean" hint, unchanged', () => {
    const [d] = diagnosticsOf('const row = { status: 1 };\nrow.stauts;\n');
    expect(diagnosticText(d.compilerObject.messageText)).toBe(
      "Property 'stauts' does not exist on type '{ status: number; }'. Did you mean 'status'?",
    );
  });

  it('joins every link of a deeper chain in order, on one line', () => {
    const chain: ts.DiagnosticMessageChain = {
      messageText: 'Outer problem.',
      category: ts.DiagnosticCategory.Error,
      code: 1,
      next: [
        {
          messageText: 'Middle  reason\twith   spaces.',
          category: ts.DiagnosticCategory.Error,
          code: 2,
          next: [{ messageText: 'Innermost detail.', category: ts.DiagnosticCategory.Error, code: 3 }],
        },
      ],
    };
    expect(diagnosticText(chain)).toBe('Outer problem — Middle reason with spaces — Innermost detail.');
  });

  it('a plain string passes through trimmed', () => {
    expect(diagnosticText('  Cannot find name \'x\'.  ')).toBe("Cannot find name 'x'.");
  });
});
