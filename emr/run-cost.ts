// A run's cost estimate from what its steps read: the inputs measured (emr/input-measure.ts), each step's work
// (emr/throughput-model.ts), priced by emr/cost.ts for a cluster or for EMR Serverless. Without a measurer,
// the profile's expectedMinutes per step.
import { JobError, type Plan } from '../plan/index.ts';
import { errorText } from './aws-errors.ts';
import type { Engine } from './bundle-reader.ts';
import { estimateCost, estimateInputCost, estimateServerlessCost, type CostEstimate, type ServerlessCostEstimate } from './cost.ts';
import type { InputMeasurer, MeasuredInput } from './input-measure.ts';
import type { LoadedPipelineBundle } from './pipeline-bundle-reader.ts';
import type { EmrProfile, ServerlessProfile } from './profile.ts';
import type { StageInput } from './stage.ts';
import { SERVERLESS_STARTUP_MINUTES, serverlessVcpus, shuffleCount, stepMinutes, type RunModel, type StepWork } from './throughput-model.ts';

/** What measuring gave: every input, or why one could not be measured (the estimate then uses expectedMinutes). */
export interface Measured {
  readonly inputs: Map<string, MeasuredInput>;
  readonly failure: string | null;
}

/**
 * Measures each input once; `label` names it in the estimate (a backfill prefixes the partition). A listing
 * that fails (no s3:ListBucket for the submitter, an unreachable endpoint) does not stop the run: the cluster's
 * role may read what the submitter cannot list.
 */
export async function measureInputs(measure: InputMeasurer | undefined, inputs: Readonly<Record<string, StageInput>>, label: (name: string) => string = (n) => n): Promise<Measured> {
  const out = new Map<string, MeasuredInput>();
  if (!measure) return { inputs: out, failure: 'not measured' };
  for (const [name, input] of Object.entries(inputs)) {
    try {
      out.set(name, await measure(label(name), input));
    } catch (e) {
      if (e instanceof JobError) throw e;
      const where = typeof input === 'string' ? input : input.shown;
      return { inputs: out, failure: `input ${label(name)} (${where}) could not be measured: ${errorText(e)}` };
    }
  }
  return { inputs: out, failure: null };
}

export function jobWork(step: string, engine: Engine, plan: Plan, measured: ReadonlyMap<string, MeasuredInput>): StepWork {
  const inputs = [...measured.values()];
  return { step, engine, readBytes: inputs.reduce((a, i) => a + i.readBytes, 0), shuffles: shuffleCount(plan), inputs: inputs.map((i) => i.name) };
}

/**
 * Each stage's work in the bundle's order: a pipeline input as measured; another stage's output assumed as
 * large as what that stage read (an upper bound for filters and aggregates, which most stages are).
 */
export function pipelineWorks(bundle: LoadedPipelineBundle, measured: ReadonlyMap<string, MeasuredInput>, stepName: (stage: string) => string): StepWork[] {
  const read = new Map<string, number>();
  return bundle.stages.map(({ entry, bundle: stage }) => {
    let bytes = 0;
    const from: string[] = [];
    for (const b of Object.values(entry.inputs)) {
      if (b.kind === 'input') {
        const m = measured.get(b.input);
        bytes += m?.readBytes ?? 0;
        if (m) from.push(m.name);
      } else {
        bytes += read.get(b.stage) ?? 0;
        from.push(`${b.stage}.${b.output}`);
      }
    }
    read.set(entry.name, bytes);
    return { step: stepName(entry.name), engine: entry.engine, readBytes: bytes, shuffles: shuffleCount(stage.plan), inputs: from };
  });
}

/**
 * The estimate of a new cluster's run: expectedMinutes per step when given (the override), else from the works
 * when the inputs were measured, else expectedMinutes per step (with the reason, unless nothing was to measure them).
 */
export function runCost(profile: EmrProfile, works: readonly StepWork[], measured: readonly MeasuredInput[], failure: string | null): CostEstimate {
  if (failure === null || profile.expectedMinutesGiven) return estimateInputCost(profile, works, measured);
  const e = estimateCost(profile, profile.expectedMinutes * works.length);
  return failure === 'not measured' ? e : { ...e, unmeasured: failure };
}

/**
 * The estimate of a Serverless run, one job run per work: as for a cluster, expectedMinutes per job run when
 * given, else from the works on the executors' vCPUs when the inputs were measured (no start-up: workers are
 * billed once ready), else expectedMinutes per job run (with the reason).
 */
export function serverlessRunCost(profile: ServerlessProfile, works: readonly StepWork[], measured: readonly MeasuredInput[], failure: string | null): ServerlessCostEstimate {
  const perRun = (): number[] => works.map(() => profile.expectedMinutes);
  if (profile.expectedMinutesGiven) {
    return { ...estimateServerlessCost(profile.serverless, perRun()), model: { kind: 'expected-minutes', measured, perStep: profile.expectedMinutes, steps: works.length } };
  }
  if (failure !== null) {
    const e = estimateServerlessCost(profile.serverless, perRun());
    return failure === 'not measured' ? e : { ...e, unmeasured: failure };
  }
  const vcpus = serverlessVcpus(profile.serverless);
  const model: RunModel = { kind: 'inputs', measured, vcpus, startupMinutes: SERVERLESS_STARTUP_MINUTES, steps: works.map((w) => stepMinutes(w, vcpus)) };
  // Each job run rounded up to the tenth of a minute, as a cluster's run is.
  return { ...estimateServerlessCost(profile.serverless, model.steps.map((st) => Math.ceil(st.minutes * 10) / 10)), model };
}
