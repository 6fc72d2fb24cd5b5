// Literal arguments of catalogue calls (patterns, separators, group numbers) and the regexes PySpark
// needs built from them.
import { captureGroups } from '../common/regex-groups.ts';
import type { Call } from '../../plan/index.ts';
import { unsupported, type ExprEnv } from './expr-env.ts';
import { none, str, type Py } from './py-ast.ts';

/** The value of literal argument `i` (validation guarantees it is a non-null literal). */
export function literalValue<T extends string | number>(c: Call, i: number, env: ExprEnv): T {
  const a = c.args[i];
  if (a?.kind !== 'lit' || a.value === null) throw unsupported(`${c.fn} with a non-literal argument ${i + 1}`, env);
  return a.value as T;
}

/** A Java regex matching `sep` literally (F.split takes a regex): every ASCII punctuation is escaped. */
export function splitRegex(sep: string): string {
  return sep.replace(/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/g, (c) => `\\${c}`);
}

/**
 * For a group that may take no part in a match, a regex that matches only when it does: a Java
 * backreference to an unset group fails, to a group set to '' matches empty. None when the group always
 * takes part (then '' from regexp_extract is a real empty capture).
 */
export function participation(pattern: string, group: number, env: ExprEnv): Py {
  if (group === 0) return none;
  const groups = captureGroups(pattern);
  const info = groups.find((g) => g.group === group);
  if (!info) throw unsupported(`regexExtract of group ${group}: ${JSON.stringify(pattern)} has ${groups.length} group(s)`, env);
  return info.optional ? str(`(?:${pattern})\\${group}`) : none;
}
