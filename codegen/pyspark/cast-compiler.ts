// Casts as docs/semantics.md defines them. Spark's own casts agree between numbers, booleans and dates;
// from text they accept more (" 1.9" as int, "t" as boolean, "inf"), so text goes through strict helpers.
import type { ColumnType } from '../../plan/index.ts';
import type { ExprEnv } from './expr-env.ts';
import { call, castTo, name, str, type Py } from './py-ast.ts';

type CastEmit = (p: Py, env: ExprEnv) => Py;

const spark = (to: ColumnType): CastEmit => (p) => castTo(p, to);
const helper = (h: 'text_to_double' | 'text_to_boolean' | 'text_to_date'): CastEmit => (p, env) => call(env.helper(h), [p]);
const integral = (to: 'int' | 'long'): CastEmit => (p, env) => call(env.helper('text_to_integral'), [p, str(to)]);

/** [to][from]: absent pairs are refused by validation (boolean <-> temporal, number <-> temporal). */
export const PYSPARK_CASTS: { readonly [To in ColumnType]: { readonly [From in ColumnType]?: CastEmit } } = {
  string: {
    int: spark('string'),
    long: spark('string'),
    // Spark writes doubles as Java's Double.toString, like the plan's outputs.
    double: spark('string'),
    boolean: spark('string'),
    timestamp: (p, env) => call(env.helper('timestamp_text'), [p]),
    date: spark('string'),
  },
  // long -> int wraps and double -> int truncates toward zero, saturating, NaN to 0: Spark (non-ANSI) agrees.
  int: { string: integral('int'), long: spark('int'), double: spark('int'), boolean: spark('int') },
  long: { string: integral('long'), int: spark('long'), double: spark('long'), boolean: spark('long') },
  double: { string: helper('text_to_double'), int: spark('double'), long: spark('double'), boolean: spark('double') },
  boolean: { string: helper('text_to_boolean'), int: spark('boolean'), long: spark('boolean'), double: spark('boolean') },
  timestamp: { string: (p, env) => call(env.helper('text_to_timestamp'), [p, name('ISO_TIMESTAMP_IN_CAST')]), date: spark('timestamp') },
  date: { string: helper('text_to_date'), timestamp: spark('date') },
};

export function compileCast(p: Py, from: ColumnType, to: ColumnType, env: ExprEnv): Py | null {
  if (from === to) return p;
  const emit = PYSPARK_CASTS[to][from];
  return emit ? emit(p, env) : null;
}
