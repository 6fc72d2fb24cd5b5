// `emr-jobs backfill <pipeline> --emr`: reads every partition's success marker in S3, then runs the pending
// partitions as the steps of one transient cluster (emr/backfill-submission.ts), partition after partition,
// each ended by a step writing its marker; the final table comes from the steps' states.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AwsClients } from '../emr/aws-clients.ts';
import { closeClients, makeClients } from '../emr/aws-clients.ts';
import { backfillDryRunDocument, backfillStepsText, markerUri, planBackfillSubmission, type BackfillSubmission, type PlannedPartition } from '../emr/backfill-submission.ts';
import { readS3Markers } from '../emr/partition-marker-reader.ts';
import type { EmrProfile } from '../emr/profile.ts';
import type { SubmitOutcome } from '../emr/submit.ts';
import { describeRun, type StepView } from '../emr/wait.ts';
import { backfillRange, type BackfillRangeFlags } from './backfill-run.ts';
import { dryRunOrRun, logRemoteRun, runOnCluster, withInputMeasurer } from './emr-run.ts';
import { EXIT_FAILED, exitWith, type CliExit } from './exit-codes.ts';
import type { LoadedPipeline } from './load-job.ts';
import { judgeMarker } from './partition-marker.ts';
import { pipelineBundle, pipelineInputs, usageErrors } from './pipeline-submit.ts';
import type { RunStatus } from './run-log.ts';
import { renderTable } from './table-printer.ts';

export interface BackfillEmrFlags extends BackfillRangeFlags {
  readonly force?: boolean;
  readonly dryRun?: boolean;
  readonly maxCost?: number;
}

export type EmrPartitionStatus = 'done' | 'skipped' | 'failed' | 'cancelled' | 'not run';

interface Row {
  readonly status: EmrPartitionStatus;
  readonly steps: string;
  readonly seconds: number | null;
  readonly note: string;
}

export async function runBackfillOnEmr(loaded: LoadedPipeline, flags: BackfillEmrFlags, profile: EmrProfile): Promise<void> {
  const p = loaded.pipeline;
  const { part, values, paramsFor, inputsFor } = backfillRange(loaded, flags);
  const names = values.map((v) => `${part.param}=${v}`);
  const texts = values.map((v) => paramsFor(v).texts);
  const inputs = values.map((_, i) => {
    const { local, named } = inputsFor(texts[i]);
    return pipelineInputs(p, { local, input: named }, texts[i]);
  });
  const { bundle, cleanup } = await pipelineBundle({ kind: 'file', loaded });
  const markerDir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-markers-'));
  try {
    const hash = bundle.manifest.pipelineHash;
    const rows = new Map<string, Row>();
    const why = new Map<string, string>();
    // Partitions with a marker (done or not): one that runs again has it removed by its first step.
    const stale = new Set<string>();
    if (flags.dryRun) {
      process.stderr.write(`dry run: success markers are not read: every partition from --from to --to is shown (only the inputs are listed, for the cost)\n`);
    } else {
      const aws = makeClients(profile);
      try {
        const markers = await readS3Markers(aws.s3, names.map((n) => markerUri(profile, p.pipeline, n)));
        markers.forEach((m, i) => {
          if (m) stale.add(names[i]);
          const verdict = flags.force ? { done: false as const, why: m ? 'forced (--force)' : null } : judgeMarker(m, hash, texts[i]);
          if (verdict.done) rows.set(names[i], { status: 'skipped', steps: '', seconds: null, note: `done by run ${m!.runId}` });
          else if (verdict.why) why.set(names[i], `ran again: ${verdict.why}`);
        });
      } finally {
        closeClients(aws);
      }
    }
    const pending = values.flatMap((value, i) => (rows.has(names[i]) ? [] : [{ value, params: texts[i], inputs: inputs[i], clearMarker: stale.has(names[i]) }]));
    const range = values.length === 1 ? values[0] : `${values[0]} to ${values.at(-1)}`;
    const overall = (cluster: string) => {
      const count = (s: EmrPartitionStatus) => names.filter((n) => rows.get(n)?.status === s).length;
      const parts = (['done', 'skipped', 'failed', 'cancelled', 'not run'] as const).filter((s) => s === 'done' || s === 'skipped' || count(s)).map((s) => `${count(s)} ${s}`);
      return `backfill ${p.pipeline} on EMR: ${names.length} ${part.grain} partition${names.length === 1 ? '' : 's'} (${range}): ${parts.join(', ')}${cluster}`;
    };
    const table = () =>
      renderTable(['partition', 'status', 'steps', 'seconds', 'note'], names.map((n) => {
        const r = rows.get(n)!;
        return [n, r.status, r.steps, r.seconds === null ? null : r.seconds.toFixed(0), r.note];
      }), 80);
    if (pending.length === 0) {
      process.stdout.write(`${table()}\n${overall('; nothing to run, no cluster started')}\n`);
      return;
    }
    const submission = await withInputMeasurer(profile, (measure) => usageErrors(() => planBackfillSubmission({ bundle, partition: part, partitions: pending, profile, markerDir, measure })));
    process.stderr.write(`${backfillStepsText(submission, { cost: flags.dryRun })}\n`);
    if (flags.dryRun) return dryRunOrRun(submission, () => backfillDryRunDocument(submission), profile, flags);
    const started = new Date().toISOString();
    await runOnCluster(submission, profile, flags, async (outcome, aws) => {
      const steps = await stepsOf(outcome, aws);
      for (const x of submission.partitions) rows.set(x.name, rowOf(x, steps, why.get(x.name)));
      // One run-log record per partition that ran (done, failed or stopped), as a local backfill writes them.
      for (const x of submission.partitions) {
        const row = rows.get(x.name)!;
        const status = RECORDED[row.status];
        if (status === undefined) continue;
        const outputs = Object.fromEntries(Object.entries(submission.outputs).flatMap(([k, uri]) => (k.startsWith(`${x.name}/`) ? [[k.slice(x.name.length + 1), uri]] : [])));
        const log = { kind: 'pipeline' as const, pipeline: p.pipeline, partition: x.name, owner: p.owner ?? null, freshWithin: p.freshWithin ?? null, params: x.params, inputs: pending.find((q) => q.value === x.value)!.inputs, engine: 'emr' as const };
        await logRemoteRun(log, { job: p.pipeline, planHash: hash, outputs, started, status, error: status === 'failed' ? row.note : null, clusterId: outcome.clusterId, costUsd: null }, aws.s3, profile);
      }
      const cluster = outcome.clusterId ? `; cluster ${outcome.clusterId}` : '';
      process.stdout.write(`${table()}\n${overall(cluster)}\n`);
      return failure(submission, rows);
    });
  } finally {
    rmSync(markerDir, { recursive: true, force: true });
    cleanup();
  }
}

