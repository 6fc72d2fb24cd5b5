// withInterruptScope: every handled signal aborts the work, awaits the stops, runs the removals newest first,
// prints one line and exits 128+n; a second signal exits at once after the removals.
import { describe, expect, it } from 'vitest';
import { Interrupted, SIGNAL_EXIT_CODES, withInterruptScope, type HandledSignal } from '../../cli/interrupt-scope.ts';

/** Runs a scope whose work waits forever, sends `signals`, and records what happened until exit. */
async function interrupt(signals: HandledSignal[], stopMs: number) {
  const events: string[] = [];
  let exitCode: number | null = null;
  let reason: unknown = null;
  const exited = new Promise<void>((resolve) => {
    void withInterruptScope(
      async (scope) => {
        scope.defer({ remove: () => events.push('remove lock') });
        scope.defer({
          stop: () => new Promise((r) => setTimeout(r, stopMs)).then(() => events.push('engine stopped')),
          remove: () => events.push('remove stage'),
        });
        const undo = scope.defer({ remove: () => events.push('never: undone') });
        undo();
        scope.signal.addEventListener('abort', () => (reason = scope.signal.reason));
        for (const s of signals) process.emit(s as NodeJS.Signals);
        return new Promise<never>(() => {});
      },
      {
        describe: (s) => `${s}: stopped`,
        stopBudgetMs: 5_000,
        print: (line) => events.push(`print ${line}`),
        exit: ((code: number) => {
          if (exitCode === null) exitCode = code;
          events.push(`exit ${code}`);
          resolve();
        }) as (code: number) => never,
      },
    ).catch(() => undefined);
  });
  await exited;
  // Let a pending stop finish, to see that nothing runs after the exit.
  await new Promise((r) => setTimeout(r, stopMs + 50));
  return { events, exitCode, reason };
}

describe('withInterruptScope', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s: abort, await the stop, remove newest first, one line, exit 128+n', async (signal) => {
    const { events, exitCode, reason } = await interrupt([signal], 30);
    expect(reason).toBeInstanceOf(Interrupted);
    expect((reason as Interrupted).signal).toBe(signal);
    expect(exitCode).toBe(SIGNAL_EXIT_CODES[signal]);
    expect(events).toEqual(['engine stopped', 'remove stage', 'remove lock', `print ${signal}: stopped`, `exit ${exitCode}`]);
  });

  it('a second signal exits at once, after the removals, without waiting for the stop', async () => {
    const { events, exitCode } = await interrupt(['SIGINT', 'SIGTERM'], 300);
    expect(exitCode).toBe(143);
    expect(events.slice(0, 4)).toEqual(['print SIGTERM again: exiting without waiting for engines to stop', 'remove stage', 'remove lock', 'exit 143']);
  });

  it('removes its handlers when the work ends', async () => {
    const before = process.listenerCount('SIGHUP');
    await withInterruptScope(async () => expect(process.listenerCount('SIGHUP')).toBe(before + 1), { describe: () => '' });
    expect(process.listenerCount('SIGHUP')).toBe(before);
  });
});
