// Finds where CSV records start and end (RFC 4180: a line break inside a quoted field is data), so that
// each record is parsed on its own: one malformed record is rejected without disturbing the next, and each
// keeps the physical line it starts on. It also notes which fields are a quoted empty string (`""`), the
// one thing csv-parse reports only through its slow per-field cast context.
//
// A quote opens a quoted field only at the start of a field; inside one, `""` is a quote and any other `"`
// closes it. LF ends a record outside quotes (CRLF too: the CR is dropped); a lone CR is data, as for
// csv-parse with record delimiters CRLF and LF. Line numbers count LFs.

export interface CsvRecord {
  /** The record's text without its line break. */
  readonly text: string;
  /** 1-based physical line where the record starts. */
  readonly line: number;
  /** 0-based indexes of the fields written `""` (empty string, not null). */
  readonly quotedEmpty: readonly number[];
}

/** Scanner states. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const QUOTE_IN_QUOTED = 3; // a quote inside a quoted field: `""` or the end of the field
const CR_AFTER_QUOTE = 4; // a CR after a closing quote: the field ends if a LF follows

const LF = 10;
const CR = 13;
const QUOTE = 34;
const NONE: readonly number[] = Object.freeze([]);

export class CsvRecordSplitter {
  private state = FIELD_START;
  private pending = ''; // text of the current record from earlier chunks
  private held = ''; // a possible delimiter cut by the chunk end, scanned with the next chunk
  private line = 1; // physical line at the scan position
  private startLine = 1;
  private field = 0; // index of the field being scanned
  private quotedContent = false; // the current quoted field has content
  private quotedEmpty: number[] = [];
  private readonly d0: number;

  constructor(private readonly delimiter: string) {
    this.d0 = delimiter.charCodeAt(0);
  }

  /** The records this text completes (blank lines are skipped). */
  push(chunk: string): CsvRecord[] {
    return this.scan(this.held + chunk, false);
  }

  /** The last record, when the input does not end with a line break. */
  end(): CsvRecord[] {
    return this.scan(this.held, true);
  }

  private scan(text: string, final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const dl = this.delimiter.length;
    let recStart = 0;
    let i = 0;
    this.held = '';
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.state === QUOTED) {
        if (c === QUOTE) this.state = QUOTE_IN_QUOTED;
        else this.quotedContent = true;
        if (c === LF) this.line++;
        continue;
      }
      if (this.state === QUOTE_IN_QUOTED && (c === QUOTE || c === CR)) {
        this.state = c === QUOTE ? QUOTED : CR_AFTER_QUOTE;
        this.quotedContent ||= c === QUOTE;
        continue;
      }
      if (c === LF) {
        this.endField();
        this.emit(out, this.pending + text.slice(recStart, i), true);
        this.pending = '';
        recStart = i + 1;
        this.line++;
        this.startLine = this.line;
        continue;
      }
      if (this.state === FIELD_START && c === QUOTE) {
        this.state = QUOTED;
        this.quotedContent = false;
        continue;
      }
      if (c === this.d0) {
        if (dl > 1 && i + dl > text.length && !final) break; // decide once the rest of it has arrived
        if (dl === 1 || text.startsWith(this.delimiter, i)) {
          this.endField();
          this.field++;
          this.state = FIELD_START;
          i += dl - 1;
          continue;
        }
      }
      this.state = UNQUOTED;
    }
    this.held = text.slice(i);
    this.pending += text.slice(recStart, i);
    if (final && this.pending.length > 0) {
      this.endField();
      this.emit(out, this.pending, false);
      this.pending = '';
    }
    return out;
  }

  private endField(): void {
    if ((this.state === QUOTE_IN_QUOTED || this.state === CR_AFTER_QUOTE) && !this.quotedContent) this.quotedEmpty.push(this.field);
  }

  /** `atLf`: the record ends at a LF, whose CRLF's CR is dropped (a CR ending the file is data). */
  private emit(out: CsvRecord[], raw: string, atLf: boolean): void {
    const text = atLf && raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.length > 0) out.push({ text, line: this.startLine, quotedEmpty: this.quotedEmpty.length ? this.quotedEmpty : NONE });
    this.state = FIELD_START;
    this.field = 0;
    this.quotedEmpty = [];
  }
}
