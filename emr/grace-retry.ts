// Retries a call through transient failures (throttling, 5xx, network) for a grace period, on top of the
// SDK's own few retries: AWS outages and throttling storms last minutes, not the seconds the SDK waits.
import { isTransient } from './aws-errors.ts';

export interface Grace {
  /** How long failures may last before giving up. */
  readonly graceMs: number;
  /** Wait before retry n (1-based); tests pass a fast one. */
  readonly delayMs?: (attempt: number) => number;
  /** Called before each wait with the failure and how long failures have lasted. */
  readonly onRetry?: (e: unknown, failingMs: number) => void;
  /** Ends the waiting between attempts (rejecting with its reason); clean-up calls pass none. */
  readonly signal?: AbortSignal;
}

/** Thrown when failures outlast the grace period; `cause` is the last one. */
export class GraceExhausted extends Error {
  override readonly name = 'GraceExhausted';
  constructor(
    readonly failingMs: number,
    override readonly cause: unknown,
  ) {
    super(`still failing after ${Math.round(failingMs / 1000)}s`);
  }
}

export const defaultDelay = (attempt: number): number => Math.min(15_000, 500 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);

/** Runs `fn` until it succeeds; a transient failure is retried until the grace period ends, others are thrown. */
export async function retryWithinGrace<T>(fn: () => Promise<T>, grace: Grace, started = Date.now()): Promise<T> {
  const delay = grace.delayMs ?? defaultDelay;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransient(e)) throw e;
      const failing = Date.now() - started;
      if (failing >= grace.graceMs) throw new GraceExhausted(failing, e);
      grace.onRetry?.(e, failing);
      await sleep(Math.min(delay(attempt), Math.max(0, grace.graceMs - failing)), grace.signal);
    }
  }
}

/** retryWithinGrace that, once the grace period is spent, fails with the last error itself. */
export function retryOrLastError<T>(fn: () => Promise<T>, grace: Grace): Promise<T> {
  return retryWithinGrace(fn, grace).catch((e) => {
    throw e instanceof GraceExhausted ? e.cause : e;
  });
}

/** Resolves after `ms`; rejects with the signal's reason as soon as it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const t = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(t);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
