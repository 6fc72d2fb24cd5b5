// The options and results of a local run (the runtime's public contract, docs/architecture.md).

import type { CheckResult, ParamValues } from '../plan/index.ts';

/** An input's file, or its part files in reading order (a folder's or a glob's files, resolved by the caller). */
export type InputBinding = string | readonly string[];

export interface RunOptions {
  outDir: string;
  /** Values of the job's run-time parameters (plan/param-values.ts parses them from text); others take their defaults. */
  params?: ParamValues;
  maxRejects?: number;
  /** Rows per record batch (default 8192). */
  batchSize?: number;
  onProgress?: (p: { input: string; bytes: number; total: number }) => void;
  /** Rows kept per output for the run summary (default 10). */
  previewRows?: number;
  /** The previous run's row count per `rowCount` check with a tolerance, by check name (none: the tolerance is not applied). */
  previousRows?: Readonly<Record<string, number>>;
  /**
   * Whether failed `error` checks make the run throw ChecksFailedError (default true); the results file is
   * written either way.
   */
  failOnChecks?: boolean;
}

export interface InputStats {
  name: string;
  /** The file, or the part files joined by `, `. */
  path: string;
  rowsRead: number;
  rowsParsed: number;
  rejected: number;
  byReason: Record<string, number>;
  rejectsFile: string | null;
  /** `file:line` of the first rejected line (the part file for a many-file input), or null. */
  firstReject: string | null;
}

export interface OutputStats {
  name: string;
  path: string;
  rows: number;
  columns: string[];
  /** First rows, values formatted as in the CSV output. */
  preview: (string | null)[][];
}

export interface RunResult {
  job: string;
  inputs: InputStats[];
  outputs: OutputStats[];
  /** The plan's checks, in declaration order (empty when it has none). */
  checks: CheckResult[];
  millis: number;
}

export const DEFAULT_BATCH_SIZE = 8192;
export const DEFAULT_PREVIEW_ROWS = 10;
