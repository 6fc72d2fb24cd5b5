// Source formats and the fixed schemas of the log formats. The runtime's readers and each target's
// loader implement these; the DSL types mirror them (dsl/log-rows.ts).
import { field, type ColumnType, type Schema } from './types.ts';

export type LogFormat = 'common' | 'combined' | 'elb' | 'alb' | 's3access' | 'cloudfront';

export type SourceFormat =
  | { readonly kind: LogFormat }
  | CsvFormat
  | { readonly kind: 'jsonl'; readonly paths?: JsonPaths }
  | { readonly kind: 'text' }
  | { readonly kind: 'cloudtrail' }
  | { readonly kind: 'parquet' };

/**
 * JSON lines: the columns read from a nested field, by column name -> the path's keys, outermost first
 * (`user` -> `['userIdentity', 'userName']`). A column not listed reads the top-level key of its own name.
 */
export type JsonPaths = { readonly [column: string]: readonly string[] };

/**
 * Delimited text. `quote: 'none'` reads each physical line as one record split at every delimiter (a `"` is
 * data, as PigStorage and Spark with quoting off read it); absent, RFC 4180 quoting applies within a line
 * (a record is a physical line: plan/csv-line-regex.ts), or across lines with `multiline: true` (a quoted
 * field may hold line breaks).
 * `extraFields: 'ignore'` declares the first columns of wider records (fields after them are dropped);
 * absent, a record with another number of fields than the schema is rejected.
 */
export interface CsvFormat {
  readonly kind: 'csv';
  readonly header: boolean;
  readonly delimiter: string;
  readonly quote?: 'none';
  readonly extraFields?: 'ignore';
  readonly multiline?: true;
}

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
  cloudfront: f(`time:timestamp x_edge_location sc_bytes:long c_ip cs_method cs_host cs_uri_stem sc_status:int cs_referer
    cs_user_agent cs_uri_query cs_cookie x_edge_result_type x_edge_request_id x_host_header cs_protocol cs_bytes:long
    time_taken:double x_forwarded_for ssl_protocol ssl_cipher x_edge_response_result_type cs_protocol_version fle_status
    fle_encrypted_fields:int c_port:int time_to_first_byte:double x_edge_detailed_result_type sc_content_type
    sc_content_len:long sc_range_start:long sc_range_end:long`),
};

/** `j.textLines`: every line as it is, without its line break. */
export const TEXT_LINES_SCHEMA: Schema = f('line');

/**
 * `j.cloudTrail`: one row per CloudTrail event. Each column reads the event's field at its path; the two
 * `json` columns hold the field's JSON text (see CLOUDTRAIL_COLUMNS).
 */
export interface CloudTrailColumn {
  readonly name: string;
  readonly type: ColumnType;
  readonly path: readonly string[];
  /** `json`: any JSON value, kept as text (a string as itself, anything else as its compact JSON text). */
  readonly read: 'value' | 'json';
}

const ct = (name: string, type: ColumnType, path: string, read: 'value' | 'json' = 'value'): CloudTrailColumn =>
  Object.freeze({ name, type, path: Object.freeze(path.split('.')), read });

