// UTC calendar arithmetic on epoch days and milliseconds, without Date objects (proleptic Gregorian,
// H. Hinnant's civil-from-days algorithms), plus the ISO text forms used in outputs and casts.

export const MS_PER_DAY = 86_400_000;
export const MS_PER_HOUR = 3_600_000;

export const floorDiv = (a: number, b: number): number => Math.floor(a / b);
export const floorMod = (a: number, b: number): number => a - Math.floor(a / b) * b;

/** Days since 1970-01-01 of a civil date (month 1-12). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Writes [year, month, day] of an epoch day into `out` (reused to avoid an allocation per row). */
export function civilFromDays(days: number, out: Int32Array): Int32Array {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = d;
  return out;
}

/** Exact floor division of an integral double by a positive integer (no rounding of a / b). */
export const exactFloorDiv = (a: number, b: number): number => (a - (((a % b) + b) % b)) / b;

/** ISO day of the week of an epoch day: Monday 1 to Sunday 7 (1970-01-01 was a Thursday). */
export const isoDayOfWeek = (days: number): number => floorMod(days + 3, 7) + 1;

/** Day of the year (1-366) of an epoch day. */
export function dayOfYear(days: number, out: Int32Array): number {
  const y = civilFromDays(days, out)[0];
  return days - daysFromCivil(y, 1, 1) + 1;
}

/** ISO 8601 week (1-53) of an epoch day: the week's Thursday decides its year, whose week 1 holds January 4. */
export function isoWeekOfYear(days: number, out: Int32Array): number {
  const thursday = days - isoDayOfWeek(days) + 4;
  return Math.floor((dayOfYear(thursday, out) - 1) / 7) + 1;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export const pad = (v: number, width: number): string => String(v).padStart(width, '0');

const ymd = new Int32Array(3);

/** `2015-05-17` */
export function formatIsoDate(days: number): string {
  civilFromDays(days, ymd);
  if (ymd[0] < 0 || ymd[0] > 9999) return new Date(days * MS_PER_DAY).toISOString().slice(0, -14);
  return `${pad(ymd[0], 4)}-${pad(ymd[1], 2)}-${pad(ymd[2], 2)}`;
}

/** `2015-05-17T10:05:03.000Z` */
export function formatIsoTimestamp(ms: number): string {
  const days = floorDiv(ms, MS_PER_DAY);
  const t = ms - days * MS_PER_DAY;
  civilFromDays(days, ymd);
  if (ymd[0] < 0 || ymd[0] > 9999) return new Date(ms).toISOString();
  const h = Math.floor(t / MS_PER_HOUR);
  const mi = Math.floor((t % MS_PER_HOUR) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  return `${pad(ymd[0], 4)}-${pad(ymd[1], 2)}-${pad(ymd[2], 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(t % 1000, 3)}Z`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?)?(Z)?$/;

/** Epoch days of `yyyy-MM-dd`, or null. */
export function parseIsoDate(s: string): number | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return daysFromCivil(y, mo, d);
}

/** Epoch ms of `yyyy-MM-dd[(T| )HH:mm:ss[.fraction]][Z]` read as UTC (fraction truncated to ms), or null. */
export function parseIsoTimestamp(s: string): number | null {
  const m = ISO_TIMESTAMP.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, mi, sec] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) return null;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  return daysFromCivil(y, mo, d) * MS_PER_DAY + h * MS_PER_HOUR + mi * 60_000 + sec * 1000 + ms;
}
