// Runs the real `emr-jobs` command as a child process (as a user would), optionally reacting to its
// output while it runs, e.g. to press Ctrl-C once it waits on a running step.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../engines/engine-paths.ts';
import { DUMMY_CREDENTIALS } from './moto-harness.ts';
import { TEST_RUN_LOG } from '../cli/cli-harness.ts';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly env?: Record<string, string>;
  /** Working directory (default: the project root). */
  readonly cwd?: string;
  /** Called on every stderr chunk with all stderr so far. */
  readonly onStderr?: (stderr: string, child: ChildProcess) => void;
  readonly timeoutMs?: number;
  /** Sent at the timeout (SIGKILL follows 30 s later): SIGINT lets a stuck run still clean up. */
  readonly timeoutSignal?: NodeJS.Signals;
}

export function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...DUMMY_CREDENTIALS, NO_COLOR: '1', CI: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', EMR_JOBS_RUN_LOG: TEST_RUN_LOG, ...opts.env };
  for (const k of ['EMR_JOBS_ENDPOINT', 'EMR_JOBS_CONFIG', 'EMR_JOBS_PROFILE', 'AWS_PROFILE']) if (!(opts.env && k in opts.env)) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'emr-jobs.js'), ...args], { cwd: opts.cwd ?? PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      child.kill(opts.timeoutSignal ?? 'SIGKILL');
      killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    }, opts.timeoutMs ?? 180_000);
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
      opts.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Options that press Ctrl-C once the run waits on a running step (SIGINT at the timeout too); `sent()` says whether it did. */
export function ctrlCWhenStepRuns(timeoutMs: number): CliOptions & { sent: () => boolean } {
  let sent = false;
  return {
    timeoutMs,
    timeoutSignal: 'SIGINT',
    onStderr: (err, child) => {
      if (!sent && /\] cluster j-\S+ RUNNING \| .* RUNNING/.test(err)) {
        sent = true;
        child.kill('SIGINT');
      }
    },
    sent: () => sent,
  };
}
