// regexExtract, matches and splitPart: their pattern, separator and group number are literals, checked and
// compiled once per call site so a bad pattern is reported at the job line that wrote it.
import { regexDialectProblem } from '../../plan/index.ts';
import { strs } from '../columns/lane.ts';
import { javaRegexSource } from '../readers/java-regex.ts';
import { literalArg, planError, type FnKernelFactory } from './kernel-types.ts';
import { rowwise } from './rowwise.ts';

const regexExtract: FnKernelFactory = (call, site) => {
  const pattern = literalArg<string>(call, 1, site);
  const group = literalArg<number>(call, 2, site);
  let re: RegExp;
  try {
    // Rewritten so that \s, \S and . mean what they mean in Java (the engines' regexes).
    re = new RegExp(javaRegexSource(pattern));
  } catch (e) {
    throw planError(site, `regexExtract: invalid pattern ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  const groups = new RegExp(`${re.source}|`).exec('')!.length - 1;
  if (!Number.isInteger(group) || group < 0 || group > groups) {
    throw planError(site, `regexExtract: group ${group} does not exist (the pattern has ${groups} group${groups === 1 ? '' : 's'})`);
  }
  return (args, n) => {
    const s = strs(args[0]);
    // A group that did not take part in the match is null, as Java's Matcher.group gives.
    return rowwise('string', n, [args[0]], (i) => re.exec(s[i])?.[group] ?? null);
  };
};

/** The whole string must match (Java's Matcher.matches); `$` is refused in the pattern, so `$` here is the end. */
const matches: FnKernelFactory = (call, site) => {
  const pattern = literalArg<string>(call, 1, site);
  const problem = regexDialectProblem(pattern);
  if (problem) throw planError(site, `matches: pattern ${JSON.stringify(pattern)} is refused: ${problem}`);
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${javaRegexSource(pattern)})$`);
  } catch (e) {
    throw planError(site, `matches: invalid pattern ${JSON.stringify(pattern)}: ${(e as Error).message}`);
  }
  return (args, n) => {
    const s = strs(args[0]);
    return rowwise('boolean', n, [args[0]], (i) => (re.test(s[i]) ? 1 : 0));
  };
};

/** Part n (1-based) of s split on a literal separator, empty parts kept; an empty separator does not split. */
export function splitPartOf(s: string, sep: string, n: number): string | null {
  if (n < 1) return null;
  if (sep === '') return n === 1 ? s : null;
  let from = 0;
  for (let k = 1; k < n; k++) {
    const at = s.indexOf(sep, from);
    if (at < 0) return null;
    from = at + sep.length;
  }
  const end = s.indexOf(sep, from);
  return end < 0 ? s.slice(from) : s.slice(from, end);
}

const splitPart: FnKernelFactory = (call, site) => {
  const sep = literalArg<string>(call, 1, site);
  const part = literalArg<number>(call, 2, site);
  return (args, n) => {
    const s = strs(args[0]);
    return rowwise('string', n, [args[0]], (i) => splitPartOf(s[i], sep, part));
  };
};

export const PATTERNS = { regexExtract, matches, splitPart } satisfies Record<string, FnKernelFactory>;
