// Time functions, all in UTC: calendar fields of timestamps (epoch ms) and dates (epoch days), truncation
// to the minute, hour, day, ISO week, month or year, and formatTime/parseTime with the shared pattern subset.
import { doubles, ints, type Lane } from '../columns/lane.ts';
import { civilFromDays, dayOfYear, daysFromCivil, floorDiv, floorMod, isoDayOfWeek, isoWeekOfYear, MS_PER_DAY, MS_PER_HOUR } from './civil-time.ts';
import { literalArg, planError, type FnKernelFactory } from './kernel-types.ts';
import { rowwise } from './rowwise.ts';
import { compileTimePattern, formatWithPattern, parseWithPattern, type PatternToken } from './time-pattern.ts';

/** Epoch day of row i of a timestamp or date lane. */
const dayReader = (l: Lane): ((i: number) => number) => {
  if (l.type === 'date') {
    const d = ints(l);
    return (i) => d[i];
  }
  const ms = doubles(l);
  return (i) => floorDiv(ms[i], MS_PER_DAY);
};

const ymd = new Int32Array(3);
const calendarField = (k: 0 | 1 | 2): FnKernelFactory => () => (args, n) => {
  const day = dayReader(args[0]);
  return rowwise('int', n, args, (i) => civilFromDays(day(i), ymd)[k]);
};

/** An int computed from the epoch day of a timestamp or date. */
const dayField = (f: (days: number) => number): FnKernelFactory => () => (args, n) => {
  const day = dayReader(args[0]);
  return rowwise('int', n, args, (i) => f(day(i)));
};

/** The start of the UTC day that `f` picks from the epoch day of `ms` (a week's Monday, a month's 1st...). */
const truncToDay = (f: (days: number) => number) => (ms: number) => f(floorDiv(ms, MS_PER_DAY)) * MS_PER_DAY;

const onMillis = (type: 'int' | 'timestamp', f: (ms: number) => number): FnKernelFactory => () => (args, n) => {
  const ms = doubles(args[0]);
  return rowwise(type, n, args, (i) => f(ms[i]));
};

function pattern(fn: string, p: string, site: Parameters<FnKernelFactory>[1]): PatternToken[] {
  const tokens = compileTimePattern(p);
  if (typeof tokens === 'string') throw planError(site, `${fn}: ${tokens}`);
  return tokens;
}

export const TIME = {
  year: calendarField(0),
  month: calendarField(1),
  day: calendarField(2),
  hour: onMillis('int', (ms) => Math.floor(floorMod(ms, MS_PER_DAY) / MS_PER_HOUR)),
  minute: onMillis('int', (ms) => Math.floor(floorMod(ms, MS_PER_HOUR) / 60_000)),
  second: onMillis('int', (ms) => Math.floor(floorMod(ms, 60_000) / 1000)),
  dayOfWeek: dayField(isoDayOfWeek),
  dayOfYear: dayField((d) => dayOfYear(d, ymd)),
  weekOfYear: dayField((d) => isoWeekOfYear(d, ymd)),
  truncMinute: onMillis('timestamp', (ms) => ms - floorMod(ms, 60_000)),
  truncHour: onMillis('timestamp', (ms) => ms - floorMod(ms, MS_PER_HOUR)),
  truncDay: onMillis('timestamp', (ms) => ms - floorMod(ms, MS_PER_DAY)),
  truncWeek: onMillis('timestamp', truncToDay((d) => d - isoDayOfWeek(d) + 1)),
  truncMonth: onMillis('timestamp', truncToDay((d) => {
    const [y, m] = civilFromDays(d, ymd);
    return daysFromCivil(y, m, 1);
  })),
  truncYear: onMillis('timestamp', truncToDay((d) => daysFromCivil(civilFromDays(d, ymd)[0], 1, 1))),
  formatTime: (call, site) => {
    const tokens = pattern('formatTime', literalArg<string>(call, 1, site), site);
    return (args, n) => {
      const ms = doubles(args[0]);
      return rowwise('string', n, [args[0]], (i) => formatWithPattern(tokens, ms[i]));
    };
  },
  parseTime: (call, site) => {
    const tokens = pattern('parseTime', literalArg<string>(call, 1, site), site);
    return (args, n) => {
      const s = args[0].values as string[];
      return rowwise('timestamp', n, [args[0]], (i) => parseWithPattern(tokens, s[i]));
    };
  },
} satisfies Record<string, FnKernelFactory>;
