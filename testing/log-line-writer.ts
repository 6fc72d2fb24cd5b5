// Writes a row of a log format's schema (plan/formats.ts) as the log line that reads back as that row, field
// by field in the order the format's regex expects; a value no line can carry is an error naming its column.
import { LOG_SCHEMAS, REQUEST_LINE_REGEX, type LogFormat } from '../plan/index.ts';
import { checkKeys, checkValue, ValueError } from './job-values.ts';

/** How one field of the line is written. `cols` are the columns it carries (two for host:port, three for a request). */
export type Slot =
  | {
      readonly kind: 'bare' | 'bare-dash' | 'quoted-dash' | 's3-quoted-dash' | 'number' | 'count' | 'clf-time' | 'iso-time' | 'status' | 'w3c-time' | 'tab-dash' | 'url-encoded';
      readonly col: string;
    }
  | { readonly kind: 'host-port' | 'host-port-or-dash'; readonly cols: readonly [string, string] }
  | { readonly kind: 'clf-request' | 'aws-request'; readonly cols: readonly [string, string, string] };

const each = (kind: Extract<Slot, { col: string }>['kind'], names: string): Slot[] => names.trim().split(/\s+/).map((col) => ({ kind, col }));

const COMMON: Slot[] = [
  ...each('bare', 'host'),
  ...each('bare-dash', 'ident user'),
  ...each('clf-time', 'time'),
  { kind: 'clf-request', cols: ['method', 'path', 'protocol'] },
  ...each('status', 'status'),
  ...each('count', 'bytes'),
];

const LB_TIMES_AND_CODES = (target: string): Slot[] => [
  ...each('number', `request_processing_time ${target}_processing_time response_processing_time`),
  ...each('number', `elb_status_code ${target}_status_code received_bytes sent_bytes`),
  { kind: 'aws-request', cols: ['method', 'url', 'protocol'] },
];

/** The fields of each format's line, in order. */
export const LOG_SLOTS: Record<LogFormat, readonly Slot[]> = {
  common: COMMON,
  combined: [...COMMON, ...each('quoted-dash', 'referer agent')],
  elb: [
    ...each('iso-time', 'time'),
    ...each('bare', 'elb'),
    { kind: 'host-port', cols: ['client_ip', 'client_port'] },
    { kind: 'host-port-or-dash', cols: ['backend_ip', 'backend_port'] },
    ...LB_TIMES_AND_CODES('backend'),
    ...each('quoted-dash', 'user_agent'),
    ...each('bare-dash', 'ssl_cipher ssl_protocol'),
  ],
  alb: [
    ...each('bare', 'type'),
    ...each('iso-time', 'time'),
    ...each('bare', 'elb'),
    { kind: 'host-port', cols: ['client_ip', 'client_port'] },
    { kind: 'host-port-or-dash', cols: ['target_ip', 'target_port'] },
    ...LB_TIMES_AND_CODES('target'),
    ...each('quoted-dash', 'user_agent'),
    ...each('bare-dash', 'ssl_cipher ssl_protocol target_group_arn'),
    ...each('quoted-dash', 'trace_id domain_name chosen_cert_arn'),
    ...each('bare-dash', 'matched_rule_priority'),
    ...each('iso-time', 'request_creation_time'),
    ...each('quoted-dash', `actions_executed redirect_url error_reason target_port_list target_status_code_list
      classification classification_reason`),
  ],
  s3access: [
    ...each('bare', 'bucket_owner bucket'),
    ...each('clf-time', 'time'),
    ...each('bare-dash', 'remote_ip requester request_id operation key'),
    ...each('s3-quoted-dash', 'request_uri'),
    ...each('number', 'http_status'),
    ...each('bare-dash', 'error_code'),
    ...each('number', 'bytes_sent object_size total_time turn_around_time'),
    ...each('s3-quoted-dash', 'referer user_agent'),
    ...each('bare-dash', `version_id host_id signature_version cipher_suite authentication_type host_header tls_version
      access_point_arn acl_required`),
  ],
  cloudfront: [
    ...each('w3c-time', 'time'),
    ...each('tab-dash', 'x_edge_location'),
    ...each('number', 'sc_bytes'),
    ...each('tab-dash', 'c_ip cs_method cs_host cs_uri_stem'),
    ...each('number', 'sc_status'),
    ...each('tab-dash', 'cs_referer'),
    ...each('url-encoded', 'cs_user_agent'),
    ...each('tab-dash', 'cs_uri_query'),
    ...each('url-encoded', 'cs_cookie'),
    ...each('tab-dash', 'x_edge_result_type x_edge_request_id x_host_header cs_protocol'),
    ...each('number', 'cs_bytes time_taken'),
    ...each('tab-dash', 'x_forwarded_for ssl_protocol ssl_cipher x_edge_response_result_type cs_protocol_version fle_status'),
    ...each('number', 'fle_encrypted_fields c_port time_to_first_byte'),
    ...each('tab-dash', 'x_edge_detailed_result_type sc_content_type'),
    ...each('number', 'sc_content_len sc_range_start sc_range_end'),
  ],
};

