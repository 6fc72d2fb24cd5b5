// Progress over a backfill's partitions: a cli-progress bar on an interactive terminal (stderr), one
// plain line per finished partition otherwise (CI logs, pipes), so a log shows what happened in order.
import cliProgress from 'cli-progress';

export interface BackfillProgress {
  /** A partition started (`why` when it runs again over an earlier marker). */
  started(partition: string, why: string | null): void;
  /** A partition ended: its status and a short account (rows, time, or the error). */
  finished(partition: string, status: string, detail: string): void;
  stop(): void;
}

export function backfillProgress(total: number, label: string): BackfillProgress {
  const interactive = Boolean(process.stderr.isTTY) && (process.stderr.columns ?? 0) > 0 && !process.env.CI;
  if (!interactive) {
    return {
      started: (partition, why) => {
        if (why) process.stdout.write(`${partition}: runs again: ${why}\n`);
      },
      finished: (partition, status, detail) => process.stdout.write(`${partition}: ${status}${detail ? ` (${detail})` : ''}\n`),
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} partitions | {last}`, stream: process.stderr, hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  const running = new Set<string>();
  let done = 0;
  let stopped = false;
  bar.start(total, 0, { last: 'starting' });
  return {
    started: (partition) => {
      running.add(partition);
      bar.update(done, { last: `running ${[...running].join(', ')}` });
    },
    finished: (partition, status) => {
      running.delete(partition);
      bar.update(++done, { last: `${partition} ${status}` });
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
