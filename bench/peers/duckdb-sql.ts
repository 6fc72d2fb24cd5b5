// DuckDB SQL for the three jobs over a raw access log, in two formulations: every field from one
// regexp_extract, or a regexp_matches check then split_part/strpos (the regex kept only for lines with
// backslash escapes, where splitting on quotes would be wrong). Both mean what plan/formats.ts means.
import { LOG_LINE_PATTERNS, REQUEST_LINE_REGEX } from '../../plan/index.ts';
import { toRe2 } from './peer-regex.ts';

export type DuckFormulation = 'regex' | 'split';

const str = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * A quoted field, `(?:[^"\\]|\\.)*`, unrolled to `[^"\\]*(?:\\.[^"\\]*)*`: the same strings, but RE2 extracts
 * groups about twice as fast from it (measured here).
 */
function unrollQuoted(re2: string): string {
  const dot = String.raw`[^\n\r\x{85}\x{2028}\x{2029}]`;
  const alternation = String.raw`(?:[^"\\]|\\${dot})*`;
  if (!re2.includes(alternation)) throw new Error(`the combined log regex has no quoted field of the expected form: ${re2}`);
  return re2.replaceAll(alternation, String.raw`[^"\\]*(?:\\${dot}[^"\\]*)*`);
}

const LINE_RE = str(unrollQuoted(toRe2(LOG_LINE_PATTERNS.combined.regex)));
const REQUEST_RE = str(toRe2(REQUEST_LINE_REGEX));
const GROUPS = `['host', 'ident', 'user', 'time', 'request', 'status', 'bytes', 'referer', 'agent']`;
/** The shape plan/formats.ts accepts for a CLF time; strptime alone is lenient (any case, offsets past 18h). */
const TIME_RE = str(String.raw`^\d{2}/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:([01]\d|2[0-3]):[0-5]\d:[0-5]\d [+-]\d{2}[0-5]\d$`);

/** Every line of the file as one VARCHAR column (no quoting, a delimiter that never occurs). */
const rawLines = (path: string): string =>
  `SELECT line FROM read_csv(${str(path)}, columns = {'line': 'VARCHAR'}, header = false, delim = E'\\x01', quote = '', escape = '', auto_detect = false, strict_mode = false)`;

function fields(f: DuckFormulation): string {
  if (f === 'regex') return `SELECT regexp_extract(line, ${LINE_RE}, ${GROUPS}) AS g FROM raw`;
  // Split on quotes when the line has exactly six and no backslash (q[1] = 'host ident user [time] ',
  // q[3] = ' status bytes '); the time is the text between the '[' after the user and the final '] '.
  const skip = `(length(p[1]) + length(p[2]) + length(p[3]))`;
  return `SELECT CASE WHEN len(q) = 7 AND NOT contains(line, '\\') THEN
      {'host': p[1], 'ident': p[2], 'user': p[3], 'time': substr(q[1], ${skip} + 5, length(q[1]) - ${skip} - 6),
       'request': q[2], 'status': n[2], 'bytes': n[3], 'referer': q[4], 'agent': q[6]}
      ELSE regexp_extract(line, ${LINE_RE}, ${GROUPS}) END AS g
    FROM (SELECT line, q, string_split(q[1], ' ') AS p, string_split(q[3], ' ') AS n
      FROM (SELECT line, string_split(line, '"') AS q FROM raw WHERE regexp_matches(line, ${LINE_RE})))`;
}

/** Parsed, converted rows that are not rejected (a matched line has a non-empty host). */
function goodRows(path: string, f: DuckFormulation): string {
  return `WITH raw AS (${rawLines(path)}),
  m AS (${fields(f)}),
  conv AS (
    SELECT g.host, nullif(g.ident, '-') AS ident, nullif(g.user, '-') AS "user", g.request, CAST(g.status AS INTEGER) AS status,
      nullif(g.referer, '-') AS referer, nullif(g.agent, '-') AS agent,
      CASE WHEN regexp_matches(g.time, ${TIME_RE})
        AND try_cast(substr(g.time, 23, 2) AS INTEGER) * 60 + try_cast(substr(g.time, 25, 2) AS INTEGER) <= 1080
        THEN try_strptime(g.time, '%d/%b/%Y:%H:%M:%S %z') END AS ts,
      CASE WHEN g.bytes = '-' THEN NULL ELSE try_cast(g.bytes AS BIGINT) END AS bytes,
      g.bytes <> '-' AND try_cast(g.bytes AS BIGINT) IS NULL AS bad_bytes
    FROM m WHERE g.host <> ''
  ),
  good AS (
    SELECT *, regexp_extract(request, ${REQUEST_RE}, ['method', 'path', 'protocol']) AS r
    FROM conv WHERE ts IS NOT NULL AND NOT bad_bytes
  )`;
}

export function requestsCopySql(path: string, f: DuckFormulation, out: string): string {
  return `COPY (${goodRows(path, f)}
    SELECT host, ident, "user", strftime(ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS time,
      CASE WHEN r.method = '' THEN NULL ELSE r.method END AS method,
      CASE WHEN r.method = '' THEN nullif(request, '-') ELSE r.path END AS path,
      nullif(r.protocol, '') AS protocol, status, bytes, referer, agent
    FROM good) TO ${str(out)} (HEADER, DELIMITER ',')`;
}

/** hour as epoch ms, requests, bytes, errors, error_rate. */
export function trafficSql(path: string, f: DuckFormulation): string {
  return `${goodRows(path, f)}
    SELECT epoch_ms(date_trunc('hour', ts)) AS hour, count(*) AS requests, sum(bytes) AS bytes,
      sum(CASE WHEN status >= 500 THEN 1 ELSE 0 END) AS errors,
      sum(CASE WHEN status >= 500 THEN 1 ELSE 0 END) / count(*) AS error_rate
    FROM good GROUP BY 1 ORDER BY 1`;
}

export function topPagesSql(path: string, f: DuckFormulation): string {
  return `${goodRows(path, f)}
    SELECT CASE WHEN r.method = '' THEN nullif(request, '-') ELSE r.path END AS path, count(*) AS hits, sum(bytes) AS bytes
    FROM good WHERE status BETWEEN 200 AND 299
    GROUP BY 1 ORDER BY hits DESC, path ASC NULLS FIRST LIMIT 10`;
}
