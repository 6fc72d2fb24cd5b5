// `emr-jobs backfill <pipeline>`: one pipeline run per partition value from --from to --to, each the same
// stage runs as `run <pipeline> --param <partition>=<value> --out <out>/<partition>=<value>`, then the
// partition's success marker. Partitions whose marker holds this pipeline hash and these parameters are
// skipped; an interrupted or failed partition has no marker, so the next backfill runs it again.
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipelineHash, stageOrder, templateParams, allParams, type PipelinePartition, type PipelinePlan } from '../plan/index.ts';
import { childPath } from '../runtime/path-guard.ts';
import { backfillProgress, type BackfillProgress } from './backfill-progress.ts';
import { printWarning } from './error-printer.ts';
import { classify, EXIT_FAILED, EXIT_USAGE, exitWith } from './exit-codes.ts';
import { withInterruptScope, type HandledSignal, type InterruptScope } from './interrupt-scope.ts';
import { localInputOf } from './input-binder.ts';
import { displayPath } from './job-paths.ts';
import type { LoadedPipeline } from './load-job.ts';
import { prepareOutputFolder } from './output-folder.ts';
import { acquireOutputLock } from './output-lock.ts';
import { flagText, partitionPaths, partitionSubfolder } from './partition-inputs.ts';
import { judgeMarker, MARKER_FORMAT, readMarker, removeMarker, writeMarker, type MarkerVerdict, type StageMark } from './partition-marker.ts';
import { partitionRange } from './partition-range.ts';
import { bindPipelineInputs, bindPipelineParams, pipelineInputTemplates, runStages, type PipelineEngine } from './pipeline-run.ts';
import { projectLayout } from './project-root.ts';
import { appendRunRecord, newRunRecord, partitionOf, type RunRecord } from './run-log.ts';
import { renderTable } from './table-printer.ts';

/** More partitions than this in one backfill need --yes (a typo in --from should not start years of runs). */
export const BACKFILL_CONFIRM_LIMIT = 1000;

export interface BackfillFlags {
  readonly from: string;
  readonly to: string;
  readonly concurrency: number;
  readonly local?: string[];
  readonly input?: Record<string, string[]>;
  readonly param?: Record<string, string>;
  readonly engine: PipelineEngine;
  readonly out?: string;
  readonly force?: boolean;
  readonly failFast?: boolean;
  readonly yes?: boolean;
  /** On EMR (cli/backfill-emr.ts) instead of locally. */
  readonly emr?: boolean;
  readonly maxRejects?: number;
  readonly maxRejectRate?: number;
  readonly batchSize?: number;
}

export type PartitionStatus = 'done' | 'skipped' | 'failed' | 'interrupted' | 'not run';

interface PartitionResult {
  readonly status: PartitionStatus;
  readonly rows: number | null;
  readonly seconds: number | null;
  readonly note: string;
}

const usage = (message: string) => exitWith(EXIT_USAGE, 'usage', message);
const num = (n: number) => n.toLocaleString('en-US');
const totalRows = (stages: readonly StageMark[]) => stages.reduce((n, s) => Object.values(s.rows).reduce((m, r) => m + r, n), 0);

/** The flags a backfill's range, parameters and inputs come from, on EMR as locally. */
export type BackfillRangeFlags = Pick<BackfillFlags, 'from' | 'to' | 'param' | 'yes' | 'local' | 'input'>;

/**
 * The partition values from --from to --to, each one's parameters and its --local/--input paths; every
 * usage error (no partition parameter, a bad bound or --param, a template naming no parameter) comes here,
 * before anything runs.
 */
export function backfillRange(loaded: LoadedPipeline, flags: BackfillRangeFlags) {
  const p = loaded.pipeline;
  const part = p.partition;
  if (!part) throw usage(`pipeline '${p.pipeline}' names no partition parameter, so it cannot be backfilled: declare one with p.partition('date', 'daily') in ${displayPath(loaded.file)}`);
  const given = flags.param ?? {};
  if (part.param in given) throw usage(`--param ${part.param}=...: backfill gives the partition parameter '${part.param}' itself, one value per partition from --from to --to; drop it`);
  const values = partitionRange(flags.from, flags.to, part.grain, { limit: BACKFILL_CONFIRM_LIMIT, yes: flags.yes === true });
  const paramsFor = (value: string) => bindPipelineParams(p, { ...given, [part.param]: value });
  paramsFor(values[0]); // unknown or ill-typed --param values: a usage error before anything runs
  checkPathTemplates(p, flags);
  return { part, values, paramsFor, inputsFor: partitionInputs(p, part, flags) };
}

