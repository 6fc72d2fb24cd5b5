// Binds a plan's inputs to files: checks every input has its existing files, opens each (part by part, in
// the order given) through its reader with a RejectCollector, and reports the per-input counts afterwards.
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { inputNames, JobError, type Plan } from '../plan/index.ts';
import type { OpenInput } from './plan-executor.ts';
import { walkFolder } from './input-folder.ts';
import { childPath } from './path-guard.ts';
import { unreadableCompression } from './readers/compression-sniffer.ts';
import { readSource } from './readers/index.ts';
import { RejectCollector } from './rejects.ts';
import type { InputBinding, InputStats } from './run-types.ts';

/** The files of a binding: one path, or the parts of a many-file input in reading order; a folder, its files. */
export function bindingFiles(name: string, b: InputBinding): readonly string[] {
  return (typeof b === 'string' ? [b] : b).flatMap((f) => {
    if (!statSync(f, { throwIfNoEntry: false })?.isDirectory()) return [f];
    const files = walkFolder(f).map((r) => path.join(f, r));
    if (files.length === 0) throw new JobError('input', `input '${name}': no file in the folder ${f} (names starting with _ or . are skipped)`, { file: f });
    return files;
  });
}

export interface JobInputOptions {
  readonly batchSize: number;
  readonly maxRejects?: number;
  /** Directory of rejects files (`<dir>/<input>.rejects`); null: count rejects, write nothing. */
  readonly rejectsDir: string | null;
  readonly onProgress?: (p: { input: string; bytes: number; total: number }) => void;
}

export class JobInputs {
  private readonly collectors = new Map<string, RejectCollector>();
  private readonly paths = new Map<string, readonly string[]>();
  /** The binding as given (a folder stays a folder). */
  private readonly shown = new Map<string, string>();

  constructor(
    plan: Plan,
    bindings: Readonly<Record<string, InputBinding>>,
    private readonly opts: JobInputOptions,
  ) {
    for (const name of inputNames(plan)) {
      const bound = bindings[name];
      const files = bound === undefined ? [] : bindingFiles(name, bound);
      if (files.length === 0 || files.some((f) => f === '')) {
        throw new JobError('input', `no file given for input '${name}' (bind it: ${name}=<path>)`);
      }
      for (const path of files) {
        try {
          statSync(path);
        } catch {
          throw new JobError('input', `input '${name}': file not found: ${path}`, { file: path });
        }
        const refused = unreadableCompression(name, path);
        if (refused) throw refused;
      }
      this.paths.set(name, files);
      this.shown.set(name, typeof bound === 'string' ? bound : bound!.join(', '));
      const rejectsPath = opts.rejectsDir === null ? null : childPath(opts.rejectsDir, `${name}.rejects`);
      if (rejectsPath) rmSync(rejectsPath, { force: true });
      this.collectors.set(name, new RejectCollector({ input: name, file: this.shown.get(name)!, rejectsPath, maxRejects: opts.maxRejects }));
    }
  }

  readonly open: OpenInput = (source, columns) => {
    const name = source.input;
    const files = this.paths.get(name)!;
    const rejects = this.collectors.get(name)!;
    const onProgress = this.opts.onProgress;
    const opts = { batchSize: this.opts.batchSize, columns: columns.map((f) => f.name) };
    if (files.length === 1 && files[0] === this.shown.get(name)) {
      const report = onProgress ? (bytes: number, total: number) => onProgress({ input: name, bytes, total }) : undefined;
      return readSource(source, files[0], { ...opts, rejects, onBytes: report });
    }
    return readParts(files, (file, onBytes) => readSource(source, file, { ...opts, rejects: rejects.forPart(file), onBytes }), onProgress && ((bytes, total) => onProgress({ input: name, bytes, total })));
  };

  async close(): Promise<void> {
    for (const c of this.collectors.values()) await c.close();
  }

  stats(): InputStats[] {
    return [...this.collectors].map(([name, c]) => ({
      name,
      path: this.shown.get(name)!,
      rowsRead: c.rowsRead,
      rowsParsed: c.rowsParsed,
      rejected: c.rejected,
      byReason: c.byReason,
      rejectsFile: c.rejected > 0 && this.opts.rejectsDir !== null ? childPath(this.opts.rejectsDir, `${name}.rejects`) : null,
      firstReject: c.firstReject,
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

/** The batches of every part in turn; progress counts the bytes of all parts. */
async function* readParts<T>(
  files: readonly string[],
  read: (file: string, onBytes: ((bytes: number) => void) | undefined) => AsyncIterable<T>,
  onProgress: ((bytes: number, total: number) => void) | undefined,
): AsyncGenerator<T> {
  const total = onProgress ? files.reduce((n, f) => n + statSync(f).size, 0) : 0;
  let before = 0;
  for (const file of files) {
    const done = before;
    yield* read(file, onProgress && ((bytes) => onProgress(done + bytes, total)));
    before += onProgress ? statSync(file).size : 0;
  }
}
