// jobs/alb-latency.ts worked out in plain code from the ALB log text: fields split by hand, the -1 of a
// request no target answered counted as failed and left out, percentiles by Spark's interpolation rule.
import { readFileSync } from 'node:fs';

/** target group, hour (ISO), requests, failed, p50, p95, p99 (null when no request was answered). */
export type LatencyRow = [string | null, string, number, number, number | null, number | null, number | null];

/** A log line's fields: quoted strings or runs of non-spaces. */
const fields = (line: string): string[] => line.match(/"[^"]*"|\S+/g) ?? [];

function percentileOf(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * p;
  const lo = sorted[Math.floor(pos)];
  const hi = sorted[Math.ceil(pos)];
  return lo + (pos - Math.floor(pos)) * (hi - lo);
}

export function albLatency(file: string): LatencyRow[] {
  const groups = new Map<string, { group: string | null; hour: string; requests: number; failed: number; seconds: number[] }>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const f = fields(line);
    if (f.length < 17) continue;
    // 1: time, 6: target_processing_time, 16: target_group_arn ('-' when there is none).
    const hour = `${f[1].slice(0, 13)}:00:00.000Z`;
    const group = f[16] === '-' ? null : f[16];
    const key = JSON.stringify([group, hour]);
    const g = groups.get(key) ?? { group, hour, requests: 0, failed: 0, seconds: [] };
    groups.set(key, g);
    g.requests++;
    const t = Number(f[6]);
    if (t < 0) g.failed++;
    else g.seconds.push(t);
  }
  const rows = [...groups.values()].map((g): LatencyRow => {
    const s = [...g.seconds].sort((a, b) => a - b);
    return [g.group, g.hour, g.requests, g.failed, percentileOf(s, 0.5), percentileOf(s, 0.95), percentileOf(s, 0.99)];
  });
  // The job orders by group (nulls first) then hour.
  const text = (v: string | null) => v ?? '';
  return rows.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] === null ? -1 : b[0] === null ? 1 : text(a[0]) < text(b[0]) ? -1 : 1));
}
