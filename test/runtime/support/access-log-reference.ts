// Test support: an independent, line-by-line reading of Combined Log Format files (readline and the
// shared regex from plan/formats.ts), producing plain JS records for reference computations.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { LOG_LINE_PATTERNS, REQUEST_LINE_REGEX } from '../../../plan/index.ts';

export interface LogRecord {
  host: string;
  ident: string | null;
  user: string | null;
  /** epoch ms, UTC */
  time: number;
  method: string | null;
  path: string | null;
  protocol: string | null;
  status: number;
  bytes: bigint | null;
  referer: string | null;
  agent: string | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dash = (s: string) => (s === '-' ? null : s);

/** `17/May/2015:10:05:03 +0000` as epoch ms, or null. */
function clfTime(s: string): number | null {
  const m = /^(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(s);
  if (!m || !MONTHS.includes(m[2])) return null;
  const local = Date.UTC(+m[3], MONTHS.indexOf(m[2]), +m[1], +m[4], +m[5], +m[6]);
  const offset = (m[7] === '-' ? -1 : 1) * (+m[8] * 60 + +m[9]) * 60_000;
  return local - offset;
}

export async function readCombinedLog(path: string): Promise<{ records: LogRecord[]; rejectedLines: number[] }> {
  const re = new RegExp(LOG_LINE_PATTERNS.combined!.regex);
  const req = new RegExp(REQUEST_LINE_REGEX);
  const records: LogRecord[] = [];
  const rejectedLines: number[] = [];
  let lineNo = 0;
  for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    lineNo++;
    const m = re.exec(line);
    const time = m ? clfTime(m[4]) : null;
    if (!m || time === null) {
      rejectedLines.push(lineNo);
      continue;
    }
    const r = req.exec(m[5]);
    records.push({
      host: m[1],
      ident: dash(m[2]),
      user: dash(m[3]),
      time,
      method: r ? r[1] : null,
      path: r ? r[2] : dash(m[5]),
      protocol: r ? (r[3] ?? null) : null,
      status: Number(m[6]),
      bytes: m[7] === '-' ? null : BigInt(m[7]),
      referer: dash(m[8]),
      agent: dash(m[9]),
    });
  }
  return { records, rejectedLines };
}
