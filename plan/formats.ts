// Source formats and the fixed schemas of the log formats. The runtime's readers and each target's
// loader implement these; the DSL types mirror them (dsl/log-rows.ts).
import { field, type ColumnType, type Schema } from './types.ts';

export type LogFormat = 'common' | 'combined' | 'elb' | 'alb' | 's3access';

export type SourceFormat =
  | { readonly kind: LogFormat }
  | { readonly kind: 'csv'; readonly header: boolean; readonly delimiter: string }
  | { readonly kind: 'jsonl' };

const f = (spec: string): Schema =>
  Object.freeze(
    spec
      .trim()
      .split(/\s+/)
      .map((s) => {
        const [name, type = 'string'] = s.split(':');
        return field(name, type as ColumnType, true);
      }),
  );

/**
 * Apache/NGINX Common Log Format. `-` in ident, user and bytes is null; a request line that is not
 * `METHOD PATH PROTOCOL` leaves method and protocol null and puts the whole line in path.
 */
const COMMON = 'host ident user time:timestamp method path protocol status:int bytes:long';

export const LOG_SCHEMAS: Record<LogFormat, Schema> = {
  common: f(COMMON),
  combined: f(`${COMMON} referer agent`),
  elb: f(`time:timestamp elb client_ip client_port:int backend_ip backend_port:int
    request_processing_time:double backend_processing_time:double response_processing_time:double
    elb_status_code:int backend_status_code:int received_bytes:long sent_bytes:long
    method url protocol user_agent ssl_cipher ssl_protocol`),
  alb: f(`type time:timestamp elb client_ip client_port:int target_ip target_port:int
    request_processing_time:double target_processing_time:double response_processing_time:double
    elb_status_code:int target_status_code:int received_bytes:long sent_bytes:long
    method url protocol user_agent ssl_cipher ssl_protocol target_group_arn trace_id domain_name
    chosen_cert_arn matched_rule_priority request_creation_time:timestamp actions_executed redirect_url
    error_reason target_port_list target_status_code_list classification classification_reason`),
  s3access: f(`bucket_owner bucket time:timestamp remote_ip requester request_id operation key request_uri
    http_status:int error_code bytes_sent:long object_size:long total_time:long turn_around_time:long
    referer user_agent version_id host_id signature_version cipher_suite authentication_type host_header
    tls_version access_point_arn acl_required`),
};

export const LOG_FORMATS = Object.keys(LOG_SCHEMAS) as LogFormat[];

export function isLogFormat(kind: string): kind is LogFormat {
  return kind in LOG_SCHEMAS;
}

/**
 * How a field captured from a log line becomes a column value. Every engine implements the same rules:
 * - `text`: as captured;  `dash-null`: `-` is null, else as captured;
 * - `int` / `long` / `double`: decimal number, `-` is null; anything else rejects the line (reason `bad-number`);
 * - `clf-time`: `dd/MMM/yyyy:HH:mm:ss ±hhmm` (English month abbreviations), converted to UTC; else `bad-time`;
 * - `iso-time`: `yyyy-MM-ddTHH:mm:ss[.fraction]Z`, `-` is null; else `bad-time`.
 */
export type FieldConversion = 'text' | 'dash-null' | 'int' | 'long' | 'double' | 'clf-time' | 'iso-time';

export interface LogLinePattern {
  /** A regex in the syntax common to Java and JavaScript, matched against the whole line. */
  readonly regex: string;
  /** Column fed by each capture group (1-based group = index + 1); `null` marks a group that is not a column. */
  readonly groups: readonly ({ readonly column: string; readonly conv: FieldConversion } | null)[];
}

/** A quoted log field: any characters but `"`, or a backslash escape. The text is kept as logged (escapes included). */
const Q = '"((?:[^"\\\\]|\\\\.)*)"';
const CLF = `^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] ${Q} (\\d{3}) (\\d+|-)`;
const clfGroups = [
  { column: 'host', conv: 'text' },
  { column: 'ident', conv: 'dash-null' },
  { column: 'user', conv: 'dash-null' },
  { column: 'time', conv: 'clf-time' },
  { column: 'request', conv: 'text' },
  { column: 'status', conv: 'int' },
  { column: 'bytes', conv: 'long' },
] as const;

/**
 * The request field of Common/Combined logs splits into method, path and protocol with this regex
 * (protocol is optional, as in HTTP/0.9). When it does not match, method and protocol are null and path
 * holds the whole request text (null if it is `-`).
 */
export const REQUEST_LINE_REGEX = '^(\\S+) (\\S+)(?: (\\S+))?$';

export const LOG_LINE_PATTERNS: Partial<Record<LogFormat, LogLinePattern>> = {
  common: { regex: `${CLF}\\s*$`, groups: clfGroups },
  combined: {
    regex: `${CLF} ${Q} ${Q}\\s*$`,
    groups: [...clfGroups, { column: 'referer', conv: 'dash-null' }, { column: 'agent', conv: 'dash-null' }],
  },
};

/** Reasons a line can be rejected, as counted in run summaries and written to rejects files. */
export const REJECT_REASONS = ['no-match', 'bad-time', 'bad-number', 'bad-csv', 'bad-json', 'wrong-field-count'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
