// Cost estimate of a transient cluster before it starts: instances x (EC2 + EMR price per hour), billed per
// second with a one-minute minimum, for the minutes its inputs give (emr/throughput-model.ts) or the profile's
// expectedMinutes; and after the run, what its timeline says it is billed. Task nodes, Spot and instance fleets
// are priced by emr/shape-cost.ts; with managed scaling the cluster is priced at its maximum.
import { JobError } from '../plan/index.ts';
import { GZIP_EXPANSION, type MeasuredInput } from './input-measure.ts';
import type { EmrProfile, ServerlessSettings } from './profile.ts';
import { SPOT_SHARE_TEXT, shapeCostLines } from './shape-cost.ts';
import { modelMinutes, STARTUP_MINUTES, stepMinutes, workerVcpus, type RunModel, type StepWork } from './throughput-model.ts';

export interface CostLine {
  readonly role: 'master' | 'core' | 'task';
  /** Absent: On-Demand. */
  readonly market?: 'ON_DEMAND' | 'SPOT';
  /** An instance fleet: the fleet's dearest way to fill its capacity, which this line prices. */
  readonly fleet?: boolean;
  readonly instanceType: string;
  readonly count: number;
  /** USD per instance-hour (EC2 + EMR), or null when the price table has no entry for the type. */
  readonly perHour: number | null;
  readonly usd: number | null;
}

export interface CostEstimate {
  readonly minutes: number;
  /** Seconds billed per instance: per-second billing, at least 60. */
  readonly billedSeconds: number;
  readonly lines: readonly CostLine[];
  /** null when any instance type has no price. */
  readonly totalUsd: number | null;
  readonly missingPrices: readonly string[];
  /** With managed scaling: the capacity priced (its maximum), in its unit. */
  readonly scaledTo?: { readonly units: number; readonly unit: string };
  /** How the minutes were worked out (absent: the profile's expectedMinutes, inputs not measured). */
  readonly model?: RunModel;
  /** Why the inputs could not be measured, when they were to be: the minutes are then expectedMinutes per step. */
  readonly unmeasured?: string;
}

/** Per-second billing with a one-minute minimum (EMR clusters and EMR Serverless workers alike). */
function billedSecondsOf(minutes: number): number {
  // Rounded to the millisecond first: 1.05 * 60 is 63.00000000000001 in floating point, not 64 seconds.
  return Math.max(60, Math.ceil(Math.round(minutes * 60_000) / 1000));
}

export function estimateCost(profile: EmrProfile, minutes: number = profile.expectedMinutes): CostEstimate {
  const billedSeconds = billedSecondsOf(minutes);
  const { lines, unknown } = shapeCostLines(profile, billedSeconds);
  const missingPrices = [...new Set([...lines.filter((l) => !profile.prices[l.instanceType]).map((l) => l.instanceType), ...unknown])];
  const totalUsd = missingPrices.length ? null : lines.reduce((s, l) => s + (l.usd ?? 0), 0);
  const m = profile.managedScaling;
  return { minutes, billedSeconds, lines, totalUsd, missingPrices, ...(m ? { scaledTo: { units: m.maximumCapacity, unit: m.unit } } : {}) };
}

/**
 * The estimate from what the run reads (emr/throughput-model.ts), or, when `expectedMinutes` was given (flag or
 * profile field), that many minutes per step: the override for a user who knows better than the model.
 */
export function estimateInputCost(profile: EmrProfile, works: readonly StepWork[], measured: readonly MeasuredInput[]): CostEstimate {
  if (profile.expectedMinutesGiven) {
    const e = estimateCost(profile, profile.expectedMinutes * works.length);
    return { ...e, model: { kind: 'expected-minutes', measured, perStep: profile.expectedMinutes, steps: works.length } };
  }
  // The priced shape (counts do not depend on the minutes) gives the vCPUs doing the work.
  const shape = estimateCost(profile, 1);
  const { vcpus, unknown } = workerVcpus(profile, shape.lines);
  const model: RunModel = { kind: 'inputs', measured, vcpus, startupMinutes: STARTUP_MINUTES, steps: works.map((w) => stepMinutes(w, vcpus)) };
  const e = estimateCost(profile, modelMinutes(model));
  const missing = [...new Set([...e.missingPrices, ...unknown.map((t) => `${t}.vcpu`)])];
  return { ...e, model, missingPrices: missing, totalUsd: missing.length ? null : e.totalUsd };
}

