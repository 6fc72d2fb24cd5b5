// The formatTime/parseTime pattern subset shared by every engine: yyyy MM dd HH mm ss SSS, text in single
// quotes ('' is a quote), any other non-letter as itself. Parsing is strict: fixed widths, whole text.
import { TIME_FIELDS, timePatternTokens, type TimeToken } from '../../plan/time-pattern.ts';
import { civilFromDays, daysFromCivil, daysInMonth, floorDiv, MS_PER_DAY, MS_PER_HOUR, pad } from './civil-time.ts';

/** Tokens of a pattern, or a message saying what is wrong with it (the plan defines the language). */
export type PatternToken = TimeToken;
export const compileTimePattern = timePatternTokens;

const parts = new Int32Array(3);

/** Formats epoch ms in UTC. */
export function formatWithPattern(tokens: readonly PatternToken[], ms: number): string {
  const days = floorDiv(ms, MS_PER_DAY);
  const t = ms - days * MS_PER_DAY;
  civilFromDays(days, parts);
  let out = '';
  for (const tok of tokens) {
    if ('text' in tok) {
      out += tok.text;
      continue;
    }
    switch (tok.field) {
      case 'yyyy': out += parts[0] >= 0 ? pad(parts[0], 4) : `-${pad(-parts[0], 4)}`; break;
      case 'MM': out += pad(parts[1], 2); break;
      case 'dd': out += pad(parts[2], 2); break;
      case 'HH': out += pad(Math.floor(t / MS_PER_HOUR), 2); break;
      case 'mm': out += pad(Math.floor((t % MS_PER_HOUR) / 60_000), 2); break;
      case 'ss': out += pad(Math.floor((t % 60_000) / 1000), 2); break;
      case 'SSS': out += pad(t % 1000, 3); break;
    }
  }
  return out;
}

/** Epoch ms of text that matches the pattern exactly (UTC; absent fields 1970-01-01 00:00:00.000), or null. */
export function parseWithPattern(tokens: readonly PatternToken[], s: string): number | null {
  const v = { yyyy: 1970, MM: 1, dd: 1, HH: 0, mm: 0, ss: 0, SSS: 0 };
  let at = 0;
  for (const tok of tokens) {
    if ('text' in tok) {
      if (!s.startsWith(tok.text, at)) return null;
      at += tok.text.length;
      continue;
    }
    const width = TIME_FIELDS[tok.field];
    let n = 0;
    for (let k = 0; k < width; k++) {
      const c = s.charCodeAt(at + k);
      if (!(c >= 48 && c <= 57)) return null;
      n = n * 10 + (c - 48);
    }
    v[tok.field] = n;
    at += width;
  }
  if (at !== s.length) return null;
  if (v.MM < 1 || v.MM > 12 || v.dd < 1 || v.dd > daysInMonth(v.yyyy, v.MM) || v.HH > 23 || v.mm > 59 || v.ss > 59) return null;
  return daysFromCivil(v.yyyy, v.MM, v.dd) * MS_PER_DAY + v.HH * MS_PER_HOUR + v.mm * 60_000 + v.ss * 1000 + v.SSS;
}
