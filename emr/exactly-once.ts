// RunJobFlow and AddJobFlowSteps take no idempotency token: a retry after a lost answer could start a
// second cluster (or step) that nobody watches. So they are sent without SDK retries; a throttled or refused
// call (never carried out) is simply sent again, and after a 5xx or a lost answer the cluster or step is
// looked up by its unique name (it carries the run id) before trying again. The lookup is itself retried
// through throttling and outages for the grace period: giving up there means the outcome is unknown.
import {
  AddJobFlowStepsCommand,
  ListClustersCommand,
  ListStepsCommand,
  RunJobFlowCommand,
  type AddJobFlowStepsCommandInput,
  type EMRClient,
  type RunJobFlowCommandInput,
} from '@aws-sdk/client-emr';
import { isNetworkError, isRefused, isThrottling } from './aws-errors.ts';
import { defaultDelay, GraceExhausted, retryWithinGrace, sleep } from './grace-retry.ts';

export interface ExactlyOnceOptions {
  /** How long throttling, 5xx answers and outages may last (default 5 min). */
  readonly graceMs?: number;
  /** Backoff before attempt n (1-based); tests pass a fast one. */
  readonly delayMs?: (attempt: number) => number;
  /** Once aborted, the call is not sent again (a lost answer is still looked up). */
  readonly signal?: AbortSignal;
  readonly onRetry?: (what: string, e: unknown) => void;
}

/** The request may have been carried out, and looking it up failed until the grace period ended. */
export class OutcomeUnknown extends Error {
  override readonly name = 'OutcomeUnknown';
  constructor(
    readonly request: string,
    override readonly cause: unknown,
  ) {
    super(`${request}: its answer was lost and looking it up failed until the grace period ended`);
  }
}

/** Ended before being sent (again) because of the signal; nothing was created as far as lookups tell. */
export class NotSent extends Error {
  override readonly name = 'NotSent';
  constructor(readonly request: string) {
    super(`${request} not sent: interrupted`);
  }
}

/** Answers that mean the request was not carried out: throttled, or never delivered. */
export function notCarriedOut(e: unknown): boolean {
  return isThrottling(e) || isRefused(e);
}

/** A failure after which the request may or may not have been carried out. */
export function isUncertain(e: unknown): boolean {
  const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  return isNetworkError(e) || (e as Error)?.name === 'AbortError';
}

const DEFAULT_GRACE_MS = 300_000;

async function exactlyOnce<T>(what: string, send: () => Promise<T>, lookUp: () => Promise<T | null>, opts: ExactlyOnceOptions): Promise<T> {
  const graceMs = opts.graceMs ?? DEFAULT_GRACE_MS;
  const delay = opts.delayMs ?? defaultDelay;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new NotSent(what);
    try {
      return await send();
    } catch (e) {
      if (!(notCarriedOut(e) || isUncertain(e))) throw e;
      opts.onRetry?.(what, e);
      if (!notCarriedOut(e)) {
        // It may have been carried out: find it before sending it again.
        let found: T | null;
        try {
          found = await retryWithinGrace(lookUp, { graceMs, delayMs: opts.delayMs, onRetry: (le) => opts.onRetry?.(`looking up ${what}`, le) }, started);
        } catch (le) {
          throw new OutcomeUnknown(what, le instanceof GraceExhausted ? le.cause : le);
        }
        if (found !== null) return found;
      }
      // Not carried out (or not found): nothing exists yet, so giving up here leaves nothing behind.
      if (Date.now() - started >= graceMs) throw e;
      await sleep(Math.min(delay(attempt), Math.max(0, graceMs - (Date.now() - started))));
    }
  }
}

/** Starts the cluster once; `emrNoRetry` must be a client with maxAttempts 1. */
export async function runJobFlowOnce(emrNoRetry: EMRClient, emr: EMRClient, input: RunJobFlowCommandInput, opts: ExactlyOnceOptions = {}): Promise<string> {
  // Clock skew margin: the cluster's creation time is the service's, not ours.
  const since = new Date(Date.now() - 10 * 60_000);
  const id = await exactlyOnce(
    'RunJobFlow',
    async () => (await emrNoRetry.send(new RunJobFlowCommand(input))).JobFlowId ?? null,
    async () => {
      let marker: string | undefined;
      do {
        const out = await emr.send(new ListClustersCommand({ CreatedAfter: since, Marker: marker }));
        const hit = (out.Clusters ?? []).find((c) => c.Name === input.Name);
        if (hit?.Id) return hit.Id;
        marker = out.Marker;
      } while (marker);
      return null;
    },
    opts,
  );
  if (!id) throw new Error('RunJobFlow returned no cluster id');
  return id;
}

/** Adds the steps once; a step already there under the same name is this run's. */
export async function addStepsOnce(emrNoRetry: EMRClient, emr: EMRClient, input: AddJobFlowStepsCommandInput, opts: ExactlyOnceOptions = {}): Promise<string[]> {
  const names = (input.Steps ?? []).map((s) => s.Name);
  return exactlyOnce(
    'AddJobFlowSteps',
    async () => (await emrNoRetry.send(new AddJobFlowStepsCommand(input))).StepIds ?? [],
    async () => {
      const seen = new Map<string, string>();
      let marker: string | undefined;
      do {
        const out = await emr.send(new ListStepsCommand({ ClusterId: input.JobFlowId, Marker: marker }));
        for (const s of out.Steps ?? []) if (s.Name && s.Id && !seen.has(s.Name)) seen.set(s.Name, s.Id);
        marker = out.Marker;
      } while (marker);
      const ids = names.map((n) => (n ? seen.get(n) : undefined));
      return ids.every((v): v is string => typeof v === 'string') ? ids : null;
    },
    opts,
  );
}
