// Fields of a line in the default CSV mode (RFC 4180 within one physical line), walked with the field regex
// the Pig and Spark scripts match whole lines with (plan/csv-line-regex.ts), so that all three split and
// reject alike. A field's end is unique (a quoted one at its first `"` not doubled, an unquoted one at the
// delimiter), so walking field by field accepts exactly the lines the whole-line regex matches.
import { csvFieldRegex } from '../../plan/index.ts';
import { Rejection } from './cell.ts';

export interface LineFields {
  readonly fields: string[];
  /** 0-based indexes of the fields written `""` (empty string, not null). */
  readonly quotedEmpty: readonly number[];
}

const NONE: readonly number[] = Object.freeze([]);
const MALFORMED = new Rejection('bad-csv', 'malformed quoting (a quote inside an unquoted field, text after a closing quote, or a quote not closed on its line)');

/** A splitter of lines for `delimiter`: their fields, or the rejection of a line whose quoting is malformed. */
export function csvLineSplitter(delimiter: string): (line: string) => LineFields | Rejection {
  const field = new RegExp(csvFieldRegex(delimiter), 'y');
  return (line) => {
    // Without a quote every field is unquoted: every delimiter splits.
    if (!line.includes('"')) return { fields: line.split(delimiter), quotedEmpty: NONE };
    const fields: string[] = [];
    let quotedEmpty: number[] | null = null;
    let at = 0;
    for (;;) {
      field.lastIndex = at;
      const m = field.exec(line);
      const raw = m![0]; // the unquoted alternative matches the empty text at least
      at += raw.length;
      if (raw.charCodeAt(0) === 34) {
        if (raw.length === 2) (quotedEmpty ??= []).push(fields.length);
        fields.push(raw.slice(1, -1).replaceAll('""', '"'));
      } else fields.push(raw);
      if (at === line.length) return { fields, quotedEmpty: quotedEmpty ?? NONE };
      if (!line.startsWith(delimiter, at)) return MALFORMED;
      at += delimiter.length;
    }
  };
}
