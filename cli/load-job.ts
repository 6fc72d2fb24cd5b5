// Loads a job for any command: resolve `<job>`, type-check it, import it, build its plan. Every failure
// is a one-line JobError (exit 2) pointing at the job file.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isJobDefinition, isPipelineDefinition, type JobDefinition, type PipelineDefinition } from '../dsl/index.ts';
import { JobError, type PipelinePlan, type Plan } from '../plan/index.ts';
import { printWarning } from './error-printer.ts';
import { importBundledJob, JobBundleError } from './job-bundler.ts';
import { asJobError, CliExit, EXIT_USAGE, exitWith } from './exit-codes.ts';
import { displayPath, resolveJobFile } from './job-paths.ts';
import { projectLayout } from './project-root.ts';
import { unchangedSinceCleanCheck } from './type-check-cache.ts';

export interface LoadedJob {
  readonly file: string;
  readonly definition: JobDefinition;
  readonly plan: Plan;
}

/** A pipeline file, loaded: its definition and its validated pipeline plan. */
export interface LoadedPipeline {
  readonly file: string;
  readonly definition: PipelineDefinition;
  readonly pipeline: PipelinePlan;
}

export interface LoadOptions {
  /** Type-check before importing (default true); `list` skips it to stay fast over many jobs. */
  readonly typeCheck?: boolean;
  /** Work to do once the type check has started and before the job file is imported. */
  readonly beforeImport?: () => Promise<unknown>;
}

/** The message of a job file whose default export is not a job (`list` skips such helper modules). */
export const NOT_A_JOB = "the default export is not a job (write `export default job('name', 'description', (j) => { ... })`)";

export async function loadJob(job: string, options: LoadOptions = {}): Promise<LoadedJob> {
  const loaded = await loadJobOrPipeline(job, options);
  if ('pipeline' in loaded) {
    throw exitWith(EXIT_USAGE, 'usage', `'${loaded.definition.name}' is a pipeline; this command takes a job (pipelines: emr-jobs run <pipeline>)`, { file: displayPath(loaded.file) });
  }
  return loaded;
}

/** Loads a job or a pipeline file: the default export decides which. */
export async function loadJobOrPipeline(job: string, options: LoadOptions = {}): Promise<LoadedJob | LoadedPipeline> {
  const file = resolveJobFile(job);
  // The compiler is loaded only when the job changed since its last clean check. The check runs beside
  // importing the job and building its plan; no input is read and no output written before it passes, and
  // its errors are reported before any of the import's (they say better what is wrong).
  const check = options.typeCheck !== false && !unchangedSinceCleanCheck(file, projectLayout().tsconfig) ? startTypeCheck(file) : null;
  const passCheck = async () => {
    const errors = check ? await check : [];
    if (errors.length) throw new CliExit(errors[0], EXIT_USAGE, errors.slice(1, 5));
  };
  let loaded: LoadedJob | LoadedPipeline;
  try {
    await options.beforeImport?.();
    loaded = await buildJob(job, file);
  } catch (e) {
    await passCheck();
    throw e;
  }
  await passCheck();
  if (path.basename(file) === `${job}.ts` && loaded.definition.name !== job) {
    const what = 'pipeline' in loaded ? 'pipeline' : 'job';
    printWarning(`${displayPath(file)} defines ${what} '${loaded.definition.name}', not '${job}': name the file ${loaded.definition.name}.ts (outputs go to out/${loaded.definition.name}/)`);
  }
  return loaded;
}

async function buildJob(job: string, file: string): Promise<LoadedJob | LoadedPipeline> {
  const definition = await importDefinition(file);
  try {
    return isPipelineDefinition(definition) ? { file, definition, pipeline: definition.plan() } : { file, definition, plan: definition.plan() };
  } catch (e) {
    const je = asJobError(e);
    if (!je) throw new JobError('job', errorText(e), locationIn(e, file) ?? { file: displayPath(file) });
    // A location the DSL could not tie to a real file (code built in a string, say) becomes the job file.
    const cited = je.where?.file;
    if (cited !== undefined && !existsSync(path.resolve(cited))) throw new JobError(je.kind, je.message, { file: displayPath(file) }, je.nodeId);
    throw je;
  }
}

/**
 * Type-checks the job on a worker thread, so that the compiler's second or so overlaps importing the job and
 * loading the runtime. Run from the toolkit's TypeScript sources (its own tests), or when a worker cannot
 * start, the check runs on this thread.
 */
function startTypeCheck(file: string): Promise<JobError[]> {
  const here = async () => (await import('./job-type-checker.ts')).typeCheckJob(file);
  if (!import.meta.url.endsWith('.js')) return here();
  return new Promise((resolve) => {
    let settled = false;
    const settle = (errors: () => Promise<JobError[]> | JobError[]) => {
      if (settled) return;
      settled = true;
      resolve(errors());
    };
    const worker = new Worker(new URL('./type-check-worker.js', import.meta.url), { workerData: { file }, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    worker.once('message', (found: Array<Pick<JobError, 'kind' | 'message' | 'where' | 'nodeId'>>) => {
      settle(() => found.map((e) => new JobError(e.kind, e.message, e.where, e.nodeId)));
    });
    worker.once('error', () => settle(here));
    worker.once('exit', () => settle(here));
  });
}

async function importDefinition(file: string): Promise<JobDefinition | PipelineDefinition> {
  let mod: { default?: unknown };
  try {
    mod = (await importTs(file)) as { default?: unknown };
  } catch (e) {
    if (e instanceof JobBundleError) {
      const f = e.failure;
      throw new JobError('job', `cannot load: ${f.message}`, f.file && f.line !== null && f.column !== null ? { file: displayPath(f.file), line: f.line, column: f.column } : { file: displayPath(file) });
    }
    throw asJobError(e) ?? new JobError('job', `cannot load: ${errorText(e)}`, locationIn(e, file) ?? { file: displayPath(file) });
  }
  // Outside a `"type": "module"` package the file loads as CommonJS: its default export sits one level down.
  const isDefinition = (v: unknown) => isJobDefinition(v) || isPipelineDefinition(v);
  const found = isDefinition(mod.default) ? mod.default : (mod.default as { default?: unknown } | undefined)?.default;
  if (!isJobDefinition(found) && !isPipelineDefinition(found)) {
    throw exitWith(EXIT_USAGE, 'job', NOT_A_JOB, {
      file: displayPath(file),
    });
  }
  return found;
}

/**
 * Loads a TypeScript job file in its package's module format: as ESM under `"type": "module"` (or `.mts`),
 * otherwise as CommonJS; compiled by esbuild (job-bundler.ts), else through tsx's loader, so that stack
 * frames, and with them the DSL's `file:line:col` locations, name the real file in both kinds of project.
 */
async function importTs(file: string): Promise<unknown> {
  const esm = file.endsWith('.mts') || (!file.endsWith('.cts') && packageTypeOf(file) === 'module');
  const layout = projectLayout();
  const bundled = await importBundledJob(file, esm ? 'esm' : 'cjs', layout.root, layout.jobsDir);
  if (bundled !== null) return esm ? bundled : { default: (bundled as { default?: unknown }).default };
  if (esm) {
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
