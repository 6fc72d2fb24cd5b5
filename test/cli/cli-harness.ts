// Runs the real `emr-jobs` command in a child process (`node bin/emr-jobs.js ...`), from the repository root
// unless told otherwise.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin', 'emr-jobs.js');
export const APACHE_LOGS = 'jobs/data/apache_logs';
export const HOSTS_CSV = 'jobs/data/hosts.csv';

/**
 * The run log every command of this test process appends to unless a test gives its own: never the
 * repository's own `.emr-jobs/runs.jsonl`.
 */
export const TEST_RUN_LOG = path.join(tmpdir(), `emr-jobs-test-runs-${process.pid}.jsonl`);

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command; CI=1 and NO_COLOR keep the output free of spinners and colours. */
export function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, CI: '1', NO_COLOR: '1', EMR_JOBS_DEBUG: '', EMR_JOBS_RUN_LOG: TEST_RUN_LOG, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `emr-jobs-cli-${prefix}-`));
}

/** A CSV file's data rows (header excluded) as arrays of strings, RFC 4180 quoting undone. */
export function csvRows(file: string): string[][] {
  const records = parse(readFileSync(file, 'utf8'), { relax_column_count: false }) as string[][];
  return records.slice(1);
}

export function csvHeader(file: string): string[] {
  return (parse(readFileSync(file, 'utf8'), { to: 1 }) as string[][])[0] ?? [];
}

/** A deterministic PRNG (mulberry32), so generated inputs are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
