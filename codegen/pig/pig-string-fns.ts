// String functions whose Pig built-ins differ from the plan: trim (Pig's TRIM strips every control
// character), substring (Pig's SUBSTRING fails past the end), splitPart (STRSPLIT drops trailing empty
// parts and takes a regex), regexExtract (a group the pattern lacks is an error in the plan) and matches.
import { captureGroups } from '../common/regex-groups.ts';
import { javaRegexLiteral } from '../common/java-regex-text.ts';
import { bincond, binop, call, cast, FALSE, int, isNotNull, isNull, long, nullOf, str, TRUE, type PigExpr } from './pig-ast.ts';
import type { PigFnArgs } from './pig-fn-args.ts';

/** Spaces (U+0020) only, at both ends; `\z` because Java's `$` also matches before a final line break. */
export const trim = (a: PigFnArgs): PigExpr => call('REPLACE', a.value(0), str('^ +| +\\z'), str(''));

const INT_MAX = 2147483647;

/**
 * SUBSTRING through the middle of a surrogate pair leaves a lone surrogate, which Java's UTF-8 encoder
 * writes as `?`; the plan (and Spark, and the runtime's Arrow strings) have U+FFFD there. In a Java regex
 * a lone surrogate is a code point of its own, so the class matches it and never half of a pair.
 */
const cut = (s: PigExpr, from: PigExpr, to: PigExpr): PigExpr =>
  call('REPLACE', call('SUBSTRING', s, from, to), str('[\\x{D800}-\\x{DFFF}]'), str('\uFFFD'));

/** The window [start, start + max(len, 0)) of s clipped to the string; '' when it misses the string. */
export function substring(a: PigFnArgs): PigExpr {
  const s = a.value(0);
  const size = call('SIZE', s);
  const start = a.literal<number>(1);
  const len = a.literal<number>(2);
  if (start !== undefined && len !== undefined) {
    const from = Math.max(0, start);
    const to = Math.min(INT_MAX, start + Math.max(0, len));
    if (to <= from) return bincond(isNull(s), nullOf('chararray'), str(''));
    // Both ends are known; SUBSTRING clips the end to the string itself, only a start past it fails.
    return bincond(binop('>', size, long(from)), cut(s, int(from), int(to)), str(''));
  }
  const st = a.value(1);
  const ln = a.value(2);
  const from = bincond(binop('<', st, int(0)), int(0), st);
  // In long arithmetic: start + len may pass the largest int.
  const to0 = binop('+', cast('long', st), cast('long', bincond(binop('<', ln, int(0)), int(0), ln)));
  const to = bincond(binop('>', to0, size), size, to0);
  return bincond(binop('>', to, cast('long', from)), cut(s, from, cast('int', to)), str(''));
}

/** Part n (1-based) on a literal separator, empty parts kept, by one regex find from the start. */
export function splitPart(a: PigFnArgs): PigExpr {
  const sep = a.literal<string>(1)!;
  const n = a.literal<number>(2)!;
  const s = a.value(0);
  if (n < 1) return nullOf('chararray');
  // An empty separator does not split: the whole string is part 1.
  if (sep === '') return n === 1 ? s : nullOf('chararray');
  const q = javaRegexLiteral(sep);
  const skip = n === 1 ? '' : `(?:.*?${q}){${n - 1}}`;
  return call('REGEX_EXTRACT', s, str(`(?s)\\A${skip}(.*?)(?=${q}|\\z)`), int(1));
}

/** REGEX_EXTRACT finds the first match as the plan does; a group the pattern lacks is refused here. */
export function regexExtract(a: PigFnArgs): PigExpr {
  const pattern = a.literal<string>(1)!;
  const group = a.literal<number>(2)!;
  const groups = captureGroups(pattern).length;
  if (!Number.isInteger(group) || group < 0 || group > groups) {
    a.invalid(`regexExtract: group ${group} does not exist (the pattern has ${groups} group${groups === 1 ? '' : 's'})`);
  }
  return call('REGEX_EXTRACT', a.value(0), str(pattern), int(group));
}

/**
 * The whole string matches: REGEX_EXTRACT (java.util.regex, as regexExtract) of the anchored pattern, rather
 * than Pig's MATCHES, which runs some patterns through dk.brics automata with their own meaning of `.`.
 * A null string gives null.
 */
export function matches(a: PigFnArgs): PigExpr {
  const s = a.value(0);
  const found = call('REGEX_EXTRACT', s, str(`\\A(?:${a.literal<string>(1)!})\\z`), int(0));
  return bincond(isNull(s), nullOf('boolean'), bincond(isNotNull(found), TRUE, FALSE));
}