/** What the cluster is billed for, from its timeline (DescribeCluster Status.Timeline), priced as the estimate is. */
export interface BilledCost {
  readonly created: Date;
  /** Absent while the cluster has not ended yet: billed up to `asOf`. */
  readonly ended?: Date;
  readonly asOf: Date;
  readonly minutes: number;
  readonly billedSeconds: number;
  readonly totalUsd: number | null;
  readonly estimatedUsd: number | null;
  readonly estimatedMinutes: number | null;
}

export function billedCost(profile: EmrProfile, created: Date, ended: Date | undefined, estimate: CostEstimate | null, now: Date = new Date()): BilledCost {
  const asOf = ended ?? now;
  const minutes = Math.max(0, asOf.getTime() - created.getTime()) / 60_000;
  const e = estimateCost(profile, minutes);
  return {
    created,
    ...(ended ? { ended } : {}),
    asOf,
    minutes: Math.round(minutes * 100) / 100,
    billedSeconds: e.billedSeconds,
    totalUsd: e.totalUsd,
    estimatedUsd: estimate?.totalUsd ?? null,
    estimatedMinutes: estimate?.minutes ?? null,
  };
}

export function billedText(b: BilledCost, clusterId: string): string {
  const usd = b.totalUsd === null ? 'unknown (an instance type has no price)' : `~${formatUsd(b.totalUsd)}`;
  const span = `${b.created.toISOString()} to ${b.ended ? b.ended.toISOString() : `${b.asOf.toISOString()} (not ended yet)`}`;
  const est = b.estimatedMinutes === null ? '' : `; estimated ${b.estimatedUsd === null ? 'unknown' : `~${formatUsd(b.estimatedUsd)}`} for ${b.estimatedMinutes} min`;
  return `billed: ${usd} for ${b.billedSeconds} s of cluster ${clusterId} (its timeline, ${span}; same instances and prices as the estimate)${est}`;
}

/** The `cost` of a run's JSON or `--dry-run` document. */
export function costDocument(e: CostEstimate): Record<string, unknown> {
  return { totalUsd: e.totalUsd, minutes: e.minutes, billedSeconds: e.billedSeconds, lines: e.lines, missingPrices: e.missingPrices, scaledTo: e.scaledTo, ...(e.model ? { model: modelDocument(e.model) } : {}), ...(e.unmeasured ? { unmeasured: e.unmeasured } : {}) };
}

export function modelDocument(m: RunModel): Record<string, unknown> {
  const measured = m.measured.map((i) => ({ ...i }));
  if (m.kind === 'expected-minutes') return { kind: m.kind, minutesPerStep: m.perStep, steps: m.steps, measured };
  return { kind: m.kind, measured, vcpus: m.vcpus, startupMinutes: m.startupMinutes, steps: m.steps.map((s) => ({ ...s, minutes: Math.round(s.minutes * 100) / 100 })) };
}

