// SIGINT, SIGTERM and SIGHUP while a command works: the first one aborts the work, stops what it started
// (engine process groups), removes what it left (temp folders, the output lock), prints one line and exits
// 128+n; a second signal during that clean-up exits at once, after the removals that cannot wait.
// General on purpose: any command that owns child processes or temp files can run inside a scope.

export type HandledSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** The conventional exit code of a command ended by each signal (128 + its number). */
export const SIGNAL_EXIT_CODES: Readonly<Record<HandledSignal, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

const STOPPING = Symbol('stopping');

const HANDLED = Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[];

/** The abort reason: which signal stopped the work. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(readonly signal: HandledSignal) {
    super(`interrupted (${signal})`);
  }
  get exitCode(): number {
    return SIGNAL_EXIT_CODES[this.signal];
  }
}

export interface Cleanup {
  /** Stops something still running (ends a process group); awaited, for at most the scope's stop budget. */
  readonly stop?: () => Promise<unknown>;
  /** Removes what is left (a temp folder, a lock file): synchronous, so it runs even on a second signal. */
  readonly remove?: () => void;
}

export interface InterruptScope {
  /** Aborted, with an Interrupted reason, on the first signal. */
  readonly signal: AbortSignal;
  /** Registers a clean-up for an interruption; call the returned function once it is no longer needed. */
  defer(cleanup: Cleanup): () => void;
}

export interface ScopeOptions {
  /** The one line printed on interruption (to stderr). */
  readonly describe: (signal: HandledSignal) => string;
  /** How long stop() clean-ups may take in total before the removals run anyway. */
  readonly stopBudgetMs?: number;
  /** Where the line goes (default: stderr). */
  readonly print?: (line: string) => void;
  /** Ends the process (default: process.exit); replaceable for tests. */
  readonly exit?: (code: number) => never;
}

/**
 * Runs `fn` with signal handlers installed. On interruption the process exits from within the handler,
 * so `fn` never sees its promise settle; its own `finally` blocks matter only for ordinary exits.
 */
export async function withInterruptScope<T>(fn: (scope: InterruptScope) => Promise<T>, opts: ScopeOptions): Promise<T> {
  const ac = new AbortController();
  const cleanups = new Set<Cleanup>();
  // On a terminal the line starts afresh: a progress spinner may be drawn where the cursor is.
  const print = opts.print ?? ((line: string) => process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}${line}\n`));
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let first: HandledSignal | null = null;

  // Newest first: a temp folder made inside a locked folder goes before the lock.
  const removeAll = () => {
    for (const c of [...cleanups].reverse()) {
      try {
        c.remove?.();
      } catch {
        /* best effort: the next removal still runs */
      }
    }
  };

  const onSignal = (signal: HandledSignal) => {
    if (first !== null) {
      print(`${signal} again: exiting without waiting for engines to stop`);
      removeAll();
      exit(SIGNAL_EXIT_CODES[signal]);
      return;
    }
    first = signal;
    ac.abort(new Interrupted(signal));
    const stops = [...cleanups].flatMap((c) => (c.stop ? [c.stop().catch(() => undefined)] : []));
    const finish = () => {
      removeAll();
      print(opts.describe(signal));
      exit(SIGNAL_EXIT_CODES[signal]);
    };
    // Nothing to wait for: finish in this same tick, so no pending callback writes after the removals.
    if (stops.length === 0) return finish();
    // Not unref'd: this timer keeps the process alive until finish() exits it.
    const budget = new Promise<void>((r) => setTimeout(r, opts.stopBudgetMs ?? 8_000));
    void Promise.race([Promise.all(stops), budget]).then(finish);
  };

  const handlers = HANDLED.map((s) => [s, () => onSignal(s)] as const);
  for (const [s, h] of handlers) process.on(s, h);
  const scope: InterruptScope = {
    signal: ac.signal,
    defer(cleanup) {
      cleanups.add(cleanup);
      return () => void cleanups.delete(cleanup);
    },
  };
  try {
    const result = await fn(scope).catch((e: unknown) => {
      if (ac.signal.aborted) return STOPPING;
      throw e;
    });
    // The work gave up because of the signal (an engine killed under it): the handler exits the process.
    if (result === STOPPING || ac.signal.aborted) return await new Promise<never>(() => {});
    return result as T;
  } finally {
    for (const [s, h] of handlers) process.off(s, h);
  }
}
