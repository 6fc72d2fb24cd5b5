// Ctrl-C, `kill` and a closed terminal while a submission runs: the first SIGINT, SIGTERM or SIGHUP aborts
// (so the run terminates or cancels what it started); a second one, during that clean-up, exits at once
// after naming what may still be running and the command that stops it.
export const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type HandledSignal = (typeof HANDLED_SIGNALS)[number];

/** 128 + the signal number, as a shell reports a process ended by that signal. */
export const EXIT_CODE_OF: Record<HandledSignal, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
export const EXIT_INTERRUPTED = EXIT_CODE_OF.SIGINT;

const SHOWN: Record<HandledSignal, string> = { SIGINT: 'SIGINT, Ctrl-C', SIGTERM: 'SIGTERM', SIGHUP: 'SIGHUP, terminal closed' };

export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor(readonly signal: HandledSignal = 'SIGINT') {
    super(`interrupted (${SHOWN[signal]})`);
  }

  get exitCode(): number {
    return EXIT_CODE_OF[this.signal];
  }
}

export interface InterruptOptions {
  readonly warn: (line: string) => void;
  /** What a second signal leaves behind, with the command to stop it; null when nothing was started. */
  readonly leftBehind?: () => string | null;
  /** Tests pass a stub instead of ending the process. */
  readonly exit?: (code: number) => void;
}

export async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>, opts: InterruptOptions): Promise<T> {
  const ac = new AbortController();
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const ignoreBrokenPipe = () => {};
  const handlers = HANDLED_SIGNALS.map((sig) => {
    const onSignal = () => {
      if (sig === 'SIGHUP') {
        // The terminal is gone: writing to it may fail, which must not crash the clean-up.
        process.stdout.on('error', ignoreBrokenPipe);
        process.stderr.on('error', ignoreBrokenPipe);
      }
      if (!ac.signal.aborted) {
        ac.abort(new Interrupted(sig));
        return;
      }
      const left = opts.leftBehind?.() ?? null;
      opts.warn(`${sig} again: exiting without waiting for clean-up${left ? `; ${left}` : ''}`);
      exit((ac.signal.reason as Interrupted).exitCode);
    };
    process.on(sig, onSignal);
    return [sig, onSignal] as const;
  });
  try {
    return await fn(ac.signal);
  } finally {
    for (const [sig, h] of handlers) process.off(sig, h);
  }
}