export const CLOUDTRAIL_COLUMNS: readonly CloudTrailColumn[] = Object.freeze([
  ct('eventTime', 'timestamp', 'eventTime'),
  ct('eventVersion', 'string', 'eventVersion'),
  ct('eventSource', 'string', 'eventSource'),
  ct('eventName', 'string', 'eventName'),
  ct('eventType', 'string', 'eventType'),
  ct('awsRegion', 'string', 'awsRegion'),
  ct('sourceIPAddress', 'string', 'sourceIPAddress'),
  ct('userAgent', 'string', 'userAgent'),
  ct('errorCode', 'string', 'errorCode'),
  ct('errorMessage', 'string', 'errorMessage'),
  ct('userType', 'string', 'userIdentity.type'),
  ct('userArn', 'string', 'userIdentity.arn'),
  ct('userName', 'string', 'userIdentity.userName'),
  ct('accountId', 'string', 'userIdentity.accountId'),
  ct('principalId', 'string', 'userIdentity.principalId'),
  ct('invokedBy', 'string', 'userIdentity.invokedBy'),
  ct('sessionIssuerUserName', 'string', 'userIdentity.sessionContext.sessionIssuer.userName'),
  ct('recipientAccountId', 'string', 'recipientAccountId'),
  ct('eventID', 'string', 'eventID'),
  ct('requestID', 'string', 'requestID'),
  ct('readOnly', 'boolean', 'readOnly'),
  ct('requestParameters', 'string', 'requestParameters', 'json'),
  ct('responseElements', 'string', 'responseElements', 'json'),
]);

export const CLOUDTRAIL_SCHEMA: Schema = Object.freeze(CLOUDTRAIL_COLUMNS.map((c) => field(c.name, c.type, true)));

/** The fixed schema of a format that has one (log formats, text lines, CloudTrail); null when declared. */
export function fixedSchema(format: SourceFormat): Schema | null {
  if (isLogFormat(format.kind)) return LOG_SCHEMAS[format.kind];
  if (format.kind === 'text') return TEXT_LINES_SCHEMA;
  if (format.kind === 'cloudtrail') return CLOUDTRAIL_SCHEMA;
  return null;
}

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
 * - `w3c-time`: `yyyy-MM-dd<tab>HH:mm:ss` in UTC (W3C date and time fields captured together), read as the
 *   `iso-time` text `yyyy-MM-ddTHH:mm:ssZ`; else `bad-time`;
 * - `url-decoded`: `-` is null; text whose every `%` starts an escape of valid UTF-8 (URL_ESCAPES_REGEX) is
 *   %-decoded once (`+` stays `+`); any other text is kept as logged.
 * A group that takes no part in the match (an optional part of the regex) is null whatever its conversion.
 * When several fields fail, the first in group order gives the reason.
 */
export type FieldConversion = 'text' | 'dash-null' | 'int' | 'long' | 'double' | 'clf-time' | 'iso-time' | 'w3c-time' | 'url-decoded';

const HEX = '[0-9A-Fa-f]';
/** `%XX` of a UTF-8 continuation byte (80-BF). */
const CONT = '%[89ABab][0-9A-Fa-f]';
/**
 * A %-escaped UTF-8 sequence that is valid UTF-8 (no overlong form, surrogate or code point past U+10FFFF),
 * the byte classes of RFC 3629 written as `%XX` escapes.
 */
const UTF8_ESCAPE =
  `(?:%[0-7]${HEX}|%[Cc][2-9A-Fa-f]${CONT}|%[Dd]${HEX}${CONT}|%[Ee]0%[ABab]${HEX}${CONT}` +
  `|%[Ee][1-9A-Ca-cEeFf]${CONT}${CONT}|%[Ee][Dd]%[89]${HEX}${CONT}|%[Ff]0%[9ABab]${HEX}${CONT}${CONT}` +
  `|%[Ff][1-3]${CONT}${CONT}${CONT}|%[Ff]4%8${HEX}${CONT}${CONT})`;
/**
 * Text a `url-decoded` field decodes: every `%` begins an escape and the escapes spell valid UTF-8, so
 * java.net.URLDecoder (Pig, Spark) and the runtime give the same characters. Matched against the whole field.
 */
// Runs of plain characters in one step: Java recurses once per loop iteration of an alternation.
export const URL_ESCAPES_REGEX = `^[^%]*(?:${UTF8_ESCAPE}[^%]*)*$`;

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
  /**
   * Whole lines that are neither rows nor rejects (W3C `#` header lines); the same regex dialect as `regex`,
   * matched against the whole line. Absent: every line is a row or a reject.
   */
  readonly skip?: string;
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

