// The formatTime/parseTime pattern language of the plan (yyyy MM dd HH mm ss SSS, text in single quotes with
// '' for a quote, any other non-letter as itself) as tokens, for compilers that translate it.

export const TIME_FIELDS = { yyyy: 4, MM: 2, dd: 2, HH: 2, mm: 2, ss: 2, SSS: 3 } as const;
export type TimeField = keyof typeof TIME_FIELDS;

export type TimeToken = { readonly field: TimeField } | { readonly text: string };

/** The tokens of a pattern (adjacent text merged), or a message saying what is wrong. */
export function timePatternTokens(pattern: string): TimeToken[] | string {
  const tokens: TimeToken[] = [];
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
        if (j >= pattern.length) return `unterminated quote at position ${i + 1}`;
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
      if (!(run in TIME_FIELDS)) return `'${run}' is not a pattern field (use yyyy, MM, dd, HH, mm, ss, SSS, or quote text)`;
      tokens.push({ field: run as TimeField });
      i = j;
      continue;
    }
    text(c);
    i++;
  }
  return tokens;
}
