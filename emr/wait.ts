// Waits for a run's steps: polls DescribeCluster and ListSteps, backing off while nothing changes (EMR
// throttles describe calls), until the steps end and a cluster the run owns is on its way down. Throttling,
// 5xx answers and outages are waited out for a grace period instead of ending the wait.
import { DescribeClusterCommand, ListStepsCommand, type EMRClient } from '@aws-sdk/client-emr';
import { isTransient } from './aws-errors.ts';
import { sleep } from './grace-retry.ts';

export const TERMINAL_STEP_STATES = ['COMPLETED', 'CANCELLED', 'FAILED', 'INTERRUPTED'];
export const ENDED_CLUSTER_STATES = ['TERMINATING', 'TERMINATED', 'TERMINATED_WITH_ERRORS'];
export const ACTIVE_CLUSTER_STATES = ['STARTING', 'BOOTSTRAPPING', 'RUNNING', 'WAITING'];

export interface StepView {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly reason: string;
  /** The step's command-runner arguments (the script and its s3:// parameters are among them). */
  readonly args: readonly string[];
  /** When the step started and ended, once it did. */
  readonly started?: Date;
  readonly ended?: Date;
}

export interface ClusterView {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly reason: string;
  readonly logUri: string | null;
  readonly tags: Readonly<Record<string, string>>;
  /** Oldest first. */
  readonly steps: readonly StepView[];
  /** Status.Timeline: when the cluster was created and when it ended (once it did): what EMR bills. */
  readonly created?: Date;
  readonly ended?: Date;
}

