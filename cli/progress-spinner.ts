// A spinner with the share of input bytes read, for big inputs on an interactive terminal only: CI logs
// and pipes get no control characters.
import ora, { type Ora } from 'ora';

/** Inputs below this size finish too fast for progress to mean anything. */
export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

export interface Progress {
  /** Bytes of `input` read so far (cumulative, as the runtime reports them). */
  readonly update: (input: string, bytes: number) => void;
  readonly stop: () => void;
}

const NO_PROGRESS: Progress = { update: () => {}, stop: () => {} };

export function progressFor(totalBytes: number, label: string): Progress {
  // A terminal of zero columns (a pty nobody sized) would make ora clear lines forever.
  const interactive = Boolean(process.stderr.isTTY) && (process.stderr.columns ?? 0) > 0 && !process.env.CI;
  if (!interactive || totalBytes < PROGRESS_MIN_BYTES) return NO_PROGRESS;
  const spinner: Ora = ora({ text: `${label} 0%`, stream: process.stderr }).start();
  const perInput = new Map<string, number>();
  let shown = -1;
  return {
    update: (input, bytes) => {
      // An input read twice (a self-join) restarts from 0: keep its furthest point.
      perInput.set(input, Math.max(bytes, perInput.get(input) ?? 0));
      const read = [...perInput.values()].reduce((a, b) => a + b, 0);
      const pct = Math.min(100, Math.floor((read / totalBytes) * 100));
      if (pct !== shown) {
        shown = pct;
        spinner.text = `${label} ${pct}% of ${(totalBytes / 1024 / 1024).toFixed(0)} MB`;
      }
    },
    stop: () => spinner.stop(),
  };
}
