// Expected results for the example jobs, computed straight from the raw sample log with the plan's
// line regex (plan/formats.ts) and plain JavaScript — independently of the runtime and the compilers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { LOG_LINE_PATTERNS, REQUEST_LINE_REGEX } from '../../plan/index.ts';
import { APACHE_LOGS, HOSTS_CSV, ROOT } from './cli-harness.ts';

export interface LogLine {
  readonly host: string;
  readonly hourMs: number;
  readonly status: number;
  readonly bytes: number | null;
  readonly path: string | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function clfToUtcMs(t: string): number {
  const m = /^(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(t);
  if (!m) throw new Error(`bad time ${t}`);
  const local = Date.UTC(+m[3], MONTHS.indexOf(m[2]), +m[1], +m[4], +m[5], +m[6]);
  const offset = (m[7] === '-' ? -1 : 1) * (+m[8] * 60 + +m[9]) * 60_000;
  return local - offset;
}

export function rawLines(): string[] {
  const text = readFileSync(path.join(ROOT, APACHE_LOGS), 'utf8');
  return text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
}

/** The lines the combined-format regex accepts, with the fields the example jobs use. */
export function parsedLines(): LogLine[] {
  const re = new RegExp(LOG_LINE_PATTERNS.combined!.regex);
  const req = new RegExp(REQUEST_LINE_REGEX);
  const out: LogLine[] = [];
  for (const line of rawLines()) {
    const m = re.exec(line);
    if (!m) continue;
    const request = m[5];
    const r = req.exec(request);
    out.push({
      host: m[1],
      hourMs: Math.floor(clfToUtcMs(m[4]) / 3_600_000) * 3_600_000,
      status: Number(m[6]),
      bytes: m[7] === '-' ? null : Number(m[7]),
      path: r ? r[2] : request === '-' ? null : request,
    });
  }
  return out;
}

const byString = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
const str = (v: number | string | null) => (v === null ? '' : String(v));

/** top-pages: [path, hits, bytes] of the 10 most hit paths among 2xx, ties by path. */
export function topPages(lines: readonly LogLine[]): string[][] {
  const groups = new Map<string | null, { hits: number; bytes: number | null }>();
  for (const l of lines.filter((x) => x.status >= 200 && x.status <= 299)) {
    const g = groups.get(l.path) ?? { hits: 0, bytes: null };
    g.hits++;
    if (l.bytes !== null) g.bytes = (g.bytes ?? 0) + l.bytes;
    groups.set(l.path, g);
  }
  return [...groups]
    .sort(([pa, a], [pb, b]) => b.hits - a.hits || byString(pa, pb))
    .slice(0, 10)
    .map(([p, g]) => [str(p), str(g.hits), str(g.bytes)]);
}

/** status-by-host: [host, requests, ok, client_errors, server_errors, owner, kind], requests desc then host. */
export function statusByHost(lines: readonly LogLine[]): string[][] {
  const owners = new Map(
    (parse(readFileSync(path.join(ROOT, HOSTS_CSV), 'utf8'), { from_line: 2 }) as string[][]).map((r) => [r[0], r]),
  );
  const groups = new Map<string, number[]>();
  for (const l of lines) {
    const g = groups.get(l.host) ?? [0, 0, 0, 0];
    g[0]++;
    if (l.status < 400) g[1]++;
    if (l.status >= 400 && l.status <= 499) g[2]++;
    if (l.status >= 500) g[3]++;
    groups.set(l.host, g);
  }
  return [...groups]
    .sort(([ha, a], [hb, b]) => b[0] - a[0] || byString(ha, hb))
    .map(([h, g]) => [h, ...g.map(String), owners.get(h)?.[1] ?? '', owners.get(h)?.[2] ?? '']);
}

/** traffic-by-hour: number of distinct UTC hours. */
export function hours(lines: readonly LogLine[]): number {
  return new Set(lines.map((l) => l.hourMs)).size;
}

/** path-segments: segment -> hits, for segments with at least 20 hits. */
export function segments(lines: readonly LogLine[]): Map<string, number> {
  const hits = new Map<string, number>();
  for (const l of lines) {
    if (l.path === null) continue;
    const clean = l.path.split('?')[0];
    for (const part of clean.split('/').filter((p) => p !== '')) hits.set(part, (hits.get(part) ?? 0) + 1);
  }
  return new Map([...hits].filter(([, n]) => n >= 20));
}