export async function describeRun(emr: EMRClient, clusterId: string, stepIds?: readonly string[]): Promise<ClusterView> {
  const { Cluster: c } = await emr.send(new DescribeClusterCommand({ ClusterId: clusterId }));
  const steps: StepView[] = [];
  let marker: string | undefined;
  do {
    const out = await emr.send(new ListStepsCommand({ ClusterId: clusterId, ...(stepIds?.length ? { StepIds: [...stepIds] } : {}), Marker: marker }));
    for (const s of out.Steps ?? []) {
      const reason = [s.Status?.FailureDetails?.Reason, s.Status?.FailureDetails?.Message, s.Status?.StateChangeReason?.Message].filter(Boolean).join(': ');
      const { StartDateTime: started, EndDateTime: ended } = s.Status?.Timeline ?? {};
      steps.push({ id: s.Id ?? '?', name: s.Name ?? '', state: s.Status?.State ?? 'UNKNOWN', reason, args: s.Config?.Args ?? [], ...(started ? { started } : {}), ...(ended ? { ended } : {}) });
    }
    marker = out.Marker;
  } while (marker);
  const { CreationDateTime: created, EndDateTime: ended } = c?.Status?.Timeline ?? {};
  return {
    id: clusterId,
    ...(created ? { created } : {}),
    ...(ended ? { ended } : {}),
    name: c?.Name ?? '',
    state: c?.Status?.State ?? 'UNKNOWN',
    reason: c?.Status?.StateChangeReason?.Message ?? '',
    logUri: c?.LogUri ?? null,
    tags: Object.fromEntries((c?.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
    // ListSteps answers newest first.
    steps: steps.reverse(),
  };
}

export function viewText(v: ClusterView): string {
  const steps = v.steps.map((s) => `${s.name || s.id} ${s.state}`).join(', ');
  return `cluster ${v.id} ${v.state}${steps ? ` | ${steps}` : ''}`;
}

export function isRunOver(v: ClusterView, stepIds: readonly string[], ownsCluster: boolean): boolean {
  if (['TERMINATED', 'TERMINATED_WITH_ERRORS'].includes(v.state)) return true;
  const ours = v.steps.filter((s) => stepIds.includes(s.id));
  const stepsDone = ours.length === stepIds.length && ours.every((s) => TERMINAL_STEP_STATES.includes(s.state));
  // An owned cluster that still runs with nothing left to do is terminated by the caller.
  return stepsDone && (!ownsCluster || !['STARTING', 'BOOTSTRAPPING', 'RUNNING'].includes(v.state));
}

export interface WaitOptions {
  readonly clusterId: string;
  readonly stepIds: readonly string[];
  readonly ownsCluster: boolean;
  readonly pollSeconds: number;
  readonly maxPollSeconds: number;
  /** How long the state may stay unreadable (throttling, 5xx, outage) before the wait gives up. */
  readonly graceSeconds: number;
  readonly signal?: AbortSignal;
  readonly onUpdate?: (view: ClusterView, elapsedMs: number) => void;
  /** A read failed and will be retried: the failure, and how long reads have been failing. */
  readonly onTrouble?: (e: unknown, failingMs: number, elapsedMs: number) => void;
}

/** The cluster's state could not be read for the whole grace period: the wait gives up, the cluster may run on. */
export class ClusterStateUnknown extends Error {
  override readonly name = 'ClusterStateUnknown';
  constructor(
    readonly clusterId: string,
    readonly lastKnown: ClusterView | null,
    readonly failingMs: number,
    override readonly cause: unknown,
  ) {
    super(`could not read the state of cluster ${clusterId} for ${Math.round(failingMs / 1000)}s`);
  }
}

/**
 * Polls until the run is over; rejects with the signal's reason when aborted. Transient read failures are
 * waited out for `graceSeconds`; any other failure (credentials, a cluster the account does not know) is thrown.
 */
export async function waitForRun(emr: EMRClient, opts: WaitOptions): Promise<ClusterView> {
  return pollUntil({
    ...opts,
    read: () => describeRun(emr, opts.clusterId, opts.stepIds),
    isOver: (v) => isRunOver(v, opts.stepIds, opts.ownsCluster),
    text: viewText,
    unknown: (last, failingMs, cause) => new ClusterStateUnknown(opts.clusterId, last, failingMs, cause),
  });
}

export interface PollOptions<V> {
  readonly pollSeconds: number;
  readonly maxPollSeconds: number;
  readonly graceSeconds: number;
  readonly signal?: AbortSignal;
  readonly read: () => Promise<V>;
  readonly isOver: (v: V) => boolean;
  /** What is shown; the poll backs off while it stays the same. */
  readonly text: (v: V) => string;
  readonly onUpdate?: (v: V, elapsedMs: number) => void;
  readonly onTrouble?: (e: unknown, failingMs: number, elapsedMs: number) => void;
  /** The error thrown when reads fail for the whole grace period. */
  readonly unknown: (lastKnown: V | null, failingMs: number, cause: unknown) => Error;
}

/** The poll behind every wait (a cluster's steps, an EMR Serverless job run or application). */
export async function pollUntil<V>(opts: PollOptions<V>): Promise<V> {
  const started = Date.now();
  let delay = opts.pollSeconds;
  let last = '';
  let lastView: V | null = null;
  let failingSince: number | null = null;
  for (;;) {
    opts.signal?.throwIfAborted();
    let view: V;
    try {
      view = await opts.read();
    } catch (e) {
      opts.signal?.throwIfAborted();
      if (!isTransient(e)) throw e;
      failingSince ??= Date.now();
      const failing = Date.now() - failingSince;
      if (failing >= opts.graceSeconds * 1000) throw opts.unknown(lastView, failing, e);
      opts.onTrouble?.(e, failing, Date.now() - started);
      delay = Math.min(Math.max(delay, opts.pollSeconds) * 1.5, opts.maxPollSeconds);
      await sleep(Math.min(delay * 1000, opts.graceSeconds * 1000 - failing), opts.signal);
      continue;
    }
    failingSince = null;
    lastView = view;
    opts.signal?.throwIfAborted();
    opts.onUpdate?.(view, Date.now() - started);
    if (opts.isOver(view)) return view;
    const text = opts.text(view);
    delay = text === last ? Math.min(delay * 1.5, opts.maxPollSeconds) : opts.pollSeconds;
    last = text;
    await sleep(delay * 1000, opts.signal);
  }
}