/** A partition's record status; partitions not run (or skipped as done) get no record. */
const RECORDED: Partial<Record<EmrPartitionStatus, RunStatus>> = { done: 'succeeded', failed: 'failed', cancelled: 'interrupted' };

/** The run's steps as the cluster last showed them (read again after an interruption ended it). */
async function stepsOf(outcome: SubmitOutcome, aws: AwsClients): Promise<readonly StepView[]> {
  if (outcome.kind === 'succeeded' || outcome.kind === 'failed') return outcome.view.steps;
  if (outcome.clusterId === null) return [];
  try {
    return (await describeRun(aws.emr, outcome.clusterId)).steps;
  } catch {
    return []; // the table then shows every partition not run: its marker, not this table, is the truth
  }
}

/** A partition's status from its steps: every one completed (the marker's too) is done. */
function rowOf(x: PlannedPartition, all: readonly StepView[], why: string | undefined): Row {
  const steps = x.steps.map((p) => all.find((s) => s.name === p.name));
  const completed = steps.filter((s) => s?.state === 'COMPLETED').length;
  const starts = steps.flatMap((s) => (s?.started ? [s.started.getTime()] : []));
  const ends = steps.flatMap((s) => (s?.ended ? [s.ended.getTime()] : []));
  const seconds = starts.length && ends.length ? (Math.max(...ends) - Math.min(...starts)) / 1000 : null;
  const count = `${completed}/${steps.length}`;
  const failed = steps.findIndex((s) => s?.state === 'FAILED');
  if (completed === steps.length) return { status: 'done', steps: count, seconds, note: why ?? '' };
  if (failed >= 0) return { status: 'failed', steps: count, seconds, note: `${x.steps[failed].does} failed: no marker` };
  const began = steps.some((s) => s?.started || (s && ['RUNNING', 'COMPLETED'].includes(s.state)));
  if (began) return { status: 'cancelled', steps: count, seconds, note: 'stopped before its marker: runs again next time' };
  return { status: 'not run', steps: count, seconds: null, note: '' };
}

function failure(s: BackfillSubmission, rows: ReadonlyMap<string, Row>): CliExit | void {
  const failed = s.partitions.filter((x) => rows.get(x.name)?.status === 'failed').map((x) => x.name);
  if (failed.length === 0) return;
  const notRun = s.partitions.filter((x) => rows.get(x.name)?.status === 'not run').length;
  return exitWith(EXIT_FAILED, 'engine', `${failed.join(', ')} failed${notRun ? ` and ${notRun} partition${notRun === 1 ? '' : 's'} after it did not run` : ''} (the cluster terminates on a failed step); rerun the same command to run the partitions without a marker`);
}