export async function runBackfill(loaded: LoadedPipeline, flags: BackfillFlags): Promise<void> {
  const p = loaded.pipeline;
  const { part, values, paramsFor, inputsFor } = backfillRange(loaded, flags);
  const stages = stageOrder(p);
  const hash = pipelineHash(p);
  const folder = prepareOutputFolder(flags.out ?? childPath(projectLayout().outDir, p.pipeline));
  const names = values.map((v) => `${part.param}=${v}`);
  const results = new Map<string, PartitionResult>();
  const running = new Set<string>();
  const started = Date.now();
  let failed = false;

  const runOne = async (value: string, name: string, scope: InterruptScope, progress: BackfillProgress): Promise<PartitionResult> => {
    const dir = path.join(folder.dir, name);
    const params = paramsFor(value);
    const marker = readMarker(dir);
    const verdict: MarkerVerdict = flags.force ? { done: false, why: marker ? 'forced (--force)' : null } : judgeMarker(marker, hash, params.texts);
    if (verdict.done) return { status: 'skipped', rows: totalRows(marker!.stages), seconds: null, note: `done ${marker!.finished}` };
    if (failed && flags.failFast) return { status: 'not run', rows: null, seconds: null, note: 'an earlier partition failed (--fail-fast)' };
    const t0 = new Date();
    running.add(name);
    progress.started(name, verdict.why);
    let bound = false;
    try {
      const { local, named } = inputsFor(params.texts);
      const inputFiles = bindPipelineInputs(p, stages, params, local, named);
      bound = true;
      mkdirSync(dir, { recursive: true });
      removeMarker(dir);
      const runs = await runStages(p, stages, params, inputFiles, { ...flags, rows: 0 }, dir, scope, () => {});
      const marks = runs.map((r) => ({ stage: r.stage.name, engine: r.engine, rows: Object.fromEntries(r.summary.outputs.map((o) => [o.output, o.rows])) }));
      const seconds = (Date.now() - t0.getTime()) / 1000;
      writeMarker(dir, {
        format: MARKER_FORMAT,
        pipeline: p.pipeline,
        pipelineHash: hash,
        partition: { param: part.param, value },
        params: params.texts,
        stages: marks,
        started: t0.toISOString(),
        finished: new Date().toISOString(),
        seconds,
      });
      return { status: 'done', rows: totalRows(marks), seconds, note: verdict.why ? `ran again: ${verdict.why}` : '' };
    } catch (e) {
      // Interrupted: the scope stops the process; this partition keeps no marker.
      if (scope.signal.aborted) throw e;
      failed = true;
      const note = classify(e).error.describe().replace(/\s*\n\s*/g, ' ');
      // A partition whose inputs could not be bound ran no stage, so no stage logged it: log it here.
      if (!bound) appendRunRecord(unboundPartitionRecord(p, hash, params.texts, flags.engine, t0, note));
      return { status: 'failed', rows: null, seconds: (Date.now() - t0.getTime()) / 1000, note };
    } finally {
      running.delete(name);
    }
  };

  const table = () => {
    const rows = names.map((name) => {
      const r = results.get(name) ?? { status: running.has(name) ? 'interrupted' : 'not run', rows: null, seconds: null, note: running.has(name) ? 'no marker: runs again next time' : '' };
      return [name, r.status, r.rows === null ? null : num(r.rows), r.seconds === null ? null : r.seconds.toFixed(2), r.note];
    });
    return renderTable(['partition', 'status', 'rows written', 'seconds', 'note'], rows, 80);
  };
  const overall = (interrupted?: HandledSignal) => {
    const count = (s: PartitionStatus) => [...results.values()].filter((r) => r.status === s).length;
    const parts = (['done', 'skipped', 'failed'] as const).map((s) => `${count(s)} ${s}`);
    if (interrupted) parts.push(`${running.size} interrupted`, `${names.length - results.size - running.size} not run`);
    else if (count('not run')) parts.push(`${count('not run')} not run`);
    const range = values.length === 1 ? values[0] : `${values[0]} to ${values[values.length - 1]}`;
    return `backfill ${p.pipeline}: ${num(names.length)} ${part.grain} partition${names.length === 1 ? '' : 's'} (${range}): ${parts.join(', ')} in ${((Date.now() - started) / 1000).toFixed(2)} s; outputs in ${displayPath(folder.dir)}`;
  };

  await withInterruptScope(
    async (scope) => {
      const lock = acquireOutputLock(folder.dir, folder.shown, printWarning);
      scope.defer({ remove: () => lock.release() });
      const progress = backfillProgress(names.length, `backfill ${p.pipeline}`);
      scope.defer({ remove: () => progress.stop() });
      try {
        await inPool(values.length, flags.concurrency, async (i) => {
          const r = await runOne(values[i], names[i], scope, progress);
          results.set(names[i], r);
          progress.finished(names[i], r.status === 'skipped' ? 'skipped (done)' : r.status, r.status === 'failed' ? r.note : r.rows === null ? '' : `${num(r.rows)} rows${r.seconds === null ? '' : ` in ${r.seconds.toFixed(2)} s`}`);
        });
      } finally {
        progress.stop();
        lock.release();
      }
    },
    { describe: (signal) => `${table()}\n${signal}: ${overall(signal)}; rerun the same command to finish the rest` },
  );
  process.stdout.write(`${table()}\n${overall()}\n`);
  const failures = names.filter((n) => results.get(n)?.status === 'failed');
  if (failures.length) {
    for (const n of failures) process.stderr.write(`${n}: ${results.get(n)!.note}\n`);
    throw exitWith(EXIT_FAILED, 'runtime', `${failures.length} of ${names.length} partitions failed (${failures.join(', ')}); rerun the same command to retry them (done partitions are skipped)`);
  }
}

