// How long a run is expected to take on a cluster, from what it reads: the cluster's start-up, then each step's
// passes over its input bytes (one to read, one more per shuffle in its plan) at a throughput per vCPU of the
// core and task nodes that depends on the step's engine and shape. The constants are calibrated assumptions,
// written down in docs/emr.md ("How the cost is estimated").
import { sampleOnlyNodes, type NodeKind, type Plan } from '../plan/index.ts';
import type { Engine } from './bundle-reader.ts';
import type { CostLine } from './cost.ts';
import type { MeasuredInput } from './input-measure.ts';
import type { EmrProfile, ServerlessSettings } from './profile.ts';

/** Provisioning and bootstrapping a transient cluster before its first step runs: billed, not working. */
export const STARTUP_MINUTES = 8;

/**
 * A step's shape, which decides its throughput: `row-level` (no shuffle: it reads, parses and writes every row,
 * its output about as large as its input) or `shuffling` (it aggregates, sorts, joins: after the first pass the
 * data it moves is mostly smaller).
 */
export type JobShape = 'row-level' | 'shuffling';

export const shapeOf = (shuffles: number): JobShape => (shuffles === 0 ? 'row-level' : 'shuffling');

/**
 * MiB of input one vCPU of a core or task node (or a Serverless executor) works through per second, per pass,
 * by engine and shape. Calibrated with `npm run bench -- --scale 512mb` on 2026-12-03 (2 vCPUs, local mode,
 * measured in CPU-seconds of the work: docs/emr.md, "How the cost is estimated"): about 70% of the lowest
 * measured rate of each shape, for the CPU the measurement does not see and S3 reads on EMR; Pig's halved
 * again, as local mode has none of YARN's JVM per task nor HDFS between its chained MapReduce jobs.
 */
export const MIB_PER_VCPU_SECOND: Readonly<Record<Engine, Readonly<Record<JobShape, number>>>> = {
  spark: { 'row-level': 2, shuffling: 7 },
  pig: { 'row-level': 2, shuffling: 7 },
};

/**
 * EMR Serverless bills a worker from when it is ready to run work: an application's start and the workers'
 * provisioning are not billed, so a job run has no start-up minutes (its Spark start is in the step floor).
 */
export const SERVERLESS_STARTUP_MINUTES = 0;

/** Least time a step takes whatever its input: submitting a YARN application, starting its JVMs (Pig: one MapReduce job or more). */
export const STEP_FLOOR_MINUTES: Readonly<Record<Engine, number>> = { spark: 1, pig: 2 };

/** Nodes that move every row across the network (a shuffle): each costs one more pass over the step's bytes. */
const SHUFFLES: Readonly<Record<NodeKind, boolean>> = {
  source: false, filter: false, project: false, aggregate: true, join: true, cross: true, setOp: true, sort: true, limit: false, distinct: true,
  union: false, explode: false, window: true, sink: false,
  // ML stages: fitting and evaluating a model gather over all rows (a fit iterates, so this is a floor).
  split: false, fit: true, predict: false, evaluate: true, modelParams: false, saveModel: false,
};

/**
 * The plan's shuffles, but for those of data-quality checks' sample rows: a check shows a few rows of what it
 * selects (a top-n, bounded in each partition), which moves no input across the network.
 */
export function shuffleCount(plan: Plan): number {
  const samplesOnly = sampleOnlyNodes(plan);
  return plan.nodes.filter((n) => !samplesOnly.has(n.id) && SHUFFLES[n.kind]).length;
}

/**
 * vCPUs of an instance type: the price table's `vcpu`, else EC2's size naming (medium 1, large 2, xlarge 4,
 * Nxlarge 4N), else null.
 */
export function vcpusOf(profile: Pick<EmrProfile, 'prices'>, instanceType: string): number | null {
  const given = profile.prices[instanceType]?.vcpu;
  if (given !== undefined) return given;
  const size = instanceType.split('.')[1] ?? '';
  if (size === 'medium') return 1;
  if (size === 'large') return 2;
  const m = /^(\d*)xlarge$/.exec(size);
  return m ? 4 * Number(m[1] || 1) : null;
}

/** One step's work: what it reads and how many times its plan shuffles it. */
export interface StepWork {
  readonly step: string;
  readonly engine: Engine;
  readonly readBytes: number;
  readonly shuffles: number;
  /** Where the bytes come from: measured inputs, or an upstream stage's (assumed as large as what it read). */
  readonly inputs: readonly string[];
}

export interface StepMinutes extends StepWork {
  readonly shape: JobShape;
  readonly passes: number;
  readonly mibPerVcpuSecond: number;
  readonly minutes: number;
  /** The step floor, not the bytes, decided its time. */
  readonly floored: boolean;
}

/** How the minutes were worked out: from the inputs, or from `expectedMinutes` given as an override. */
export type RunModel =
  | {
      readonly kind: 'inputs';
      readonly measured: readonly MeasuredInput[];
      readonly vcpus: number;
      readonly startupMinutes: number;
      readonly steps: readonly StepMinutes[];
    }
  | { readonly kind: 'expected-minutes'; readonly measured: readonly MeasuredInput[]; readonly perStep: number; readonly steps: number };

/**
 * vCPUs of the core and task nodes the cost lines price (with managed scaling: at its maximum; a master-only
 * cluster: the master's, which then runs the steps), and the types without a vCPU count.
 */
export function workerVcpus(profile: Pick<EmrProfile, 'prices'>, lines: readonly CostLine[]): { vcpus: number; unknown: string[] } {
  let vcpus = 0;
  const unknown: string[] = [];
  const masterOnly = lines.every((l) => l.role === 'master');
  for (const l of lines) {
    if (l.role === 'master' && !masterOnly) continue;
    const v = vcpusOf(profile, l.instanceType);
    if (v === null) unknown.push(l.instanceType);
    else vcpus += v * l.count;
  }
  return { vcpus, unknown };
}

/** Minutes of each step at `vcpus` (at least one: a master-only cluster runs its steps on the master). */
export function stepMinutes(work: StepWork, vcpus: number): StepMinutes {
  const passes = 1 + work.shuffles;
  const shape = shapeOf(work.shuffles);
  const rate = MIB_PER_VCPU_SECOND[work.engine][shape];
  const byBytes = (work.readBytes * passes) / (rate * 1024 * 1024 * Math.max(1, vcpus)) / 60;
  const floor = STEP_FLOOR_MINUTES[work.engine];
  return { ...work, shape, passes, mibPerVcpuSecond: rate, minutes: Math.max(floor, byBytes), floored: byBytes < floor };
}

/** The run's minutes: start-up plus every step, rounded up to the tenth of a minute. */
export function modelMinutes(m: Extract<RunModel, { kind: 'inputs' }>): number {
  return Math.ceil((m.startupMinutes + m.steps.reduce((a, s) => a + s.minutes, 0)) * 10) / 10;
}

/** vCPUs a Serverless job run works with: its executors at dynamic allocation's maximum (the driver plans, it does not read). */
export function serverlessVcpus(s: Pick<ServerlessSettings, 'maxExecutors' | 'executor'>): number {
  return s.maxExecutors * s.executor.vcpu;
}
