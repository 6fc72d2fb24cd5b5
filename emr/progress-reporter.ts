// Shows what a submission is waiting for: an ora spinner on a terminal, plain lines (one per change) in
// pipes and CI logs, so logs stay readable and free of control characters.
import ora, { type Ora } from 'ora';

export interface Reporter {
  /** The current state; the spinner shows it with the elapsed time, plain output prints it when it changes. */
  update(text: string, elapsedMs: number): void;
  /** A line that stays (a step finished, a file uploaded). */
  info(line: string): void;
  stop(): void;
}

export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h${pad(m % 60)}m${pad(s % 60)}s` : m > 0 ? `${m}m${pad(s % 60)}s` : `${s}s`;
}

export function makeReporter(stream: NodeJS.WriteStream = process.stderr): Reporter {
  const interactive = Boolean(stream.isTTY) && !process.env.CI;
  return interactive ? spinnerReporter(stream) : lineReporter(stream);
}

function spinnerReporter(stream: NodeJS.WriteStream): Reporter {
  let spinner: Ora | null = null;
  let last = '';
  let lastElapsed = 0;
  let started = 0;
  let ticker: NodeJS.Timeout | null = null;
  const render = () => spinner && (spinner.text = `${last}  ${formatElapsed(lastElapsed + (Date.now() - started))}`);
  return {
    update(text, elapsedMs) {
      last = text;
      lastElapsed = elapsedMs;
      started = Date.now();
      if (!spinner) {
        // stdin is left alone, so Ctrl-C stays a SIGINT that the submission handles (terminating its cluster).
        spinner = ora({ stream, text, discardStdin: false }).start();
        ticker = setInterval(render, 1000);
        ticker.unref();
      }
      render();
    },
    info(line) {
      if (spinner) spinner.clear();
      stream.write(`${line}\n`);
      if (spinner) spinner.render();
    },
    stop() {
      if (ticker) clearInterval(ticker);
      spinner?.stop();
      spinner = null;
    },
  };
}

function lineReporter(stream: NodeJS.WriteStream): Reporter {
  let last = '';
  return {
    update(text, elapsedMs) {
      if (text === last) return;
      last = text;
      stream.write(`[${formatElapsed(elapsedMs)}] ${text}\n`);
    },
    info(line) {
      stream.write(`${line}\n`);
    },
    stop() {},
  };
}
