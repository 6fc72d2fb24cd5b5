// Runs one measurement child (`node --import tsx measure-child.ts`) and reads its report line.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { OUTPUT_OF } from '../peers/peer-types.ts';
import { REPORT_PREFIX, type ChildReport, type ChildRequest } from './child-protocol.ts';
import type { Measurement } from './measurement.ts';
import { BENCH_DIR, PROJECT_ROOT } from './paths.ts';

const CHILD = join(BENCH_DIR, 'harness', 'measure-child.ts');

export async function runChild(req: ChildRequest): Promise<Measurement> {
  const args = ['--import', 'tsx', CHILD, JSON.stringify(req)];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-8000)));
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  const e2eMs = performance.now() - t0;
  const line = stdout.split('\n').find((l) => l.startsWith(REPORT_PREFIX));
  if (code !== 0 || !line) throw new Error(`${req.impl} ${req.job} exited with ${code}:\n${stderr.trim() || stdout.trim()}`);
  const report = JSON.parse(line.slice(REPORT_PREFIX.length)) as ChildReport;
  return {
    ms: report.ms,
    e2eMs,
    rssMb: report.maxRssKb / 1024,
    rssHow: 'maxrss',
    counts: report.counts,
    output: join(req.outDir, `${OUTPUT_OF[req.job]}.csv`),
  };
}
