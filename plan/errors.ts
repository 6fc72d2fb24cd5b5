// Errors are values with a kind, a message a user can act on, and a location.
import { formatLoc, type SourceLoc } from './types.ts';

export type ErrorKind =
  | 'plan' // an invalid plan (bad JSON, wrong types, dangling ids)
  | 'job' // a job file that does not load or type-check
  | 'input' // bad input data or a missing input file
  | 'usage' // bad command-line use
  | 'unsupported' // a target cannot express a node or function
  | 'engine' // a real engine failed or is missing
  | 'runtime'; // a failure while running

export interface InputLoc {
  readonly file: string;
  readonly line?: number;
}

export class JobError extends Error {
  override readonly name = 'JobError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly where: SourceLoc | InputLoc | null = null,
    readonly nodeId: string | null = null,
  ) {
    super(message);
  }

  /** One line: `file:line:col: kind error: message`. */
  describe(): string {
    return `${this.whereText()}${this.kind} error: ${this.message}`;
  }

  private whereText(): string {
    const w = this.where;
    if (!w) return '';
    if ('column' in w) return `${formatLoc(w)}: `;
    return w.line !== undefined ? `${w.file}:${w.line}: ` : `${w.file}: `;
  }
}

export function isJobError(e: unknown): e is JobError {
  return e instanceof JobError;
}
