// Exit codes of the emr-jobs command, and how an error becomes one: 2 for anything the user must fix
// before running (flags, job file, input paths), 1 for a job that started and failed.
import { JobError, type ErrorKind } from '../plan/index.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILED | typeof EXIT_USAGE;

/**
 * A JobError with the exit code it must end the command with, when its kind alone does not decide;
 * `more` holds further errors of the same cause (several type errors), each printed on its own line.
 */
export class CliExit extends Error {
  constructor(
    readonly error: JobError,
    readonly code: ExitCode,
    readonly more: readonly JobError[] = [],
  ) {
    super(error.message);
  }
}

const BY_KIND: Record<ErrorKind, ExitCode> = {
  usage: EXIT_USAGE,
  job: EXIT_USAGE,
  plan: EXIT_USAGE,
  unsupported: EXIT_USAGE,
  input: EXIT_FAILED, // raised while reading data (too many rejects); a missing file is checked earlier as usage
  engine: EXIT_FAILED,
  runtime: EXIT_FAILED,
};

/** Ends the command with `code` and this error's one-line description. */
export function exitWith(code: ExitCode, kind: ErrorKind, message: string, where: JobError['where'] = null): CliExit {
  return new CliExit(new JobError(kind, message, where), code);
}

/**
 * JobErrors thrown by a job file come from its own copy of the plan module (tsx loads job files in a
 * separate namespace), so they are recognised by shape, not by class.
 */
export function asJobError(e: unknown): JobError | null {
  if (e instanceof JobError) return e;
  if (!e || typeof e !== 'object') return null;
  const x = e as Partial<JobError>;
  if (x.name !== 'JobError' || typeof x.kind !== 'string' || typeof x.message !== 'string') return null;
  return new JobError(x.kind, x.message, x.where ?? null, x.nodeId ?? null);
}

/** The error to print and the code to exit with, for anything a command threw. */
export function classify(e: unknown): { error: JobError; code: ExitCode; more: readonly JobError[] } {
  if (e instanceof CliExit) return { error: e.error, code: e.code, more: e.more };
  const je = asJobError(e);
  if (je) return { error: je, code: BY_KIND[je.kind] ?? EXIT_FAILED, more: [] };
  if (e instanceof Error && e.name === 'EngineMissingError') return { error: new JobError('engine', e.message), code: EXIT_USAGE, more: [] };
  const message = e instanceof Error ? e.message : String(e);
  return { error: new JobError('runtime', message.split('\n')[0]), code: EXIT_FAILED, more: [] };
}
