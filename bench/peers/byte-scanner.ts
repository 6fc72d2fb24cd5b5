// Peer (b): the practical limit of JavaScript. Buffer chunks and indexOf, one pass per line over bytes, no
// RegExp and no string per line; groups keyed by bytes; CSV written from bytes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ByteCsvWriter } from './byte-csv-writer.ts';
import { bytesValue, clfTimeMs, digitsValue, isDash, splitRequest } from './byte-fields.ts';
import { ByteKeyMap } from './byte-key-map.ts';
import { AGENT, BYTES, ByteLineParser, HOST, IDENT, REFERER, REQUEST, STATUS, TIME, USER } from './byte-line-parser.ts';
import { forEachLine } from './byte-lines.ts';
import { checkExact, REQUESTS_HEADER, topPagesCsv, trafficCsv, type HourGroup, type PageGroup } from './job-results.ts';
import { OUTPUT_OF, type BenchJob, type InputCounts, type Peer } from './peer-types.ts';

/** A parsed line: the parser's group ranges plus the converted time and bytes. */
type RowFn = (buf: Buffer, f: Int32Array, time: number, bytes: number | null) => void;

function scan(input: string, row: RowFn): InputCounts {
  const parser = new ByteLineParser();
  const f = parser.f;
  let read = 0;
  let noMatch = 0;
  let badTime = 0;
  let badNumber = 0;
  forEachLine(input, (buf, s, e) => {
    read++;
    if (!parser.match(buf, s, e)) return void noMatch++;
    const time = clfTimeMs(buf, f[TIME], f[TIME + 1]);
    if (time !== time) return void badTime++;
    const bytes = bytesValue(buf, f[BYTES], f[BYTES + 1]);
    if (bytes === undefined) return void badNumber++;
    row(buf, f, time, bytes);
  });
  const rejected: Record<string, number> = {};
  if (noMatch) rejected['no-match'] = noMatch;
  if (badTime) rejected['bad-time'] = badTime;
  if (badNumber) rejected['bad-number'] = badNumber;
  return { read, rejected };
}

function dashNull(w: ByteCsvWriter, buf: Buffer, s: number, e: number): void {
  if (!isDash(buf, s, e)) w.text(buf, s, e);
}

const JOBS: { readonly [J in BenchJob]: (input: string, out: string) => InputCounts } = {
  'access-log-to-csv'(input, out) {
    const w = new ByteCsvWriter(out);
    w.ascii(REQUESTS_HEADER);
    const r = new Int32Array(6);
    const counts = scan(input, (buf, f, time, bytes) => {
      w.text(buf, f[HOST], f[HOST + 1]), w.byte(44);
      dashNull(w, buf, f[IDENT], f[IDENT + 1]), w.byte(44);
      dashNull(w, buf, f[USER], f[USER + 1]), w.byte(44);
      w.timestamp(time), w.byte(44);
      splitRequest(buf, f[REQUEST], f[REQUEST + 1], r);
      for (let k = 0; k < 6; k += 2) {
        if (r[k] >= 0) w.text(buf, r[k], r[k + 1]);
        w.byte(44);
      }
      w.int(digitsValue(buf, f[STATUS], f[STATUS + 1])), w.byte(44);
      if (bytes !== null) w.int(bytes);
      w.byte(44);
      dashNull(w, buf, f[REFERER], f[REFERER + 1]), w.byte(44);
      dashNull(w, buf, f[AGENT], f[AGENT + 1]), w.byte(10);
    });
    w.close();
    return counts;
  },
  'traffic-by-hour'(input, out) {
    const hours = new Map<number, HourGroup>();
    const counts = scan(input, (buf, f, time, bytes) => {
      const hour = Math.floor(time / 3_600_000) * 3_600_000;
      let g = hours.get(hour);
      if (g === undefined) hours.set(hour, (g = { requests: 0, bytes: 0, bytesSeen: false, errors: 0 }));
      g.requests++;
      if (bytes !== null) (g.bytes += bytes), (g.bytesSeen = true);
      if (buf[f[STATUS]] >= 53) g.errors++; // status >= 500: its first digit is 5-9
    });
    writeFileSync(out, trafficCsv(hours));
    return counts;
  },
  'top-pages'(input, out) {
    const paths = new ByteKeyMap();
    const nullPath: PageGroup = { path: null, hits: 0, bytes: 0, bytesSeen: false };
    const r = new Int32Array(6);
    const counts = scan(input, (buf, f, _time, bytes) => {
      if (buf[f[STATUS]] !== 50) return; // 2xx
      splitRequest(buf, f[REQUEST], f[REQUEST + 1], r);
      if (r[2] < 0) {
        nullPath.hits++;
        if (bytes !== null) (nullPath.bytes += bytes), (nullPath.bytesSeen = true);
        return;
      }
      const idx = paths.entry(buf, r[2], r[3]);
      paths.hits[idx]++;
      if (bytes !== null) (paths.bytes[idx] += bytes), (paths.seen[idx] = 1);
    });
    // Different invalid UTF-8 bytes decode to the same text (U+FFFD): merge such groups by their text.
    const groups = new Map<string | null, PageGroup>(nullPath.hits > 0 ? [[null, nullPath]] : []);
    for (let i = 0; i < paths.size; i++) {
      const path = paths.key(i);
      let g = groups.get(path);
      if (g === undefined) groups.set(path, (g = { path, hits: 0, bytes: 0, bytesSeen: false }));
      g.hits += paths.hits[i];
      g.bytes = checkExact(g.bytes + paths.bytes[i]);
      g.bytesSeen ||= paths.seen[i] === 1;
    }
    writeFileSync(out, topPagesCsv(groups.values()));
    return counts;
  },
};

export const byteScanner: Peer = async (job, input, outDir) => JOBS[job](input, join(outDir, `${OUTPUT_OF[job]}.csv`));
