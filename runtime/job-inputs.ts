// Binds a plan's inputs to files: checks every input has an existing file, opens each through its
// reader with a RejectCollector, and reports the per-input counts afterwards.
import { rmSync, statSync } from 'node:fs';
import { inputNames, JobError, type Plan } from '../plan/index.ts';
import type { OpenInput } from './plan-executor.ts';
import { childPath } from './path-guard.ts';
import { unreadableCompression } from './readers/compression-sniffer.ts';
import { readSource } from './readers/index.ts';
import { RejectCollector } from './rejects.ts';
import type { InputStats } from './run-types.ts';

export interface JobInputOptions {
  readonly batchSize: number;
  readonly maxRejects?: number;
  /** Directory of rejects files (`<dir>/<input>.rejects`); null: count rejects, write nothing. */
  readonly rejectsDir: string | null;
  readonly onProgress?: (p: { input: string; bytes: number; total: number }) => void;
}

export class JobInputs {
  private readonly collectors = new Map<string, RejectCollector>();
  private readonly paths = new Map<string, string>();

  constructor(
    plan: Plan,
    bindings: Record<string, string>,
    private readonly opts: JobInputOptions,
  ) {
    for (const name of inputNames(plan)) {
      const path = bindings[name];
      if (path === undefined || path === '') {
        throw new JobError('input', `no file given for input '${name}' (bind it: ${name}=<path>)`);
      }
      try {
        statSync(path);
      } catch {
        throw new JobError('input', `input '${name}': file not found: ${path}`, { file: path });
      }
      const refused = unreadableCompression(name, path);
      if (refused) throw refused;
      this.paths.set(name, path);
      const rejectsPath = opts.rejectsDir === null ? null : childPath(opts.rejectsDir, `${name}.rejects`);
      if (rejectsPath) rmSync(rejectsPath, { force: true });
      this.collectors.set(name, new RejectCollector({ input: name, file: path, rejectsPath, maxRejects: opts.maxRejects }));
    }
  }

  readonly open: OpenInput = (source, columns) => {
    const name = source.input;
    const onProgress = this.opts.onProgress;
    return readSource(source, this.paths.get(name)!, {
      batchSize: this.opts.batchSize,
      columns: columns.map((f) => f.name),
      rejects: this.collectors.get(name)!,
      onBytes: onProgress ? (bytes, total) => onProgress({ input: name, bytes, total }) : undefined,
    });
  };

  async close(): Promise<void> {
    for (const c of this.collectors.values()) await c.close();
  }

  stats(): InputStats[] {
    return [...this.collectors].map(([name, c]) => ({
      name,
      path: this.paths.get(name)!,
      rowsRead: c.rowsRead,
      rowsParsed: c.rowsParsed,
      rejected: c.rejected,
      byReason: c.byReason,
      rejectsFile: c.rejected > 0 && this.opts.rejectsDir !== null ? childPath(this.opts.rejectsDir, `${name}.rejects`) : null,
    }));
  }
}

/** Waits for every task; then throws the first failure, if any (so no task keeps writing after a throw). */
export async function settleAll<T>(tasks: Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