/** What separates a format's fields: CloudFront's W3C lines are tab-separated. */
const SEPARATOR: Partial<Record<LogFormat, string>> = { cloudfront: '\t' };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** Java's `\s` (docs: the log regexes mean Java's ASCII whitespace). */
const WHITESPACE = /[ \t\n\x0B\f\r]/;
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;
const DOUBLE_TEXT = /^-?\d+(?:\.\d+)?$/;

/** `dd/MMM/yyyy:HH:mm:ss ±hhmm`: the instant written in the zone `offsetMinutes` east of UTC. */
export function clfTime(ms: number, offsetMinutes = 0): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${pad(d.getUTCFullYear(), 4)}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${sign}${pad(Math.floor(off / 60))}${pad(off % 60)}`;
}

export interface LogLineOptions {
  /** Zone of CLF times (Common, Combined, S3), minutes east of UTC (default 0: `+0000`). */
  readonly offsetMinutes?: number;
  /** Raw text to write for some columns instead of their value (malformed lines are made this way). */
  readonly raw?: Readonly<Record<string, string>>;
}

/**
 * The log line of `row` (a row of `LOG_SCHEMAS[format]`; absent keys are null). Throws a ValueError naming the
 * column when a value cannot be written so that it reads back unchanged: a null in a field the format always
 * has, whitespace in a bare field, a quote, backslash or line break in a quoted one, a time with milliseconds
 * in a format that logs seconds.
 */
export function logLine(format: LogFormat, row: Readonly<Record<string, unknown>>, opts: LogLineOptions = {}): string {
  const schema = LOG_SCHEMAS[format];
  checkKeys(schema, row);
  const value = (col: string) => checkValue(schema.find((f) => f.name === col)!, row[col]);
  const w = new FieldWriter(value, opts);
  return LOG_SLOTS[format].map((s) => w.write(s)).join(SEPARATOR[format] ?? ' ');
}

class FieldWriter {
  constructor(
    private readonly value: (col: string) => string | number | bigint | boolean | null,
    private readonly opts: LogLineOptions,
  ) {}

  write(s: Slot): string {
    const raw = this.opts.raw;
    if ('col' in s && raw && s.col in raw) return s.kind === 'clf-time' ? `[${raw[s.col]}]` : raw[s.col];
    switch (s.kind) {
      case 'bare':
        return this.bare(s.col, false);
      case 'bare-dash':
        return this.bare(s.col, true);
      case 'quoted-dash':
        return `"${this.quoted(s.col) ?? '-'}"`;
      case 's3-quoted-dash': {
        const q = this.quoted(s.col);
        return q === null ? '-' : `"${q}"`;
      }
      case 'number':
        return this.number(s.col);
      case 'count': {
        const v = this.value(s.col);
        if (v !== null && BigInt(v as bigint) < 0n) throw new ValueError(`column '${s.col}' must be 0 or more (the format logs digits only), got ${v}`);
        return this.number(s.col);
      }
      case 'status': {
        const v = this.value(s.col);
        if (v === null || (v as number) < 100 || (v as number) > 999) throw new ValueError(`column '${s.col}' must be a 3-digit status code (100-999), got ${v}`);
        return String(v);
      }
      case 'clf-time':
        return `[${clfTime(this.seconds(s.col, true), this.opts.offsetMinutes ?? 0)}]`;
      case 'iso-time': {
        const v = this.value(s.col);
        return v === null ? '-' : new Date(v as number).toISOString();
      }
      case 'w3c-time':
        return new Date(this.seconds(s.col, true)).toISOString().slice(0, 19).replace('T', '\t');
      case 'tab-dash':
        return this.tabField(s.col);
      case 'url-encoded':
        return this.urlEncoded(s.col);
      case 'host-port':
      case 'host-port-or-dash':
        return this.hostPort(s.cols, s.kind === 'host-port-or-dash');
      case 'clf-request':
        return `"${this.clfRequest(s.cols)}"`;
      case 'aws-request':
        return `"${s.cols.map((c) => this.token(c, true, 'the request')).join(' ')}"`;
    }
  }

  private bare(col: string, dashNull: boolean): string {
    return this.token(col, dashNull, 'a bare field');
  }

  /** A space-free token; null as `-` where the format reads `-` as null. */
  private token(col: string, dashNull: boolean, where: string): string {
    const v = this.value(col);
    if (v === null) {
      if (dashNull) return '-';
      throw new ValueError(`column '${col}' cannot be null: every line has it`);
    }
    const t = String(v);
    if (t === '' || WHITESPACE.test(t) || /["\\\]]/.test(t) || LINE_BREAK.test(t)) {
      throw new ValueError(`column '${col}' is written in ${where}: it must be non-empty, without whitespace, quotes, backslashes or ']', got ${JSON.stringify(t)}`);
    }
    if (dashNull && t === '-') throw new ValueError(`column '${col}': the text '-' would read back as null`);
    return t;
  }

  /** The text of a quoted field, or null; the format reads a field holding only `-` as null. */
  private quoted(col: string): string | null {
    const v = this.value(col);
    if (v === null) return null;
    const t = String(v);
    if (/["\\]/.test(t) || LINE_BREAK.test(t)) throw new ValueError(`column '${col}' is a quoted field: no quote, backslash or line break, got ${JSON.stringify(t)}`);
    if (t === '-') throw new ValueError(`column '${col}': the text '-' would read back as null`);
    return t;
  }

  /** A W3C field: any text without a tab or line break; null as `-`. */
  private tabField(col: string): string {
    const v = this.value(col);
    if (v === null) return '-';
    const t = String(v);
    if (t === '' || t.includes('\t') || LINE_BREAK.test(t)) {
      throw new ValueError(`column '${col}' is a tab-separated field: it must be non-empty, without tabs or line breaks, got ${JSON.stringify(t)}`);
    }
    if (t === '-') throw new ValueError(`column '${col}': the text '-' would read back as null`);
    return t;
  }

  /** A %-encoded field (UTF-8 escapes, as the reader decodes them); null as `-`, the text `-` as `%2D`. */
  private urlEncoded(col: string): string {
    const v = this.value(col);
    if (v === null) return '-';
    const t = String(v);
    if (t === '-') return '%2D';
    try {
      return t === '' ? '' : encodeURIComponent(t);
    } catch {
      throw new ValueError(`column '${col}' is %-encoded as UTF-8: a lone surrogate cannot be, got ${JSON.stringify(t)}`);
    }
  }

  private number(col: string): string {
    const v = this.value(col);
    if (v === null) return '-';
    const t = String(v);
    if (typeof v === 'number' && !Number.isInteger(v) && !DOUBLE_TEXT.test(t)) {
      throw new ValueError(`column '${col}': ${t} cannot be written as -digits.digits, the only double a log line holds`);
    }
    return t;
  }

  private seconds(col: string, required: boolean): number {
    const v = this.value(col);
    if (v === null && required) throw new ValueError(`column '${col}' cannot be null: every line has it`);
    if ((v as number) % 1000 !== 0) throw new ValueError(`column '${col}': the format logs whole seconds, got ${new Date(v as number).toISOString()}`);
    return v as number;
  }

  private hostPort([host, port]: readonly [string, string], dashNull: boolean): string {
    if (dashNull && this.value(host) === null && this.value(port) === null) return '-';
    const p = this.value(port);
    if (p === null || (p as number) < 0) throw new ValueError(`column '${port}' must be a port number (0 or more)${dashNull ? ` when '${host}' is set` : ''}, got ${p}`);
    return `${this.token(host, false, 'host:port')}:${p}`;
  }

  private clfRequest([method, path, protocol]: readonly [string, string, string]): string {
    if (this.value(method) !== null) {
      const parts = [this.token(method, false, 'the request'), this.token(path, false, 'the request')];
      if (this.value(protocol) !== null) parts.push(this.token(protocol, false, 'the request'));
      return parts.join(' ');
    }
    // No method: the whole request is the path (docs/semantics.md); it must not look like a split request.
    if (this.value(protocol) !== null) throw new ValueError(`column '${protocol}' must be null when '${method}' is null`);
    const whole = this.quoted(path);
    if (whole !== null && new RegExp(REQUEST_LINE_REGEX).test(whole)) {
      throw new ValueError(`column '${path}' would read back split into method and path: ${JSON.stringify(whole)}`);
    }
    return whole ?? '-';
  }
}
