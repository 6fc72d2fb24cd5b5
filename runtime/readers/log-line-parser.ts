// Parses one log line into a full-schema row with the format's LogLinePattern (plan/formats.ts): the regex
// (with Java's meaning), each group's conversion, and the request-line split. Only the projected columns
// are converted; the others are still checked, so which lines are rejected never depends on the projection.
import { JobError, LOG_LINE_PATTERNS, LOG_SCHEMAS, schemaIndex, type LogFormat, type RequestSplit } from '../../plan/index.ts';
import { Rejection, type Cell } from './cell.ts';
import { javaRegex } from './java-regex.ts';
import { LOG_CHECKS, LOG_CONVERTERS, type LogCheck, type LogConverter } from './log-field-conversions.ts';

export interface LogLineParser {
  /** Number of columns of the format's schema (the length of `row`). */
  readonly width: number;
  /** Fills the projected cells of `row` (schema order) from the line, or returns why the line is rejected. */
  parse(line: string, row: Cell[]): Rejection | null;
}

const NO_MATCH = new Rejection('no-match', undefined);

/** A group's conversion when its column is read (`convert`), else its check (`check`). */
interface Step {
  readonly group: number;
  readonly column: string;
  readonly index: number;
  readonly convert: LogConverter | null;
  readonly check: LogCheck | null;
}

/** `columns`: the projection (undefined keeps every column); cells of other columns are left as they are. */
export function logLineParser(format: LogFormat, columns?: readonly string[]): LogLineParser {
  const pattern = LOG_LINE_PATTERNS[format];
  const schema = LOG_SCHEMAS[format];
  const regex = javaRegex(pattern.regex);
  const steps: Step[] = [];
  let requestGroup = -1;
  const kept = (column: string): boolean => columns === undefined || columns.includes(column);
  pattern.groups.forEach((g, i) => {
    if (g === null) return;
    if (g.column === 'request' && pattern.request) requestGroup = i + 1;
    else if (kept(g.column)) steps.push({ group: i + 1, column: g.column, index: columnIndex(format, g.column), convert: LOG_CONVERTERS[g.conv], check: null });
    else if (LOG_CHECKS[g.conv] !== null) {
      steps.push({ group: i + 1, column: g.column, index: columnIndex(format, g.column), convert: null, check: LOG_CHECKS[g.conv] });
    }
  });
  // The request split never rejects: it is skipped when the plan reads none of its columns.
  const split = pattern.request && pattern.request.columns.some(kept) ? requestSplitter(format, pattern.request) : null;
  return {
    width: schema.length,
    parse(line, row) {
      const m = regex.exec(line);
      if (m === null) return NO_MATCH;
      // Groups convert in order, so the first bad field names the reason, as on every engine.
      for (const s of steps) {
        if (s.convert === null) {
          const r = s.check!(m[s.group], s.column);
          if (r !== null) return r;
        } else {
          const v = s.convert(m[s.group], s.column);
          if (v instanceof Rejection) return v;
          row[s.index] = v;
        }
      }
      if (split) split(m[requestGroup], row);
      return null;
    },
  };
}

function columnIndex(format: LogFormat, column: string): number {
  const i = schemaIndex(LOG_SCHEMAS[format], column);
  if (i < 0) throw new JobError('plan', `log format ${format}: pattern column '${column}' is not in its schema`);
  return i;
}

/** Fills method, path and protocol from the request text (see RequestSplit). */
function requestSplitter(format: LogFormat, spec: RequestSplit): (request: string | undefined, row: Cell[]) => void {
  const regex = javaRegex(spec.regex);
  const [mi, pi, qi] = spec.columns.map((c) => columnIndex(format, c));
  const part = (s: string | undefined): string | null => (s === undefined || (spec.conv === 'dash-null' && s === '-') ? null : s);
  return (request, row) => {
    const m = request === undefined ? null : regex.exec(request);
    if (m) {
      row[mi] = part(m[1]);
      row[pi] = part(m[2]);
      row[qi] = part(m[3]);
    } else {
      row[mi] = null;
      row[pi] = request === undefined || request === '-' ? null : request;
      row[qi] = null;
    }
  };
}
