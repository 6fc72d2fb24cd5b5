// The fast path of the Common/Combined log reader: a line that is valid UTF-8, matches the format without
// any doubt and converts without error goes from its bytes straight into the batch's column builders, with
// no string, RegExp or BigInt per line. Any other line (no match, a bad field, a bytes value of more than
// 15 digits) is left to the regex path of log-line-parser.ts, which alone decides rejections and their
// reasons; so both paths accept the same lines with the same values.
import { LOG_SCHEMAS, schemaIndex } from '../../plan/index.ts';
import type { BatchBuilder } from './batch-builder.ts';
import { ClfTimeBytes, digitsValue, splitRequest } from './clf-byte-fields.ts';
import { AGENT, BYTES, ClfByteMatcher, HOST, IDENT, REFERER, REQUEST, STATUS, TIME, USER } from './clf-byte-matcher.ts';
import type { ColumnBuilder, Utf8Builder } from './column-builders.ts';

/** Digits that always fit a double exactly: longer bytes values go the regex path (BigInt or rejection). */
const SAFE_DIGITS = 15;
const DASH = 45;

export interface ClfFastPath {
  /** Appends the row of line [s, e) of buf (valid UTF-8) and returns true, or returns false and appends nothing. */
  tryAppend(buf: Buffer, s: number, e: number): boolean;
}

export function clfFastPath(format: 'common' | 'combined', batch: BatchBuilder): ClfFastPath {
  const schema = LOG_SCHEMAS[format];
  const col = (name: string) => batch.builderOf(schemaIndex(schema, name));
  const text = (name: string) => col(name) as Utf8Builder | null;
  const [host, ident, user, method, path, protocol] = ['host', 'ident', 'user', 'method', 'path', 'protocol'].map(text);
  const [referer, agent] = format === 'combined' ? ['referer', 'agent'].map(text) : [null, null];
  const time: ColumnBuilder | null = col('time');
  const status: ColumnBuilder | null = col('status');
  const bytes: ColumnBuilder | null = col('bytes');
  const split = method !== null || path !== null || protocol !== null;
  const matcher = new ClfByteMatcher(format === 'combined');
  const clfTime = new ClfTimeBytes();
  const f = matcher.f;
  const r = new Int32Array(6);

  /** A text or dash-null field: `-` is null only for dash-null ones. */
  const appendText = (b: Utf8Builder | null, buf: Buffer, s: number, e: number, dashNull: boolean): void => {
    if (b === null) return;
    if (s < 0 || (dashNull && e - s === 1 && buf[s] === DASH)) b.append(null);
    else b.appendBytes(buf, s, e);
  };

  return {
    tryAppend(buf, s, e) {
      if (!matcher.match(buf, s, e)) return false;
      // Every check first (the time and bytes may reject), then the appends: a row goes in whole or not at all.
      const ms = clfTime.ms(buf, f[TIME], f[TIME + 1]);
      if (Number.isNaN(ms)) return false;
      const bs = f[BYTES];
      const be = f[BYTES + 1];
      const dashBytes = be - bs === 1 && buf[bs] === DASH;
      if (!dashBytes && be - bs > SAFE_DIGITS) return false;
      if (split) splitRequest(buf, f[REQUEST], f[REQUEST + 1], r);

      appendText(host, buf, f[HOST], f[HOST + 1], false);
      appendText(ident, buf, f[IDENT], f[IDENT + 1], true);
      appendText(user, buf, f[USER], f[USER + 1], true);
      if (time !== null) time.append(ms);
      if (split) {
        appendText(method, buf, r[0], r[1], false);
        appendText(path, buf, r[2], r[3], false);
        appendText(protocol, buf, r[4], r[5], false);
      }
      if (status !== null) status.append(digitsValue(buf, f[STATUS], f[STATUS + 1]));
      if (bytes !== null) bytes.append(dashBytes ? null : digitsValue(buf, bs, be));
      if (referer !== null) appendText(referer, buf, f[REFERER], f[REFERER + 1], true);
      if (agent !== null) appendText(agent, buf, f[AGENT], f[AGENT + 1], true);
      batch.rowAppended();
      return true;
    },
  };
}