export function formatUsd(usd: number): string {
  return usd < 0.01 && usd > 0 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** The estimate and, below it, how its minutes were worked out (`headOnly`: the first line alone). */
export function costText(e: CostEstimate, profile: EmrProfile, headOnly = false): string {
  const parts = e.lines.map((l) => {
    const role = `${l.role}${l.fleet ? ' fleet' : ''}${l.market === 'SPOT' ? ', Spot' : ''}`;
    return `${l.count} x ${l.instanceType} (${role}${l.perHour === null ? ', no price' : ` @ ${formatUsd(l.perHour)}/h`})`;
  });
  const total = e.totalUsd === null ? `unknown: no price for ${e.missingPrices.join(', ')} in "prices" of ${profile.configFile ?? 'the config'}` : `~${formatUsd(e.totalUsd)}`;
  const notes = [
    ...(e.scaledTo ? [`managed scaling: priced at its maximum, ${e.scaledTo.units} ${e.scaledTo.unit}`] : []),
    ...(e.lines.some((l) => l.market === 'SPOT') ? [`Spot at the "spot" price, else ${SPOT_SHARE_TEXT} of the On-Demand EC2 price`] : []),
    ...(e.lines.some((l) => l.fleet) ? ['a fleet at its dearest instance type'] : []),
  ];
  const head = `estimated cost: ${total} for ${e.minutes} min (${parts.join(' + ')}; ${[...notes, 'per-second billing, 1 min minimum'].join('; ')})`;
  if (headOnly) return head;
  if (e.unmeasured) return `${head}\n  ${e.unmeasured}: minutes from expectedMinutes (${profile.expectedMinutes} per step)`;
  return e.model ? [head, ...modelLines(e.model, clusterSummary, 'step')].join('\n') : head;
}

/** Why the inputs did not decide the minutes, on a line of its own; empty when nothing failed. */
export function unmeasuredText(e: CostEstimate): string {
  return e.unmeasured ? `\n  ${e.unmeasured}: minutes from expectedMinutes` : '';
}

/**
 * How the minutes were computed, one line per measured input and per step (or job run), so a user can check
 * them; `summary` says what ran the steps (the cluster's start-up and vCPUs, or Serverless's executors).
 */
function modelLines(m: RunModel, summary: (m: InputsModel) => string, unit: 'step' | 'job run'): string[] {
  const inputs = m.measured.map((i) => {
    const gz = i.gzipObjects ? `, ${i.gzipObjects} gzip (${formatBytes(i.gzipBytes)}) counted x${GZIP_EXPANSION}` : '';
    const none = i.objects === 0 ? ' (nothing there: the step would find no input)' : '';
    return `  input ${i.name} ${i.location}: ${i.objects} object(s)${none}, ${formatBytes(i.bytes)}${gz} -> reads ${formatBytes(i.readBytes)}`;
  });
  if (m.kind === 'expected-minutes') return [...inputs, `  minutes: expectedMinutes ${m.perStep} per ${unit} x ${m.steps} ${unit}(s) (given: it overrides the estimate from the inputs, which are not measured)`];
  const steps = m.steps.map((s) => {
    const work = `${formatBytes(s.readBytes)} x ${s.passes} pass(es) (${s.shuffles} shuffle(s)) / (${s.mibPerVcpuSecond} MiB/s per vCPU, ${s.shape}, x ${m.vcpus} vCPU)`;
    return `  ${unit} ${s.step} (${s.engine}): ${work} = ${round(s.minutes)} min${s.floored ? ` (the ${s.engine} step floor)` : ''}`;
  });
  return [...inputs, summary(m), ...steps];
}

type InputsModel = Extract<RunModel, { kind: 'inputs' }>;

function clusterSummary(m: InputsModel): string {
  return `  minutes: ${m.startupMinutes} start-up + ${m.steps.length} step(s) on ${m.vcpus} vCPU of core/task nodes (docs/emr.md, "How the cost is estimated"; --expected-minutes overrides)`;
}

/** 7.3 MiB, 70.0 GiB: binary units, one decimal. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let u = 0;
  let v = n;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${v.toFixed(1)} ${units[u]}`;
}

export interface ServerlessCostLine {
  readonly role: 'driver' | 'executors';
  readonly workers: number;
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly usd: number;
}

export interface ServerlessCostEstimate {
  /** Minutes of every job run added up (each job run has its own driver and executors). */
  readonly minutes: number;
  readonly jobRuns: number;
  /** Seconds billed per worker, every job run's added up: per-second billing, at least 60 each. */
  readonly billedSeconds: number;
  readonly vcpuHours: number;
  readonly gbHours: number;
  readonly lines: readonly ServerlessCostLine[];
  readonly totalUsd: number;
  /** Always empty: EMR Serverless prices have defaults. */
  readonly missingPrices: readonly string[];
  /** How the minutes were worked out (emr/run-cost.ts, serverlessRunCost). */
  readonly model?: RunModel;
  /** Why the inputs could not be measured, when they were to be: the minutes are then expectedMinutes per job run. */
  readonly unmeasured?: string;
}

