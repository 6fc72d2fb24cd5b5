// Source formats and the fixed schemas of the log formats. The runtime's readers and each target's
// loader implement these; the DSL types mirror them (dsl/log-rows.ts).
import { field, type ColumnType, type Schema } from './types.ts';

export type LogFormat = 'common' | 'combined' | 'elb' | 'alb' | 's3access';

export type SourceFormat =
  | { readonly kind: LogFormat }
  | { readonly kind: 'csv'; readonly header: boolean; readonly delimiter: string }
  | { readonly kind: 'jsonl' }
  | { readonly kind: 'parquet' };

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
 * - `int` / `long`: `-` is null; else an optional `-` and decimal digits within the type's range (32 or
 *   64 bits); anything else rejects the line (reason `bad-number`);
 * - `double`: `-` is null; else `-?digits` with an optional `.digits` fraction; anything else `bad-number`;
 * - `clf-time`: `dd/MMM/yyyy:HH:mm:ss ±hhmm` (a day that exists in the month, English month abbreviations
 *   `Jan`..`Dec` as written, seconds 00-59, offset at most ±18:00), converted to UTC; else `bad-time`;
 * - `iso-time`: `yyyy-MM-ddTHH:mm:ss[.fraction]Z` (1-9 fraction digits, truncated to milliseconds), `-` is
 *   null; else `bad-time`.
 * A group that takes no part in the match (an optional part of the regex) is null whatever its conversion.
 * When several fields fail, the first in group order gives the reason.
 */
export type FieldConversion = 'text' | 'dash-null' | 'int' | 'long' | 'double' | 'clf-time' | 'iso-time';

/**
 * How the group whose column is `request` (the quoted HTTP request line, not itself a column) becomes
 * columns: matched against `regex`, whose groups 1..3 feed `columns` (method, path or url, protocol; a missing
 * protocol is null), each converted by `conv`. A request that does not match leaves method and protocol null
 * and puts the whole request in the path column (null if it is `-`).
 */
export interface RequestSplit {
  readonly regex: string;
  readonly columns: readonly [method: string, path: string, protocol: string];
  readonly conv: 'text' | 'dash-null';
}

