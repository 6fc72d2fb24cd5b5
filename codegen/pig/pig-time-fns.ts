// Time functions in UTC. Every datetime the script makes is in UTC, so Pig's Get*/ToString read UTC fields;
// truncation is arithmetic on epoch milliseconds, and parsing is guarded so that Joda never sees text it
// would throw on (Pig has no try): the plan's parseTime is strict and gives null instead.
import { and, bincond, binop, call, cast, int, long, matches, nullOf, or, str, type PigExpr } from './pig-ast.ts';
import type { PigFnArgs } from './pig-fn-args.ts';
import { timePatternTokens, TIME_FIELDS, type TimeField, type TimeToken } from '../../plan/time-pattern.ts';
import { javaRegexLiteral } from '../common/java-regex-text.ts';

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** The start of the UTC hour or day: ms - floorMod(ms, unit), so instants before 1970 round down too. */
export function truncTo(t: PigExpr, unit: number): PigExpr {
  const ms = call('ToMilliSeconds', t);
  const u = long(unit);
  const floorMod = binop('%', binop('+', binop('%', ms, u), u), u);
  return call('ToDate', binop('-', ms, floorMod));
}

function tokens(a: PigFnArgs, fn: string): TimeToken[] {
  const t = timePatternTokens(a.literal<string>(1)!);
  if (typeof t === 'string') a.invalid(`${fn}: ${t}`);
  return t;
}

/** The Joda-Time pattern of the plan's tokens: the same field letters, all text quoted. */
export function jodaPattern(toks: readonly TimeToken[]): string {
  return toks.map((t) => ('field' in t ? t.field : `'${t.text.replace(/'/g, "''")}'`)).join('');
}

export const formatTime = (a: PigFnArgs): PigExpr => call('ToString', a.value(0), str(jodaPattern(tokens(a, 'formatTime'))));

const FIELD_REGEX: { readonly [F in TimeField]: string } = {
  yyyy: '\\d{4}',
  MM: '(?:0[1-9]|1[0-2])',
  dd: '(?:0[1-9]|[12]\\d|3[01])',
  HH: '(?:[01]\\d|2[0-3])',
  mm: '[0-5]\\d',
  ss: '[0-5]\\d',
  SSS: '\\d{3}',
};

/** Days in month m of year y, as a Pig int expression. */
function daysInMonth(y: PigExpr, m: PigExpr): PigExpr {
  const leap = and(binop('==', binop('%', y, int(4)), int(0)), or(binop('!=', binop('%', y, int(100)), int(0)), binop('==', binop('%', y, int(400)), int(0))));
  const thirty = or(...[4, 6, 9, 11].map((k) => binop('==', m, int(k))));
  return bincond(binop('==', m, int(2)), bincond(leap, int(29), int(28)), bincond(thirty, int(30), int(31)));
}

/**
 * Strict parse: the text must match the pattern's fixed-width shape with fields in range (a regex), and
 * its day must exist in its month (checked on the digits at their fixed offsets); only then ToDate.
 */
export function parseTime(a: PigFnArgs): PigExpr {
  const toks = tokens(a, 'parseTime');
  const s = a.value(0);
  const offsets = new Map<TimeField, number>();
  let at = 0;
  for (const t of toks) {
    if ('field' in t) {
      offsets.set(t.field, at);
      at += TIME_FIELDS[t.field];
    } else at += t.text.length;
  }
  // A repeated field keeps its last value (as the runtime's parser does): only that one is range-checked.
  at = 0;
  let regex = '';
  for (const t of toks) {
    if ('field' in t) {
      regex += offsets.get(t.field) === at ? FIELD_REGEX[t.field] : `\\d{${TIME_FIELDS[t.field]}}`;
      at += TIME_FIELDS[t.field];
    } else {
      regex += javaRegexLiteral(t.text);
      at += t.text.length;
    }
  }
  const digits = (f: TimeField): PigExpr => {
    const o = offsets.get(f)!;
    return cast('int', call('SUBSTRING', s, int(o), int(o + TIME_FIELDS[f])));
  };
  const shape = matches(s, regex);
  const ok = offsets.has('dd') && offsets.has('MM')
    ? and(shape, binop('<=', digits('dd'), daysInMonth(offsets.has('yyyy') ? digits('yyyy') : int(1970), digits('MM'))))
    : shape;
  // Joda-Time takes a missing year as 2000; the plan's default is 1970 (docs/semantics.md), so a pattern
  // without a year parses the text behind a fixed one (`|` unquoted: `' ''…'` would read as a quote).
  const parsed = offsets.has('yyyy')
    ? call('ToDate', s, str(jodaPattern(toks)))
    : call('ToDate', call('CONCAT', str('1970|'), s), str(`yyyy|${jodaPattern(toks)}`));
  return bincond(ok, parsed, nullOf('datetime'));
}
