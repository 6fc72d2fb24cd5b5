// fast-check arbitraries of valid log lines for every log format: a random row of the format's schema,
// written by logLine, so each line comes with the row the runtime must read back from it.
import fc from 'fast-check';
import { LOG_SCHEMAS, REQUEST_LINE_REGEX, type LogFormat } from '../plan/index.ts';
import type { Row, Value } from './job-values.ts';
import { LOG_SLOTS, logLine, type Slot } from './log-line-writer.ts';

/** Pieces of a space-free field: URLs, IPs, punctuation, non-ASCII (BMP and beyond). */
const TOKEN_PIECES = [
  'a', 'GET', 'POST', '/index.html', '/a/b', '?q=1&x=%20', 'HTTP/1.1', '10.0.0.1', 'www.example.com', 'Mozilla/5.0',
  '(x11;', 'é', 'ß', '日本', '😀', '𝄞', ',', "'", '_', '~', '.', '*', '{}', '(', ')', '=', ';', '--', '0', '42', 'ﬀ',
];
/** Quoted fields may also hold spaces, brackets and nothing at all. */
const QUOTED_PIECES = [...TOKEN_PIECES, ' ', '  ', '[', ']', 'a b', ' - '];

const joined = (pieces: readonly string[], minLength: number) =>
  fc.array(fc.constantFrom(...pieces), { minLength, maxLength: 5 }).map((xs) => xs.join(''));

/** A space-free field value (never the `-` that would read as null). */
export const tokenArb = (): fc.Arbitrary<string> => joined(TOKEN_PIECES, 1);
/** The text of a quoted field: no quote, backslash or line break; not `-`. */
export const quotedTextArb = (): fc.Arbitrary<string> => joined(QUOTED_PIECES, 0).filter((t) => t !== '-');

const MIN_MS = Date.UTC(1990, 0, 1);
const MAX_MS = Date.UTC(2060, 0, 1);
const INT_EXTREMES = [0, -1, 2147483647, -2147483648];
const LONG_EXTREMES = [0n, 9223372036854775807n, -9223372036854775808n, 9007199254740993n];
/** Zones of CLF times, minutes east of UTC; ±18:00 is the most the format allows. */
const OFFSETS = [0, 0, 60, -300, 330, 345, -720, 840, 1080, -1080];

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 4 });
const int32 = () => fc.oneof(fc.integer({ min: 100, max: 599 }), fc.constantFrom(...INT_EXTREMES), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
const long64 = (min: bigint) =>
  fc.oneof(fc.bigInt({ min, max: 99_999n }), fc.constantFrom(...LONG_EXTREMES.filter((x) => x >= min)), fc.bigInt({ min, max: 2n ** 63n - 1n }));
/** Doubles as a log writes them: digits with an optional fraction (milliseconds of a processing time, -1). */
const logDouble = () => fc.oneof(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((k) => k / 1000), fc.constant(-1));
const instant = () => fc.integer({ min: MIN_MS, max: MAX_MS }).map((ms) => new Date(ms));
const wholeSecond = () => fc.integer({ min: MIN_MS / 1000, max: MAX_MS / 1000 }).map((s) => new Date(s * 1000));

type Part = fc.Arbitrary<Record<string, Value>>;
const one = (col: string, a: fc.Arbitrary<Value>): Part => a.map((v) => ({ [col]: v }));

function numberArb(format: LogFormat, col: string): fc.Arbitrary<Value> {
  if (format === 'cloudfront') {
    const type = LOG_SCHEMAS.cloudfront.find((f) => f.name === col)!.type;
    return type === 'double' ? logDouble() : type === 'int' ? int32() : long64(-(2n ** 63n));
  }
  if (/(_time)$/.test(col) && format !== 's3access') return logDouble();
  if (/status|port/.test(col)) return int32();
  return long64(-(2n ** 63n));
}

function slotArb(format: LogFormat, s: Slot): Part {
  switch (s.kind) {
    case 'bare':
      return one(s.col, tokenArb());
    case 'bare-dash':
      return one(s.col, maybe(tokenArb()));
    case 'quoted-dash':
    case 's3-quoted-dash':
      return one(s.col, maybe(quotedTextArb()));
    case 'number':
      return one(s.col, maybe(numberArb(format, s.col)));
    case 'count':
      return one(s.col, maybe(long64(0n)));
    case 'status':
      return one(s.col, fc.integer({ min: 100, max: 599 }));
    case 'clf-time':
      return one(s.col, wholeSecond());
    case 'iso-time':
      return one(s.col, maybe(instant()));
    case 'w3c-time':
      return one(s.col, wholeSecond());
    case 'tab-dash':
      return one(s.col, maybe(quotedTextArb().filter((t) => t !== '')));
    case 'url-encoded':
      return one(s.col, maybe(fc.oneof(quotedTextArb(), fc.constantFrom('-', '%', '100%', 'a+b', 'x%41', '\t', '"q"'))));
    case 'host-port':
      return fc.record({ [s.cols[0]]: tokenArb(), [s.cols[1]]: fc.integer({ min: 0, max: 65535 }) });
    case 'host-port-or-dash':
      return fc.oneof(
        fc.record({ [s.cols[0]]: tokenArb(), [s.cols[1]]: fc.integer({ min: 0, max: 65535 }) }),
        fc.constant({ [s.cols[0]]: null, [s.cols[1]]: null }),
      );
    case 'clf-request': {
      const [method, path, protocol] = s.cols;
      const split = fc.record({ [method]: tokenArb(), [path]: tokenArb(), [protocol]: maybe(tokenArb()) });
      // A request that is not METHOD PATH [PROTOCOL] is kept whole in the path (garbage sent by scanners).
      const request = new RegExp(REQUEST_LINE_REGEX);
      const whole = maybe(quotedTextArb().filter((t) => t !== '' && !request.test(t)));
      return fc.oneof({ weight: 4, arbitrary: split }, { weight: 1, arbitrary: whole.map((p) => ({ [method]: null, [path]: p, [protocol]: null })) });
    }
    case 'aws-request':
      return fc.record(Object.fromEntries(s.cols.map((c) => [c, maybe(tokenArb())])));
  }
}

/** A random row of a log format's schema that a log line can carry (timestamps as Date, longs as bigint). */
export function logRowOf(format: LogFormat): fc.Arbitrary<Row> {
  return fc.tuple(...LOG_SLOTS[format].map((s) => slotArb(format, s))).map((parts) => Object.assign({}, ...parts) as Row);
}

/** A valid line with the row it must read back as. */
export function logRecordOf(format: LogFormat): fc.Arbitrary<{ line: string; row: Row }> {
  return fc.tuple(logRowOf(format), fc.constantFrom(...OFFSETS)).map(([row, offsetMinutes]) => ({ line: logLine(format, row, { offsetMinutes }), row }));
}

/** A valid line of a log format (Common, Combined, ELB, ALB, S3 access, CloudFront). */
export function logLineOf(format: LogFormat): fc.Arbitrary<string> {
  return logRecordOf(format).map((r) => r.line);
}

/** 0 to `maxLength` (default 20) valid lines of a log format. */
export function logLinesOf(format: LogFormat, opts: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string[]> {
  return fc.array(logLineOf(format), { minLength: opts.minLength ?? 0, maxLength: opts.maxLength ?? 20 });
}
