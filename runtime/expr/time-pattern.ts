// The formatTime/parseTime pattern subset shared by every engine: yyyy MM dd HH mm ss SSS, text in single
// quotes ('' is a quote), any other non-letter as itself. Parsing is strict: fixed widths, whole text.
import { civilFromDays, daysFromCivil, daysInMonth, floorDiv, MS_PER_DAY, MS_PER_HOUR, pad } from './civil-time.ts';

const FIELDS = { yyyy: 4, MM: 2, dd: 2, HH: 2, mm: 2, ss: 2, SSS: 3 } as const;
type FieldName = keyof typeof FIELDS;

export type PatternToken = { readonly field: FieldName } | { readonly text: string };

/** Tokens of a pattern, or a message saying what is wrong with it. */
export function compileTimePattern(pattern: string): PatternToken[] | string {
  const tokens: PatternToken[] = [];
  const text = (t: string) => {
    const last = tokens[tokens.length - 1];
    if (last && 'text' in last) tokens[tokens.length - 1] = { text: last.text + t };
    else tokens.push({ text: t });
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        text("'");
        i += 2;
        continue;
      }
      let j = i + 1;
      let quoted = '';
      for (;;) {
        if (j >= pattern.length) return `unterminated quote at position ${i + 1} of '${pattern}'`;
        if (pattern[j] === "'" && pattern[j + 1] === "'") {
          quoted += "'";
          j += 2;
        } else if (pattern[j] === "'") break;
        else quoted += pattern[j++];
      }
      text(quoted);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      const run = pattern.slice(i, j);
      if (!(run in FIELDS)) return `'${run}' is not supported (use yyyy, MM, dd, HH, mm, ss, SSS or quote the text)`;
      tokens.push({ field: run as FieldName });
      i = j;
      continue;
    }
    text(c);
    i++;
  }
  return tokens;
}

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
    const width = FIELDS[tok.field];
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
