// The Python printer: string literals mean exactly their text (checked by Python itself), comments stay on
// their line, and broken lines parse to the same Python as the one-line form.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attr, binop, call, col, F, float, int, lambda, list, name, str, tuple, type Py } from '../../../codegen/pyspark/py-ast.ts';
import { commentText, flat, printExpr, pyString } from '../../../codegen/pyspark/py-printer.ts';
import { runPython } from './python-eval.ts';

/** Lone surrogates replaced by U+FFFD (String.prototype.toWellFormed, which ES2023 lacks). */
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const tricky = fc.constantFrom('"', "'", '\\', '\n', '\r', '\t', '\0', '$', '`', '\u2028', '\u0085', '\ufeff', 'é', '😀', '\ud800', '\udfff', '{}', '%s');
const hostile = fc.array(fc.oneof(anyText, tricky), { maxLength: 6 }).map((xs) => xs.join(''));

describe('pyString', () => {
  it('Python reads every literal back as the string (lone surrogates as U+FFFD)', () => {
    const samples = fc.sample(hostile, { numRuns: 400, seed: 42 });
    samples.push('', 'plain', 'a"b\\c\nd', '\u0000\u007f\u0080\u00ff\u0100\uffff', '\u{10ffff}', 'class', 'lambda');
    const program = `import json, sys\nsys.stdout.write(json.dumps([${samples.map(pyString).join(',\n')}]))`;
    const back = JSON.parse(runPython(program)) as string[];
    expect(back).toEqual(samples.map(wellFormed));
  });

  it('writes only printable ASCII', () => {
    fc.assert(fc.property(hostile, (s) => /^"[\x20-\x7e]*"$/.test(pyString(s))));
  });
});

describe('commentText', () => {
  it('never ends the comment line', () => {
    fc.assert(fc.property(hostile, (s) => !/[\n\r\u0085\u2028\u2029\f\v]/.test(commentText(s))));
  });

  it('holds no control character, byte-order mark or lone surrogate', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => !/[\p{Cc}\ufeff\u2028\u2029\u202a-\u202e\u2066-\u2069]|\p{Cs}/u.test(commentText(s))));
    expect(commentText('a\u001b[2Jb\ud800')).toBe('a\\u001b[2Jb\\ud800');
  });
});

/** Random expressions over the node kinds the compiler prints. */
const { expr } = fc.letrec<{ expr: Py }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostile.map((s) => col(s)),
    hostile.map((s) => str(s)),
    fc.integer().map((n) => int(n)),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => float(x)),
    fc.tuple(fc.constantFrom('when', 'coalesce', 'concat', 'lit'), fc.array(tie('expr'), { maxLength: 4 })).map(([f, args]) => F(f, ...args)),
    fc.tuple(tie('expr'), fc.constantFrom('+', '==', '&', '|', '%') as fc.Arbitrary<'+' | '==' | '&' | '|' | '%'>, tie('expr')).map(([a, op, b]) => binop(op, a, b)),
    fc.tuple(tie('expr'), fc.array(tie('expr'), { maxLength: 3 })).map(([t, args]) => call(attr(t, 'alias'), args)),
    fc.array(tie('expr'), { maxLength: 4 }).map(list),
    fc.array(tie('expr'), { maxLength: 3 }).map(tuple),
    tie('expr').map((b) => lambda(['part'], binop('!=', name('part'), b))),
  ),
}));

describe('printExpr', () => {
  it('breaks long expressions into lines that parse to the same Python', () => {
    const samples = fc.sample(expr, { numRuns: 150, seed: 7 });
    const pairs = samples.map((e) => [flat(e), `x = ${printExpr(e, 0, 4)}`]);
    expect(pairs.some(([, b]) => b.includes('\n'))).toBe(true);
    const program = [
      'import ast, json, sys',
      `pairs = json.loads(${pyString(JSON.stringify(pairs))})`,
      'bad = [i for i, (a, b) in enumerate(pairs) if ast.dump(ast.parse("x = " + a)) != ast.dump(ast.parse(b))]',
      'sys.stdout.write(json.dumps(bad))',
    ].join('\n');
    expect(JSON.parse(runPython(program))).toEqual([]);
  });

  it('keeps every line within the width when arguments allow it', () => {
    const e = F('select', ...Array.from({ length: 30 }, (_, i) => col(`column_${i}`)));
    const lines = printExpr(e, 4).split('\n');
    expect(lines.length).toBe(32);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(110);
  });
});