export interface LogLinePattern {
  /**
   * A regex in the syntax common to Java and JavaScript, matched against the whole line. `\s`, `\S` and `.`
   * mean what they mean in Java (ASCII whitespace; `.` excludes line terminators).
   */
  readonly regex: string;
  /** Column fed by each capture group (1-based group = index + 1); `null` marks a group that is not a column. */
  readonly groups: readonly ({ readonly column: string; readonly conv: FieldConversion } | null)[];
  /** How the `request` group splits into columns; null when the format has no such group. */
  readonly request: RequestSplit | null;
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

const CLF_REQUEST: RequestSplit = { regex: REQUEST_LINE_REGEX, columns: ['method', 'path', 'protocol'], conv: 'text' };

/**
 * ELB/ALB requests are `METHOD scheme://host:port/path PROTOCOL`; the load balancer logs one it could not
 * parse as `- - -` (classic ELB TCP listeners as `- - - `), so a `-` part is null.
 */
export const AWS_REQUEST_LINE_REGEX = '^(\\S+) (\\S+)(?: (\\S+))? ?$';
const AWS_REQUEST: RequestSplit = { regex: AWS_REQUEST_LINE_REGEX, columns: ['method', 'url', 'protocol'], conv: 'dash-null' };

const S = '(\\S+)';
const HOST_PORT = '(\\S+):(\\d+)';
/** `-` when the load balancer could not reach a target (or the target is a Lambda function). */
const HOST_PORT_OR_DASH = '(?:(\\S+):(\\d+)|-)';
/** A quoted field that S3 writes bare as `-` when it has no value. */
const Q_OR_DASH = `(?:${Q}|-)`;
/** Fields AWS appended over the years: each may be missing from older lines. */
const optionalTail = (n: number): string => (n === 0 ? '' : `(?: ${S}${optionalTail(n - 1)})?`);
/** AWS may add fields at the end of a line: ALB and S3 lines may carry more after the known ones (ignored). */
const EXTRA_FIELDS = '(?:\\s.*)?$';

type Group = LogLinePattern['groups'][number];
const cols = (conv: FieldConversion, names: string): Group[] => names.trim().split(/\s+/).map((column) => ({ column, conv }));

/**
 * Classic ELB: `time elb client:port backend:port request_processing_time backend_processing_time
 * response_processing_time elb_status_code backend_status_code received_bytes sent_bytes "request"
 * "user_agent" ssl_cipher ssl_protocol`. Processing times are `-1` when no backend answered (kept as -1.0).
 */
const ELB: LogLinePattern = {
  regex: `^${S} ${S} ${HOST_PORT} ${HOST_PORT_OR_DASH} ${S} ${S} ${S} ${S} ${S} ${S} ${S} ${Q} ${Q} ${S} ${S}\\s*$`,
  groups: [
    ...cols('iso-time', 'time'),
    ...cols('text', 'elb client_ip'),
    ...cols('int', 'client_port'),
    ...cols('text', 'backend_ip'),
    ...cols('int', 'backend_port'),
    ...cols('double', 'request_processing_time backend_processing_time response_processing_time'),
    ...cols('int', 'elb_status_code backend_status_code'),
    ...cols('long', 'received_bytes sent_bytes'),
    ...cols('text', 'request'),
    ...cols('dash-null', 'user_agent ssl_cipher ssl_protocol'),
  ],
  request: AWS_REQUEST,
};

/**
 * ALB: the classic fields after a leading `type`, then target group, trace id, domain, certificate, rule
 * priority, request creation time, actions, redirect url and error reason; newer lines add target:port list,
 * target status list, classification and reason (null when absent), then fields this schema does not keep
 * (connection trace id, ...). A quoted field may be followed by the next one without a space, as in the AWS
 * documentation's own `wss` example.
 */
const ALB: LogLinePattern = {
  regex:
    `^${S} ${S} ${S} ${HOST_PORT} ${HOST_PORT_OR_DASH} ${S} ${S} ${S} ${S} ${S} ${S} ${S} ${Q} ?${Q} ?${S} ${S} ${S} ` +
    `${Q} ?${Q} ?${Q} ?${S} ${S} ${Q} ?${Q} ?${Q}(?: ?${Q} ?${Q} ?${Q} ?${Q})?${EXTRA_FIELDS}`,
  groups: [
    ...cols('text', 'type'),
    ...cols('iso-time', 'time'),
    ...cols('text', 'elb client_ip'),
    ...cols('int', 'client_port'),
    ...cols('text', 'target_ip'),
    ...cols('int', 'target_port'),
    ...cols('double', 'request_processing_time target_processing_time response_processing_time'),
    ...cols('int', 'elb_status_code target_status_code'),
    ...cols('long', 'received_bytes sent_bytes'),
    ...cols('text', 'request'),
    ...cols('dash-null', 'user_agent ssl_cipher ssl_protocol target_group_arn trace_id domain_name chosen_cert_arn matched_rule_priority'),
    ...cols('iso-time', 'request_creation_time'),
    ...cols('dash-null', `actions_executed redirect_url error_reason target_port_list target_status_code_list
      classification classification_reason`),
  ],
  request: AWS_REQUEST,
};

/**
 * S3 server access log. Request-URI, Referer and User-Agent are quoted, or a bare `-`; the request URI is
 * kept whole. Fields from Version Id on are optional (older lines end earlier).
 */
const S3_ACCESS: LogLinePattern = {
  regex:
    `^${S} ${S} \\[([^\\]]+)\\] ${S} ${S} ${S} ${S} ${S} ${Q_OR_DASH} ${S} ${S} ${S} ${S} ${S} ${S} ` +
    `${Q_OR_DASH} ${Q_OR_DASH}${optionalTail(9)}${EXTRA_FIELDS}`,
  groups: [
    ...cols('text', 'bucket_owner bucket'),
    ...cols('clf-time', 'time'),
    ...cols('dash-null', 'remote_ip requester request_id operation key request_uri'),
    ...cols('int', 'http_status'),
    ...cols('dash-null', 'error_code'),
    ...cols('long', 'bytes_sent object_size total_time turn_around_time'),
    ...cols('dash-null', `referer user_agent version_id host_id signature_version cipher_suite authentication_type
      host_header tls_version access_point_arn acl_required`),
  ],
  request: null,
};

export const LOG_LINE_PATTERNS: Record<LogFormat, LogLinePattern> = {
  common: { regex: `${CLF}\\s*$`, groups: clfGroups, request: CLF_REQUEST },
  combined: {
    regex: `${CLF} ${Q} ${Q}\\s*$`,
    groups: [...clfGroups, { column: 'referer', conv: 'dash-null' }, { column: 'agent', conv: 'dash-null' }],
    request: CLF_REQUEST,
  },
  elb: ELB,
  alb: ALB,
  s3access: S3_ACCESS,
};

/** Reasons a line can be rejected, as counted in run summaries and written to rejects files. */
export const REJECT_REASONS = ['no-match', 'bad-time', 'bad-number', 'bad-csv', 'bad-json', 'wrong-field-count'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
