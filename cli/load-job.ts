// Loads a job for any command: resolve `<job>`, type-check it, import it, build its plan. Every failure
// is a one-line JobError (exit 2) pointing at the job file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { isJobDefinition, type JobDefinition } from '../dsl/index.ts';
import { JobError, type Plan } from '../plan/index.ts';
import { asJobError, CliExit, EXIT_USAGE, exitWith } from './exit-codes.ts';
import { displayPath, resolveJobFile } from './job-paths.ts';

export interface LoadedJob {
  readonly file: string;
  readonly definition: JobDefinition;
  readonly plan: Plan;
}

export interface LoadOptions {
  /** Type-check before importing (default true); `list` skips it to stay fast over many jobs. */
  readonly typeCheck?: boolean;
}

export async function loadJob(job: string, options: LoadOptions = {}): Promise<LoadedJob> {
  const file = resolveJobFile(job);
  if (options.typeCheck !== false) {
    // ts-morph pulls in the whole compiler: load it only when a job is checked.
    const { typeCheckJob } = await import('./job-type-checker.ts');
    const errors = typeCheckJob(file);
    if (errors.length) throw new CliExit(errors[0], EXIT_USAGE, errors.slice(1, 5));
  }
  const definition = await importDefinition(file);
  try {
    return { file, definition, plan: definition.plan() };
  } catch (e) {
    const je = asJobError(e);
    if (!je) throw new JobError('job', errorText(e), locationIn(e, file) ?? { file: displayPath(file) });
    // A job file loaded as CommonJS (no `"type": "module"` above it) runs from a data: URL, so the DSL
    // cannot name its line: name the file at least.
    const cited = je.where?.file;
    if (cited !== undefined && !existsSync(path.resolve(cited))) throw new JobError(je.kind, je.message, { file: displayPath(file) }, je.nodeId);
    throw je;
  }
}

async function importDefinition(file: string): Promise<JobDefinition> {
  let mod: { default?: unknown };
  try {
    mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
  } catch (e) {
    throw asJobError(e) ?? new JobError('job', `cannot load: ${errorText(e)}`, locationIn(e, file) ?? { file: displayPath(file) });
  }
  // Outside a `"type": "module"` package the file loads as CommonJS: its default export sits one level down.
  const found = isJobDefinition(mod.default) ? mod.default : (mod.default as { default?: unknown } | undefined)?.default;
  if (!isJobDefinition(found)) {
    throw exitWith(EXIT_USAGE, 'job', "the default export is not a job (write `export default job('name', 'description', (j) => { ... })`)", {
      file: displayPath(file),
    });
  }
  return found;
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}

/** The job-file line an error was thrown from, read off its stack. */
function locationIn(e: unknown, file: string): JobError['where'] {
  const stack = e instanceof Error ? (e.stack ?? '') : '';
  const url = pathToFileURL(file).href;
  for (const frame of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+?)(?:\?[^:()\s]*)?:(\d+):(\d+)\)?$/.exec(frame.trim());
    if (!m) continue;
    const f = m[1].startsWith('file://') ? m[1] : pathToFileURL(path.resolve(m[1])).href;
    if (f === url) return { file: displayPath(file), line: Number(m[2]), column: Number(m[3]) };
  }
  return null;
}
