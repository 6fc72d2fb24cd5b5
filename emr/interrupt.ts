// Ctrl-C while a submission runs: the first SIGINT aborts (so the run can terminate or cancel what it
// started); a second one, during that clean-up, exits at once.
export const EXIT_INTERRUPTED = 130;

export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  constructor() {
    super('interrupted (Ctrl-C)');
  }
}

export async function withInterrupt<T>(fn: (signal: AbortSignal) => Promise<T>, warn: (line: string) => void): Promise<T> {
  const ac = new AbortController();
  const onSigint = () => {
    if (!ac.signal.aborted) {
      ac.abort(new Interrupted());
      return;
    }
    warn('interrupted again: exiting without waiting for clean-up');
    process.exit(EXIT_INTERRUPTED);
  };
  process.on('SIGINT', onSigint);
  try {
    return await fn(ac.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
