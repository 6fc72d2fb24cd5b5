// Summarises V8 CPU profiles (`.cpuprofile` files, as `npm run bench -- --profile` or `node --cpu-prof`
// write them): self time per function and per file, heaviest first.
//   tsx bench/profile-summary.ts bench/.data/profiles/1m-traffic-by-hour.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from './harness/paths.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

const where = (url: string): string => {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith(PROJECT_ROOT) ? relative(PROJECT_ROOT, path) : path.replace(/^.*node_modules\//, '');
};

/** Self time by function and by file over one or more profiles. */
export function summarizeProfiles(files: readonly string[]): { functions: HotSpot[]; files: HotSpot[]; totalMs: number } {
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    const p = JSON.parse(readFileSync(f, 'utf8')) as CpuProfile;
    const nodes = new Map(p.nodes.map((n) => [n.id, n]));
    p.samples.forEach((id, i) => {
      // The first delta runs from the profiler's start to the first sample: it is the profiler starting.
      const ms = i === 0 ? 0 : (p.timeDeltas[i] ?? 0) / 1000;
      const c = nodes.get(id)!.callFrame;
      const file = where(c.url);
      // tsx runs each module as one transpiled line: a function and its file are all a profile can tell.
      const fn = `${c.functionName || '(anonymous)'} ${file}`;
      byFn.set(fn, (byFn.get(fn) ?? 0) + ms);
      byFile.set(file, (byFile.get(file) ?? 0) + ms);
      total += ms;
    });
  }
  const top = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).map(([name, ms]) => ({ name, ms, share: total ? ms / total : 0 }));
  return { functions: top(byFn), files: top(byFile), totalMs: total };
}

export function formatHotSpots(s: { readonly functions: readonly HotSpot[]; readonly files: readonly HotSpot[]; readonly totalMs: number }, topN: number): string {
  const line = (h: HotSpot) => `  ${(100 * h.share).toFixed(1).padStart(5)}%  ${h.ms.toFixed(0).padStart(7)} ms  ${h.name}`;
  return [
    `self time over ${s.totalMs.toFixed(0)} ms of samples; by function:`,
    ...s.functions.slice(0, topN).map(line),
    'by file:',
    ...s.files.slice(0, Math.ceil(topN / 2)).map(line),
  ].join('\n');
}

function main(argv: string[]): void {
  const i = argv.indexOf('--top');
  const topN = i >= 0 ? Number(argv[i + 1]) : 25;
  const files = argv.filter((a, k) => a !== '--top' && (i < 0 || k !== i + 1));
  if (files.length === 0) {
    process.stderr.write('usage: tsx bench/profile-summary.ts <file.cpuprofile>... [--top N]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatHotSpots(summarizeProfiles(files), topN)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
