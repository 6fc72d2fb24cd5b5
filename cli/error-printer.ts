// How a failed command reports: one line per error on stderr, a stack trace only with EMR_JOBS_DEBUG=1.
import pc from 'picocolors';
import { printable, type JobError } from '../plan/index.ts';

const colour = (): boolean => Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;

export function printErrors(errors: readonly JobError[], cause?: unknown): void {
  const red = colour() ? pc.red : (s: string) => s;
  for (const e of errors) process.stderr.write(`${red(oneLine(e.describe()))}\n`);
  if (process.env.EMR_JOBS_DEBUG === '1' && cause instanceof Error && cause.stack) process.stderr.write(`${cause.stack}\n`);
}

export function printWarning(message: string): void {
  const yellow = colour() ? pc.yellow : (s: string) => s;
  process.stderr.write(`${yellow(`warning: ${oneLine(message)}`)}\n`);
}

/** One line with no control character left: a name holding an ANSI escape must not rewrite the terminal. */
function oneLine(s: string): string {
  return printable(s.replace(/\s*\n\s*/g, ' '));
}
