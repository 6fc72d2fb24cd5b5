// Strict `dd/MMM/yyyy:HH:mm:ss ±hhmm` -> UTC epoch ms, as docs/semantics.md defines it (a day that exists,
// English month abbreviations as written, seconds 00-59, offset at most ±18:00); null otherwise.

export const MONTH_NUMBER: Readonly<Record<string, number>> = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
};

/** Days from 1970-01-01 to a proleptic Gregorian date. */
export function epochDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

export function monthDays(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** UTC ms of a validated civil time and offset; NaN when a field is out of range. */
export function clfInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, offsetMin: number): number {
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= monthDays(y, mo) && h <= 23 && mi <= 59 && s <= 59 && Math.abs(offsetMin) <= 1080)) return NaN;
  return ((epochDay(y, mo, d) * 24 + h) * 60 + mi - offsetMin) * 60_000 + s * 1000;
}

const CLF = /^(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$/;

export function parseClfTime(text: string): number | null {
  const m = CLF.exec(text);
  if (!m) return null;
  const mo = MONTH_NUMBER[m[2]];
  if (mo === undefined || +m[9] > 59) return null;
  const offset = (m[7] === '-' ? -1 : 1) * (+m[8] * 60 + +m[9]);
  const ms = clfInstant(+m[3], mo, +m[1], +m[4], +m[5], +m[6], offset);
  return Number.isNaN(ms) ? null : ms;
}
