// A measurement child: runs one implementation on one job and input, then prints its time, peak RSS and
// input counts on one line. One process per measurement, so peak RSS belongs to that run alone.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JobDefinition } from '../../dsl/index.ts';
import { byteScanner } from '../peers/byte-scanner.ts';
import { duckdbPeer } from '../peers/duckdb-peer.ts';
import { naiveLoop } from '../peers/naive-loop.ts';
import type { BenchJob, Peer } from '../peers/peer-types.ts';
import { REPORT_PREFIX, type ChildReport, type ChildRequest } from './child-protocol.ts';
import { BEFORE_ROOT_ENV, type ChildImpl } from './implementations.ts';

/**
 * The runtime as a Peer: the job's plan is built here, before the clock starts. `root`: the checkout whose
 * runtime runs (this one by default); the plan is always this checkout's.
 */
async function runtimePeer(job: BenchJob, root?: string): Promise<Peer> {
  const module = root === undefined ? '../../runtime/index.ts' : pathToFileURL(join(root, 'runtime', 'index.ts')).href;
  const runtime = (await import(module)) as Partial<typeof import('../../runtime/index.ts')>;
  if (typeof runtime.runPlan !== 'function') throw new Error('runtime/index.ts does not export runPlan yet');
  const runPlan = runtime.runPlan;
  const plan = ((await import(`../../jobs/${job}.ts`)) as { default: JobDefinition }).default.plan();
  return async (_job, input, outDir) => {
    const result = await runPlan(plan, { logs: input }, { outDir });
    const logs = result.inputs.find((i) => i.name === 'logs');
    return logs ? { read: logs.rowsRead, rejected: logs.byReason } : null;
  };
}

const PEERS: { readonly [I in ChildImpl]: (job: BenchJob) => Promise<Peer> } = {
  runtime: (job) => runtimePeer(job),
  'runtime-before': (job) => {
    const root = process.env[BEFORE_ROOT_ENV];
    if (!root) throw new Error(`runtime-before needs --before DIR (${BEFORE_ROOT_ENV} is not set)`);
    return runtimePeer(job, root);
  },
  naive: async () => naiveLoop,
  scanner: async () => byteScanner,
  'duckdb-regex': async () => duckdbPeer('regex'),
  'duckdb-split': async () => duckdbPeer('split'),
};

/** Profiles from here on, so module loading and plan building stay out of the profile. */
async function startProfiler(): Promise<{ stop(): Promise<unknown> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

async function main(): Promise<void> {
  const req = JSON.parse(process.argv[2]) as ChildRequest;
  const peer = await PEERS[req.impl](req.job);
  mkdirSync(req.outDir, { recursive: true });
  const profiler = req.cpuProfile ? await startProfiler() : null;
  const t0 = performance.now();
  const counts = await peer(req.job, req.input, req.outDir);
  const ms = performance.now() - t0;
  if (profiler) writeFileSync(req.cpuProfile!, JSON.stringify(await profiler.stop()));
  const report: ChildReport = { ms, maxRssKb: process.resourceUsage().maxRSS, counts };
  process.stdout.write(`${REPORT_PREFIX}${JSON.stringify(report)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
