// Strict parsers for the time texts readers accept; each returns UTC epoch milliseconds (or days), or null
// when the text is not exactly of its form or names a date or time that does not exist.
import { daysFromCivil, daysInMonth, MS_PER_DAY } from '../expr/civil-time.ts';

const MONTHS: Record<string, number> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function instant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | null {
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) {
    return null;
  }
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

/** Milliseconds of a 1-9 digit fraction, truncated (not rounded). */
function fractionMs(frac: string): number {
  return Number((frac + '00').slice(0, 3));
}

/** The UTC ms of 00:00:00 local time of a CLF text's day at its offset, or null for no such day or offset. */
function clfDayStart(t: string): number | null {
  const month = MONTHS[t.slice(3, 6)];
  const sign = t[21] === '+' ? 1 : t[21] === '-' ? -1 : 0;
  const oh = digits(t, 22, 2);
  const om = digits(t, 24, 2);
  if (!month || !sign || oh < 0 || om < 0 || om > 59 || oh * 60 + om > 18 * 60) return null;
  const local = instant(digits(t, 7, 4), month, digits(t, 0, 2), 0, 0, 0, 0);
  return local === null ? null : local - sign * (oh * 60 + om) * 60_000;
}

/** Consecutive log lines nearly always share their day and offset: the last valid ones are kept. */
let cachedClf = '';
let cachedDayStart = 0;

/** Whether `t` has the same `dd/MMM/yyyy` (0-10) and `±hhmm` (21-25) as the cached text. */
function sameClfDay(t: string): boolean {
  const c = cachedClf;
  if (c === '') return false;
  for (let k = 0; k < 11; k++) if (t.charCodeAt(k) !== c.charCodeAt(k)) return false;
  for (let k = 21; k < 26; k++) if (t.charCodeAt(k) !== c.charCodeAt(k)) return false;
  return true;
}

/** `dd/MMM/yyyy:HH:mm:ss ±hhmm`, e.g. `17/May/2015:10:05:03 +0000`; the offset is at most ±18:00. */
export function parseClfTime(t: string): number | null {
  if (t.length !== 26 || t[2] !== '/' || t[6] !== '/' || t[11] !== ':' || t[14] !== ':' || t[17] !== ':' || t[20] !== ' ') return null;
  const h = digits(t, 12, 2);
  const mi = digits(t, 15, 2);
  const s = digits(t, 18, 2);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return null;
  let day: number | null;
  if (sameClfDay(t)) day = cachedDayStart;
  else {
    day = clfDayStart(t);
    if (day === null) return null;
    cachedClf = t;
    cachedDayStart = day;
  }
  return day + ((h * 60 + mi) * 60 + s) * 1000;
}

const ISO_LOG = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** `yyyy-MM-ddTHH:mm:ss[.fraction]Z` as AWS load balancers write it; the fraction is truncated to ms. */
export function parseIsoLogTime(t: string): number | null {
  const m = ISO_LOG.exec(t);
  if (!m) return null;
  return instant(+m[1], +m[2], +m[3], +m[4], +m[5], +m[6], m[7] ? fractionMs(m[7]) : 0);
}

const ISO_ANY = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * An ISO-8601 timestamp as data files hold them: `yyyy-MM-dd`, optionally followed by `T` or a space,
 * `HH:mm[:ss[.fraction]]` and a zone (`Z`, `±hh`, `±hhmm`, `±hh:mm`); no zone means UTC.
 */
export function parseIsoTimestamp(t: string): number | null {
  const m = ISO_ANY.exec(t);
  if (!m) return null;
  const local = instant(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, m[7] ? fractionMs(m[7]) : 0);
  if (local === null) return null;
  const zone = m[8];
  if (!zone || zone === 'Z') return local;
  const oh = +zone.slice(1, 3);
  const om = zone.length > 3 ? +zone.slice(-2) : 0;
  if (om > 59 || oh * 60 + om > 18 * 60) return null;
  return local - (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
}

/** `yyyy-MM-dd` as days since 1970-01-01. */
export function parseIsoDate(t: string): number | null {
  if (t.length !== 10 || t[4] !== '-' || t[7] !== '-') return null;
  const ms = instant(digits(t, 0, 4), digits(t, 5, 2), digits(t, 8, 2), 0, 0, 0, 0);
  return ms === null ? null : ms / MS_PER_DAY;
}