/**
 * EMR Serverless bills each worker's vCPU-hours and GB-hours per second (one-minute minimum). Each job run is
 * counted with the driver and `maxExecutors` executors for all of its minutes: an upper bound under dynamic
 * allocation. The 20 GB of disk each worker has for free is not billed, and none is asked for beyond it.
 */
export function estimateServerlessCost(s: ServerlessSettings, runMinutes: readonly number[]): ServerlessCostEstimate {
  const billedSeconds = runMinutes.reduce((a, m) => a + billedSecondsOf(m), 0);
  const hours = billedSeconds / 3600;
  const lines = [
    { role: 'driver' as const, workers: 1, ...s.driver },
    { role: 'executors' as const, workers: s.maxExecutors, ...s.executor },
  ].map((l) => ({ ...l, usd: l.workers * hours * (l.vcpu * s.prices.vcpuHour + l.memoryGb * s.prices.gbHour) }));
  const vcpuHours = lines.reduce((a, l) => a + l.workers * l.vcpu * hours, 0);
  const gbHours = lines.reduce((a, l) => a + l.workers * l.memoryGb * hours, 0);
  const minutes = Math.round(runMinutes.reduce((a, m) => a + m, 0) * 10) / 10;
  return { minutes, jobRuns: runMinutes.length, billedSeconds, vcpuHours, gbHours, lines, totalUsd: lines.reduce((a, l) => a + l.usd, 0), missingPrices: [] };
}

/** The estimate and, below it, how its minutes were worked out (`headOnly`: the first line alone). */
export function serverlessCostText(e: ServerlessCostEstimate, s: ServerlessSettings, headOnly = false): string {
  const parts = e.lines.map((l) => `${l.workers} x ${l.vcpu} vCPU/${l.memoryGb} GB (${l.role})`);
  const rates = `${formatUsd(s.prices.vcpuHour)}/vCPU-h, ${formatUsd(s.prices.gbHour)}/GB-h`;
  const span = e.jobRuns === 1 ? `${e.minutes} min` : `${e.jobRuns} job runs, ${e.minutes} min in all,`;
  const head = `estimated cost: ~${formatUsd(e.totalUsd)} for ${span} at most (${parts.join(' + ')} per job run: ${round(e.vcpuHours)} vCPU-h, ${round(e.gbHours)} GB-h at ${rates}; per-second billing, 1 min minimum)`;
  if (headOnly) return head;
  if (e.unmeasured) return `${head}\n  ${e.unmeasured}: minutes from expectedMinutes per job run`;
  if (!e.model) return head;
  const summary = (m: InputsModel) =>
    `  minutes: each job run on ${m.vcpus} vCPU of executors (${s.maxExecutors} x ${s.executor.vcpu} vCPU); no start-up: workers are billed once ready (docs/emr.md, "EMR Serverless"; --expected-minutes overrides)`;
  return [head, ...modelLines(e.model, summary, 'job run')].join('\n');
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** Refuses to start (usage error, exit 2) above --max-cost, or when the cost cannot be known. */
export function checkMaxCost(e: Pick<CostEstimate, 'totalUsd' | 'missingPrices'>, maxUsd: number | undefined, profile: Pick<EmrProfile, 'name' | 'configFile'>): void {
  if (maxUsd === undefined) return;
  const file = profile.configFile ? { file: profile.configFile } : null;
  if (e.totalUsd === null) {
    throw new JobError('usage', `--max-cost ${maxUsd}: cannot estimate, profile '${profile.name}' has no price for ${e.missingPrices.join(', ')} (add it under "prices")`, file);
  }
  if (e.totalUsd > maxUsd) {
    throw new JobError('usage', `estimated cost ${formatUsd(e.totalUsd)} is above --max-cost ${formatUsd(maxUsd)}: not starting (fewer or smaller instances or workers, or a lower --expected-minutes if the estimate is high)`);
  }
}
