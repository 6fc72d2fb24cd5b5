// RunJobFlow and AddJobFlowSteps take no idempotency token: a retry after a lost answer could start a
// second cluster (or step) that nobody watches. So they are sent without SDK retries; a throttled call
// (never carried out) is simply sent again, and after a 5xx or network error the cluster or step is
// looked up by its unique name (it carries the run id) before trying again.
import {
  AddJobFlowStepsCommand,
  ListClustersCommand,
  ListStepsCommand,
  RunJobFlowCommand,
  type AddJobFlowStepsCommandInput,
  type EMRClient,
  type RunJobFlowCommandInput,
} from '@aws-sdk/client-emr';

export interface ExactlyOnceOptions {
  readonly attempts?: number;
  /** Backoff before attempt n (1-based); tests pass a fast one. */
  readonly delayMs?: (attempt: number) => number;
}

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);

type SdkError = Error & { $metadata?: { httpStatusCode?: number }; $retryable?: { throttling?: boolean }; code?: string };

/** Answers that mean the request was not carried out: throttled, or never delivered. */
export function notCarriedOut(e: unknown): boolean {
  const x = e as SdkError;
  return THROTTLING.has(x?.name) || x?.$metadata?.httpStatusCode === 429 || x?.$retryable?.throttling === true || x?.code === 'ECONNREFUSED';
}

/** A failure after which the request may or may not have been carried out. */
export function isUncertain(e: unknown): boolean {
  const x = e as SdkError;
  const status = x?.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  return ['TimeoutError', 'RequestTimeout', 'AbortError'].includes(x?.name) || /^E(CONNRESET|PIPE|TIMEDOUT)$/.test(x?.code ?? '');
}

const defaultDelay = (attempt: number) => Math.min(20_000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);

async function exactlyOnce<T>(send: () => Promise<T>, lookUp: () => Promise<T | null>, opts: ExactlyOnceOptions): Promise<T> {
  const attempts = opts.attempts ?? 6;
  const delay = opts.delayMs ?? defaultDelay;
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      if (attempt >= attempts || !(notCarriedOut(e) || isUncertain(e))) throw e;
      if (!notCarriedOut(e)) {
        // It may have been carried out: find it before sending it again.
        const found = await lookUp();
        if (found !== null) return found;
      }
      await new Promise((r) => setTimeout(r, delay(attempt)));
    }
  }
}

/** Starts the cluster once; `emrNoRetry` must be a client with maxAttempts 1. */
export async function runJobFlowOnce(emrNoRetry: EMRClient, emr: EMRClient, input: RunJobFlowCommandInput, opts: ExactlyOnceOptions = {}): Promise<string> {
  // Clock skew margin: the cluster's creation time is the service's, not ours.
  const since = new Date(Date.now() - 10 * 60_000);
  const id = await exactlyOnce(
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
    async () => (await emrNoRetry.send(new AddJobFlowStepsCommand(input))).StepIds ?? [],
    async () => {
      const out = await emr.send(new ListStepsCommand({ ClusterId: input.JobFlowId }));
      const ids = names.map((n) => (out.Steps ?? []).find((s) => s.Name === n)?.Id);
      return ids.every((x): x is string => typeof x === 'string') ? ids : null;
    },
    opts,
  );
}
