// Starts the real `emr-jobs` command as a child process the test can signal (kill -INT, -TERM, -STOP),
// plus polling helpers for what the run leaves on disk and in the process table.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { BIN, ROOT, TEST_RUN_LOG, type CliResult } from './cli-harness.ts';

export interface RunningCli {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly done: Promise<CliResult & { readonly signal: NodeJS.Signals | null }>;
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '1', NO_COLOR: '1', EMR_JOBS_DEBUG: '', EMR_JOBS_RUN_LOG: TEST_RUN_LOG, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const done = new Promise<CliResult & { signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, pid: child.pid!, done };
}

/** Polls `test` every 50 ms until it returns a value (not undefined/false), or fails after `ms`. */
export async function waitFor<T>(what: string, test: () => T | undefined | false, ms = 180_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = test();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Names in `dir` starting with the run's stage prefix. */
export function stageFolders(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('.emr-jobs-tmp-')) : [];
}

/** Bytes written so far under a folder (all files, recursively). */
export function bytesUnder(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? bytesUnder(p) : statSync(p).size;
  }
  return n;
}

export interface Proc {
  readonly pid: number;
  readonly pgid: number;
  readonly state: string;
  readonly args: string;
}

/** The process table (`ps -eo pid,pgid,stat,args`). */
export function processes(): Proc[] {
  const text = execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return text
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), pgid: Number(m[2]), state: m[3], args: m[4] }));
}
