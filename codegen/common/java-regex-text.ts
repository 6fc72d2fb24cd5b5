// Java regex text for literal strings and calendar dates, for compilers whose engine matches with
// java.util.regex (Pig, Spark).

const META = new Set('\\^$.|?*+()[]{}'.split(''));

/** A regex matching exactly `s` (each metacharacter escaped; no `\Q...\E`, which `s` could end early). */
export function javaRegexLiteral(s: string): string {
  let out = '';
  for (const ch of s) out += META.has(ch) ? `\\${ch}` : ch;
  return out;
}

/** A four-digit leap year (divisible by 4 and not by 100, or by 400). */
const LEAP_YEAR = '(?:\\d\\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)';

/** `yyyy-MM-dd` naming a day that exists (proleptic Gregorian, years 0000-9999). */
export const ISO_DATE_REGEX =
  '(?:\\d{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)' +
  `|${LEAP_YEAR}-02-29)`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const alt = (xs: string[]) => `(?:${xs.join('|')})`;

/** `dd/MMM/yyyy` (English month abbreviations as written) naming a day that exists. */
export const CLF_DATE_REGEX =
  `(?:(?:(?:0[1-9]|1\\d|2[0-8])/${alt(MONTHS)}|(?:29|30)/${alt(MONTHS.filter((m) => m !== 'Feb'))}` +
  `|31/${alt(['Jan', 'Mar', 'May', 'Jul', 'Aug', 'Oct', 'Dec'])})/\\d{4}|29/Feb/${LEAP_YEAR})`;

/** `HH:mm:ss` with hours 00-23, minutes and seconds 00-59. */
export const TIME_OF_DAY_REGEX = '(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d';

/** A UTC offset of at most 18 hours, minutes 00-59, as `hh` then `mm` with `sep` between (may be empty). */
export const offsetRegex = (sep: string): string => `(?:(?:0\\d|1[0-7])${sep}[0-5]\\d|18${sep}00)`;
