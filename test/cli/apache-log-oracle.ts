// Expected results for the example jobs, computed straight from the raw sample log with the plan's
// line regex (plan/formats.ts) and plain JavaScript — independently of the runtime and the compilers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { LOG_LINE_PATTERNS, REQUEST_LINE_REGEX } from '../../plan/index.ts';
import { APACHE_LOGS, HOSTS_CSV, ROOT } from './cli-harness.ts';

export interface LogLine {
  readonly host: string;
  readonly timeMs: number;
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
      timeMs: clfToUtcMs(m[4]),
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

const byHost = (lines: readonly LogLine[]): Map<string, LogLine[]> => {
  const out = new Map<string, LogLine[]>();
  for (const l of lines) out.set(l.host, [...(out.get(l.host) ?? []), l]);
  return out;
};

interface Session {
  start: number;
  end: number;
  n: number;
  readonly pages: Set<string>;
}

/**
 * sessions: [host, session, start, end, requests, pages, length_s] per 30-minute session of a host (a new
 * session after a gap of more than 1,800 s), sorted by host then session.
 */
export function sessions(lines: readonly LogLine[]): string[][] {
  const out: string[][] = [];
  for (const [host, ls] of [...byHost(lines)].sort(([a], [b]) => byString(a, b))) {
    const times = ls.map((l) => l.timeMs);
    const sorted = ls.map((l, i) => [l, times[i]] as const).sort((a, b) => a[1] - b[1]);
    let current: Session | null = null;
    const done: Session[] = [];
    for (const [l, t] of sorted) {
      if (current === null || t - current.end > 1_800_000) {
        if (current) done.push(current);
        current = { start: t, end: t, n: 0, pages: new Set() };
      }
      current.end = t;
      current.n++;
      if (l.path !== null) current.pages.add(l.path);
    }
    if (current) done.push(current);
    done.forEach((x, i) => out.push([
      host, String(i + 1), new Date(x.start).toISOString(), new Date(x.end).toISOString(), String(x.n), String(x.pages.size), String(Math.trunc((x.end - x.start) / 1000)),
    ]));
  }
  return out;
}

/** top-paths-per-host: [host, path, hits, rank] of each host's 3 most hit paths (ties by path), by host then rank. */
export function topPathsPerHost(lines: readonly LogLine[]): string[][] {
  const out: string[][] = [];
  for (const [host, ls] of [...byHost(lines)].sort(([a], [b]) => byString(a, b))) {
    const hits = new Map<string | null, number>();
    for (const l of ls) hits.set(l.path, (hits.get(l.path) ?? 0) + 1);
    [...hits].sort(([pa, a], [pb, b]) => b - a || byString(pa, pb)).slice(0, 3).forEach(([p, n], i) => out.push([host, str(p), String(n), String(i + 1)]));
  }
  return out;
}