/** The W3C fields of a CloudFront standard log, in CloudFront's order; it has only ever appended fields. */
export const CLOUDFRONT_FIELDS = `date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer)
  cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken
  x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields
  c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end`
  .trim()
  .split(/\s+/);
/** Lines have at least the 24 fields of the 2014 layout; the 9 fields appended since may be missing. */
const CLOUDFRONT_REQUIRED = 24;
const TAB_FIELD = '([^\\t]*)';
/** Nested optional parts: `items[0](?:items[1](?:...last)?)?`; `last` follows the final item. */
const nestedTail = (items: readonly string[], last: string): string =>
  items.length === 0 ? last : `(?:${items[0]}${nestedTail(items.slice(1), last)})?`;
const fieldNames = (names: readonly string[]) => names.map((n) => ` ${javaLiteral(n)}`);
const javaLiteral = (s: string): string => s.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);

/**
 * CloudFront standard (web distribution) log: W3C, tab-separated, fields by position in CLOUDFRONT_FIELDS;
 * `date` and `time` are captured together into the `time` column. Lines of the older layout end after
 * `cs-protocol-version` (later columns null); fields CloudFront may add after `sc-range-end` are ignored.
 * `#Version:` and other `#` lines are skipped, and so is a `#Fields:` line listing the standard fields (its
 * first 24, or more in order, then any new ones). A `#Fields:` line naming another order does not match
 * and is rejected (no-match), so a file laid out differently never passes unnoticed.
 */
const CLOUDFRONT: LogLinePattern = {
  regex:
    `^([^\\t]*\\t[^\\t]*)${`\\t${TAB_FIELD}`.repeat(CLOUDFRONT_REQUIRED - 2)}` +
    `${nestedTail(Array(CLOUDFRONT_FIELDS.length - CLOUDFRONT_REQUIRED).fill(`\\t${TAB_FIELD}`), '(?:\\t[^\\t]*)*')}$`,
  groups: [
    ...cols('w3c-time', 'time'),
    ...cols('dash-null', 'x_edge_location'),
    ...cols('long', 'sc_bytes'),
    ...cols('dash-null', 'c_ip cs_method cs_host cs_uri_stem'),
    ...cols('int', 'sc_status'),
    ...cols('dash-null', 'cs_referer'),
    ...cols('url-decoded', 'cs_user_agent'),
    ...cols('dash-null', 'cs_uri_query'),
    ...cols('url-decoded', 'cs_cookie'),
    ...cols('dash-null', 'x_edge_result_type x_edge_request_id x_host_header cs_protocol'),
    ...cols('long', 'cs_bytes'),
    ...cols('double', 'time_taken'),
    ...cols('dash-null', 'x_forwarded_for ssl_protocol ssl_cipher x_edge_response_result_type cs_protocol_version fle_status'),
    ...cols('int', 'fle_encrypted_fields c_port'),
    ...cols('double', 'time_to_first_byte'),
    ...cols('dash-null', 'x_edge_detailed_result_type sc_content_type'),
    ...cols('long', 'sc_content_len sc_range_start sc_range_end'),
  ],
  request: null,
  skip:
    `^#(?:(?!Fields:)[^\\t]*(?:\\t[^\\t]*)*|Fields:${fieldNames(CLOUDFRONT_FIELDS.slice(0, CLOUDFRONT_REQUIRED)).join('')}` +
    `${nestedTail(fieldNames(CLOUDFRONT_FIELDS.slice(CLOUDFRONT_REQUIRED)), '(?: [^ \\t]+)*')}[ \\t]*)$`,
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
  cloudfront: CLOUDFRONT,
};

/** Reasons a line can be rejected, as counted in run summaries and written to rejects files. */
export const REJECT_REASONS = ['no-match', 'bad-time', 'bad-number', 'bad-csv', 'bad-json', 'wrong-field-count'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
