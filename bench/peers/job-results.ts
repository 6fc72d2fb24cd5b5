// The final step of traffic-by-hour and top-pages for the hand-written peers: order the groups as the job
// does and write them as CSV text.
import { csvField, formatDouble, isoTimestamp } from './csv-text.ts';

export const REQUESTS_HEADER = 'host,ident,user,time,method,path,protocol,status,bytes,referer,agent\n';

export interface HourGroup {
  requests: number;
  /** Sum of non-null bytes; `bytesSeen` false means every value was null (the sum is null). */
  bytes: number;
  bytesSeen: boolean;
  errors: number;
}

export interface PageGroup {
  readonly path: string | null;
  hits: number;
  bytes: number;
  bytesSeen: boolean;
}

/** Sums stay exact only below 2^53; past it these peers would be wrong, so they stop instead. */
export function checkExact(sum: number): number {
  if (sum > Number.MAX_SAFE_INTEGER) throw new Error('a bytes sum passed 2^53: this peer sums in doubles');
  return sum;
}

/** Rows ordered by hour (keys are the hours' epoch ms). */
export function trafficCsv(hours: ReadonlyMap<number, HourGroup>): string {
  const keys = [...hours.keys()].sort((a, b) => a - b);
  let out = 'hour,requests,bytes,errors,error_rate\n';
  for (const k of keys) {
    const g = hours.get(k)!;
    out += `${isoTimestamp(k)},${g.requests},${g.bytesSeen ? checkExact(g.bytes) : ''},${g.errors},${formatDouble(g.errors / g.requests)}\n`;
  }
  return out;
}

/** Paths compare by UTF-16 code units; null sorts first ascending. */
function comparePaths(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** The ten groups with most hits (ties by path). */
export function topPagesCsv(pages: Iterable<PageGroup>): string {
  const top = [...pages].sort((a, b) => b.hits - a.hits || comparePaths(a.path, b.path)).slice(0, 10);
  let out = 'path,hits,bytes\n';
  for (const p of top) out += `${csvField(p.path)},${p.hits},${p.bytesSeen ? checkExact(p.bytes) : ''}\n`;
  return out;
}
