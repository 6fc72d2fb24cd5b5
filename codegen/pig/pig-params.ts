// Run-time parameters in Pig: each is a script parameter (`-param date=2015-05-17`) read as a string
// literal `'$date'` and converted to its plan type, so a date compares as a date. Pig substitutes the
// value's text into the script before parsing it, so the value passed is the literal's escaped body.
import { paramTexts, planParams, type ParamRef, type ParamValues, type Plan } from '../../plan/index.ts';
import { call, cast, paramPath, str, type PigExpr } from './pig-ast.ts';
import { pigString } from './pig-printer.ts';

/** The parameter as a Pig value of its plan type (`name` already carries any prefix). */
export function pigParam(p: ParamRef, name: string): PigExpr {
  const text = paramPath(name);
  switch (p.type) {
    case 'string':
      return text;
    case 'int':
    case 'long':
    case 'double':
    case 'boolean':
      return cast(p.type, text);
    case 'date':
      return call('ToDate', text, str('yyyy-MM-dd'));
    case 'timestamp':
      return call('ToDate', text);
  }
}

/**
 * What `-param name=<value>` must carry for the script to see exactly `text`: the body of a Pig string
 * literal. Quotes and backslashes are escaped; `$` becomes `\u0024`, since Pig hands the value to a regex
 * replacement (where `$` is a group reference) before its preprocessor decodes `\uXXXX`.
 */
export function pigParamValue(text: string): string {
  const quoted = pigString(text.endsWith('\\') ? `${text}.` : text).slice(1, -1).replaceAll('\\$', '\\u0024');
  return text.endsWith('\\') ? quoted.slice(0, -1) : quoted;
}

/**
 * Pig lexes `-param k=v` values itself: an unquoted value ends at the first
 * space, a bare backslash is dropped and `$x` is substituted. Inside double
 * quotes `\\`, `\"` and `\$` are escapes, so this makes the value arrive in
 * the script verbatim (a backslash directly before `$` cannot be expressed).
 * Substitution is textual: a value used inside a Pig string literal ('$out')
 * must not contain `'` (or backslash escapes), whatever the quoting here.
 */
export function quotePigParamValue(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$')}"`;
}

/** What a Pig command line (`-param name=<this>`, an EMR step's `-p`) carries for the script to see `text`. */
export const pigCommandLineValue = (text: string): string => quotePigParamValue(pigParamValue(text));

/** `-param` values of a run's parameters, by (prefixed) name. */
export function pigParamArgs(plan: Plan, values: ParamValues, prefix = ''): Record<string, string> {
  const texts = paramTexts(planParams(plan), values);
  return Object.fromEntries(Object.entries(texts).map(([k, v]) => [`${prefix}${k}`, pigParamValue(v)]));
}