/** Runs `task(0..count-1)` with at most `limit` at once, in index order of starting. */
async function inPool(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}

/**
 * A placeholder in a --local or --input template must be a parameter (the partition's, or one with a
 * value); a path without one must be a folder of partition subfolders, not a file.
 */
function checkPathTemplates(p: PipelinePlan, flags: BackfillRangeFlags): void {
  const declared = allParams(p).map((d) => d.name);
  const given = [...(flags.local ?? []).map((g) => ['--local', g] as const), ...Object.entries(flags.input ?? {}).flatMap(([n, gs]) => gs.map((g) => [`--input ${n}=`, g] as const))];
  for (const [flag, g] of given) {
    const unknown = templateParams(g).filter((n) => !declared.includes(n));
    if (unknown.length) throw usage(`${flagText(flag, g)}: the template names {${unknown[0]}}, which is not a parameter of pipeline '${p.pipeline}' (parameters: ${declared.join(', ')})`);
    if (!templateParams(g).length && statSync(g, { throwIfNoEntry: false })?.isFile()) {
      throw usage(`${flagText(flag, g)}: a file; backfill reads a folder holding one subfolder per partition, or a path template such as logs/{${p.partition!.param}}.log`);
    }
  }
}

/** Per partition: the --local and --input paths of the range turned into that partition's own. */
function partitionInputs(p: PipelinePlan, part: PipelinePartition, flags: BackfillRangeFlags) {
  const templates = pipelineInputTemplates(p, stageOrder(p));
  const named = flags.input ?? {};
  const unbound = Object.keys(templates).filter((n) => !(n in named));
  const withTemplate = Object.fromEntries(Object.entries(templates).filter(([, t]) => t !== undefined)) as Record<string, string>;
  const localInput = localInputOf(unbound, withTemplate);
  const sub = (input: string | undefined) => partitionSubfolder(input === undefined ? undefined : templates[input], part);
  return (texts: Readonly<Record<string, string>>) => ({
    local: flags.local === undefined ? undefined : partitionPaths('--local', flags.local, sub(localInput), texts),
    named: Object.fromEntries(Object.entries(named).map(([n, gs]) => [n, partitionPaths(`--input ${n}=`, gs, sub(n), texts)])),
  });
}

/** The failed run of a partition that ended before its first stage (an input missing, say): no inputs, no outputs. */
function unboundPartitionRecord(p: PipelinePlan, hash: string, params: Readonly<Record<string, string>>, engine: PipelineEngine, started: Date, error: string): RunRecord {
  return newRunRecord({
    kind: 'pipeline', job: p.pipeline, pipeline: p.pipeline, stage: null, partition: partitionOf(p, params), planHash: hash, params,
    inputs: [], outputs: [], rejected: null, checks: null, started: started.toISOString(), ended: new Date().toISOString(),
    status: 'failed', error, engine, clusterId: null, costUsd: null, owner: p.owner ?? null, freshWithin: p.freshWithin ?? null,
  });
}
