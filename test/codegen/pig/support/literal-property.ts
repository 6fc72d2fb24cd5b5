// A fast-check sample of column names and string literals, compiled into one plan: every literal must come
// out of Pig exactly as written, in a column with an arbitrary name. Seeded, so a failure can be replayed
// (PIG_PROPERTY_SEED=<n>).
import fc from 'fast-check';
import { job, lit } from '../../../../dsl/index.ts';
import type { Plan } from '../../../../plan/index.ts';
import { VALUE_COLUMNS, VALUE_CSV } from './value-table.ts';

const TRICKY = fc.constantFrom("'", '"', '\\', '$', '{', '}', 'u', '0', 'a', 'Z', '_', ' ', ',', '\n', '\r', '\t', '-', '/', '*', ':', '.', 'é', '😀', '\ue000', '\u0000', '\u2028', '\u0085', '%', '=', '#');

/** Valid Unicode only: Pig writes a lone surrogate as '?' (UTF-8 cannot hold it), docs/codegen.md. */
const text = fc.oneof(fc.string({ unit: TRICKY, maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
const name = fc.oneof(fc.string({ unit: TRICKY, minLength: 1, maxLength: 8 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }));

export const PROPERTY_SEED = Number(process.env.PIG_PROPERTY_SEED ?? 20261125);

export interface LiteralSample {
  readonly plan: Plan;
  /** Output column -> the literal it holds. */
  readonly expected: readonly (readonly [string, string])[];
}

export function literalSample(size = 80): LiteralSample {
  const [pairs] = fc.sample(fc.uniqueArray(fc.tuple(name, text), { minLength: size, maxLength: size, selector: ([n]) => n }), { seed: PROPERTY_SEED, numRuns: 1 });
  const expected = pairs.filter(([n]) => n !== 'id');
  const plan = job('prop-literals', `names and literals from fast-check (seed ${PROPERTY_SEED})`, (j) => {
    j.csv('vals', VALUE_COLUMNS, VALUE_CSV)
      .filter((r) => r.id.eq(1))
      .select(() => Object.fromEntries(expected.map(([n, s]) => [n, lit(s)])))
      .writeCsv('literals');
  }).plan();
  return { plan, expected };
}
