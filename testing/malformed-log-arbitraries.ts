// fast-check arbitraries of log lines every engine must reject, each with the reason the runtime counts it
// under: a valid line with one field broken (a time that does not exist, a number out of range) or cut short.
import fc from 'fast-check';
import type { LogFormat, RejectReason } from '../plan/index.ts';
import { logRowOf } from './log-arbitraries.ts';
import { logLine } from './log-line-writer.ts';

export interface MalformedLine {
  readonly line: string;
  /** The reason the runtime rejects it with (docs/semantics.md, log formats). */
  readonly reason: RejectReason;
}

/** CLF times that match the field's shape but name no instant: day 32, 29 Feb 2015, a lower-case month... */
const BAD_CLF_TIMES = [
  '32/Jan/2015:10:00:00 +0000', '29/Feb/2015:10:00:00 +0000', '17/Foo/2015:10:05:03 +0000', '17/May/2015:10:05:60 +0000',
  '17/may/2015:10:05:03 +0000', '17/May/2015:10:05:03 +1900', '17/May/2015:10:05:03', '17/May/2015 10:05:03 +0000',
];
const BAD_W3C_TIMES = ['2015-13-01\t00:00:00', '2015-02-30\t00:00:00', '2015-05-17\t24:00:00', '2015-05-17\t10:05', '17/05/2015\t10:05:03', '-\t-'];
const BAD_ISO_TIMES = ['2015-13-01T00:00:00.000Z', '2015-02-30T00:00:00Z', '2015-05-17T10:05:03', '2015-05-17T24:00:00Z', 'yesterday', '17/May/2015:10:05:03'];
/** Digits beyond 64 bits; and, where the field is not limited to digits, text that is no number. */
const LONG_OVERFLOW = ['9223372036854775808', '18446744073709551616', '99999999999999999999999'];
const NOT_NUMBERS = ['12x', '1.5', '0x1F', '+5', '1e3', '--1', 'NaN'];

/** Per format: the column to break for each reason, and the texts to put there. */
const BREAKS: Record<LogFormat, { readonly time: [string, readonly string[]]; readonly number: [string, readonly string[]] }> = {
  common: { time: ['time', BAD_CLF_TIMES], number: ['bytes', LONG_OVERFLOW] },
  combined: { time: ['time', BAD_CLF_TIMES], number: ['bytes', LONG_OVERFLOW] },
  elb: { time: ['time', BAD_ISO_TIMES], number: ['received_bytes', [...LONG_OVERFLOW, ...NOT_NUMBERS]] },
  alb: { time: ['time', BAD_ISO_TIMES], number: ['elb_status_code', ['2147483648', '-2147483649', ...NOT_NUMBERS]] },
  s3access: { time: ['time', BAD_CLF_TIMES], number: ['http_status', ['2147483648', ...NOT_NUMBERS]] },
  cloudfront: { time: ['time', BAD_W3C_TIMES], number: ['sc_bytes', [...LONG_OVERFLOW, ...NOT_NUMBERS, '']] },
};

/** A line of `format` that the runtime (and Pig and Spark) must reject, with its reason. */
export function malformedLineOf(format: LogFormat): fc.Arbitrary<MalformedLine> {
  const { time, number } = BREAKS[format];
  const broken = (col: string, texts: readonly string[], reason: RejectReason) =>
    fc.tuple(logRowOf(format), fc.constantFrom(...texts)).map(([row, text]) => ({ line: logLine(format, row, { raw: { [col]: text } }), reason }));
  // The first three fields: every format has more required fields after them.
  const sep = format === 'cloudfront' ? '\t' : ' ';
  const cut = logRowOf(format).map((row) => ({ line: logLine(format, row).split(sep).slice(0, 3).join(sep), reason: 'no-match' as const }));
  const other = fc.constantFrom<MalformedLine>(
    { line: '', reason: 'no-match' },
    { line: 'not a log line', reason: 'no-match' },
    { line: '{"host": "10.0.0.1"}', reason: 'no-match' },
  );
  return fc.oneof(broken(time[0], time[1], 'bad-time'), broken(number[0], number[1], 'bad-number'), cut, other);
}

/** 1 to `maxLength` (default 10) malformed lines of a log format. */
export function malformedLinesOf(format: LogFormat, opts: { maxLength?: number } = {}): fc.Arbitrary<MalformedLine[]> {
  return fc.array(malformedLineOf(format), { minLength: 1, maxLength: opts.maxLength ?? 10 });
}
