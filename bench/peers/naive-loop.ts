// Peer (a): what a user would write by hand. readline, the documented log regex once per line, Maps for
// the groups, string concatenation for the CSV.
import { createReadStream, closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LOG_LINE_PATTERNS, REQUEST_LINE_REGEX } from '../../plan/index.ts';
import { parseClfTime } from './clf-time-text.ts';
import { csvField, isoTimestamp } from './csv-text.ts';
import { checkExact, REQUESTS_HEADER, topPagesCsv, trafficCsv, type HourGroup, type PageGroup } from './job-results.ts';
import { OUTPUT_OF, type BenchJob, type InputCounts, type Peer } from './peer-types.ts';
import { toJsRegex } from './peer-regex.ts';

const LINE = toJsRegex(LOG_LINE_PATTERNS.combined.regex);
const REQUEST = toJsRegex(REQUEST_LINE_REGEX);
const LONG_MAX = 2n ** 63n - 1n;

interface Request {
  host: string; ident: string | null; user: string | null; time: number; method: string | null; path: string | null;
  protocol: string | null; status: number; bytes: number | null; referer: string | null; agent: string | null;
}

const dash = (s: string): string | null => (s === '-' ? null : s);

/** `-` is null; a value beyond 64 bits is a bad number (undefined). */
function parseBytes(s: string): number | null | undefined {
  if (s === '-') return null;
  if (s.length > 15) {
    const big = BigInt(s);
    if (big > LONG_MAX) return undefined;
    return checkExact(Number(big));
  }
  return Number(s);
}

function parse(line: string, counts: { read: number; rejected: Record<string, number> }): Request | null {
  counts.read++;
  const m = LINE.exec(line);
  const reject = (why: string) => ((counts.rejected[why] = (counts.rejected[why] ?? 0) + 1), null);
  if (!m) return reject('no-match');
  const time = parseClfTime(m[4]);
  if (time === null) return reject('bad-time');
  const bytes = parseBytes(m[7]);
  if (bytes === undefined) return reject('bad-number');
  const r = REQUEST.exec(m[5]);
  return {
    host: m[1], ident: dash(m[2]), user: dash(m[3]), time,
    method: r ? r[1] : null, path: r ? r[2] : dash(m[5]), protocol: r ? (r[3] ?? null) : null,
    status: Number(m[6]), bytes, referer: dash(m[8]), agent: dash(m[9]),
  };
}

async function forEachRequest(input: string, fn: (r: Request) => void): Promise<InputCounts> {
  const counts = { read: 0, rejected: {} as Record<string, number> };
  const lines = createInterface({ input: createReadStream(input), crlfDelay: Infinity });
  for await (const line of lines) {
    const r = parse(line, counts);
    if (r) fn(r);
  }
  return counts;
}

const JOBS: { readonly [J in BenchJob]: (input: string, out: string) => Promise<InputCounts> } = {
  async 'access-log-to-csv'(input, out) {
    const fd = openSync(out, 'w');
    let chunk = REQUESTS_HEADER;
    const counts = await forEachRequest(input, (r) => {
      chunk += `${csvField(r.host)},${csvField(r.ident)},${csvField(r.user)},${isoTimestamp(r.time)},${csvField(r.method)},${csvField(r.path)},` +
        `${csvField(r.protocol)},${r.status},${r.bytes ?? ''},${csvField(r.referer)},${csvField(r.agent)}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    });
    writeSync(fd, chunk);
    closeSync(fd);
    return counts;
  },
  async 'traffic-by-hour'(input, out) {
    const hours = new Map<number, HourGroup>();
    const counts = await forEachRequest(input, (r) => {
      const hour = Math.floor(r.time / 3_600_000) * 3_600_000;
      let g = hours.get(hour);
      if (!g) hours.set(hour, (g = { requests: 0, bytes: 0, bytesSeen: false, errors: 0 }));
      g.requests++;
      if (r.bytes !== null) (g.bytes += r.bytes), (g.bytesSeen = true);
      if (r.status >= 500) g.errors++;
    });
    writeFileSync(out, trafficCsv(hours));
    return counts;
  },
  async 'top-pages'(input, out) {
    const pages = new Map<string | null, PageGroup>();
    const counts = await forEachRequest(input, (r) => {
      if (r.status < 200 || r.status > 299) return;
      let g = pages.get(r.path);
      if (!g) pages.set(r.path, (g = { path: r.path, hits: 0, bytes: 0, bytesSeen: false }));
      g.hits++;
      if (r.bytes !== null) (g.bytes += r.bytes), (g.bytesSeen = true);
    });
    writeFileSync(out, topPagesCsv(pages.values()));
    return counts;
  },
};

export const naiveLoop: Peer = (job, input, outDir) => JOBS[job](input, join(outDir, `${OUTPUT_OF[job]}.csv`));
