// Loads a job for any command: resolve `<job>`, type-check it, import it, build its plan. Every failure
// is a one-line JobError (exit 2) pointing at the job file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isJobDefinition, type JobDefinition } from '../dsl/index.ts';
import { JobError, type Plan } from '../plan/index.ts';
import { printWarning } from './error-printer.ts';
import { asJobError, CliExit, EXIT_USAGE, exitWith } from './exit-codes.ts';
import { displayPath, resolveJobFile } from './job-paths.ts';
import { projectLayout } from './project-root.ts';
import { unchangedSinceCleanCheck } from './type-check-cache.ts';

export interface LoadedJob {
  readonly file: string;
  readonly definition: JobDefinition;
  readonly plan: Plan;
}

export interface LoadOptions {
  /** Type-check before importing (default true); `list` skips it to stay fast over many jobs. */
  readonly typeCheck?: boolean;
}

/** The message of a job file whose default export is not a job (`list` skips such helper modules). */
export const NOT_A_JOB = "the default export is not a job (write `export default job('name', 'description', (j) => { ... })`)";

export async function loadJob(job: string, options: LoadOptions = {}): Promise<LoadedJob> {
  const file = resolveJobFile(job);
  if (options.typeCheck !== false) {
    // The compiler is loaded only when the job changed since its last clean check.
    if (!unchangedSinceCleanCheck(file, projectLayout().tsconfig)) {
      const { typeCheckJob } = await import('./job-type-checker.ts');
      const errors = typeCheckJob(file);
      if (errors.length) throw new CliExit(errors[0], EXIT_USAGE, errors.slice(1, 5));
    }
  }
  const definition = await importDefinition(file);
  if (path.basename(file) === `${job}.ts` && definition.name !== job) {
    printWarning(`${displayPath(file)} defines job '${definition.name}', not '${job}': name the file ${definition.name}.ts (outputs go to out/${definition.name}/)`);
  }
  try {
    return { file, definition, plan: definition.plan() };
  } catch (e) {
    const je = asJobError(e);
    if (!je) throw new JobError('job', errorText(e), locationIn(e, file) ?? { file: displayPath(file) });
    // A location the DSL could not tie to a real file (code built in a string, say) becomes the job file.
    const cited = je.where?.file;
    if (cited !== undefined && !existsSync(path.resolve(cited))) throw new JobError(je.kind, je.message, { file: displayPath(file) }, je.nodeId);
    throw je;
  }
}

async function importDefinition(file: string): Promise<JobDefinition> {
  let mod: { default?: unknown };
  try {
    mod = (await importTs(file)) as { default?: unknown };
  } catch (e) {
    throw asJobError(e) ?? new JobError('job', `cannot load: ${errorText(e)}`, locationIn(e, file) ?? { file: displayPath(file) });
  }
  // Outside a `"type": "module"` package the file loads as CommonJS: its default export sits one level down.
  const found = isJobDefinition(mod.default) ? mod.default : (mod.default as { default?: unknown } | undefined)?.default;
  if (!isJobDefinition(found)) {
    throw exitWith(EXIT_USAGE, 'job', NOT_A_JOB, {
      file: displayPath(file),
    });
  }
  return found;
}

/**
 * Loads a TypeScript job file in its package's module format: as ESM under `"type": "module"` (or `.mts`),
 * otherwise as CommonJS through tsx's require hook, so that stack frames, and with them the DSL's
 * `file:line:col` locations, name the real file in both kinds of project.
 */
async function importTs(file: string): Promise<unknown> {
  if (file.endsWith('.mts') || (!file.endsWith('.cts') && packageTypeOf(file) === 'module')) {
    const { tsImport } = await import('tsx/esm/api');
    return tsImport(pathToFileURL(file).href, import.meta.url);
  }
  const { require: tsRequire } = await import('tsx/cjs/api');
  return { default: (tsRequire(file, import.meta.url) as { default?: unknown }).default };
}

/** The `type` of the nearest package.json above a file ('commonjs' when there is none). */
function packageTypeOf(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        return (JSON.parse(readFileSync(pkg, 'utf8')) as { type?: string }).type ?? 'commonjs';
      } catch {
        return 'commonjs';
      }
    }
    if (path.dirname(dir) === dir) return 'commonjs';
  }
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
