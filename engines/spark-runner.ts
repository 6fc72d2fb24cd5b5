/**
 * Runs generated PySpark scripts on Apache Spark 3.5 in local mode, many per
 * SparkSession: engines/spark_batch.py starts one session (local[2]) and calls
 * each script's `main(argv, spark)`. The script contract is written at the top
 * of spark_batch.py.
 *
 * Python and pyspark come from `.engines/venv`, made by scripts/install-engines.sh.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  EngineMissingError,
  PROJECT_ROOT,
  exists,
  findJava,
  javaHomeOf,
  spawnCapture,
  venvBin,
} from './engine-paths.js';
import { childPath } from '../runtime/path-guard.ts';

export { EngineMissingError } from './engine-paths.js';

export interface SparkJob {
  /** Path of a generated .py script following the main(argv, spark) contract. */
  script: string;
  /** Arguments for its argparse, e.g. ['--events', 'in.csv', '--out', 'outdir']. */
  argv: string[];
  /** Record the physical plan of every DataFrame the job writes (SparkJobResult.plans). */
  plans?: boolean;
}

/** The physical plan of one write of a job: Spark's executedPlan text, planned just before the write. */
export interface SparkWritePlan {
  /** The path written, as the job passed it to the writer. */
  path: string | null;
  plan: string;
}

export interface SparkJobResult {
  ok: boolean;
  /** "ExceptionType: message" when the job failed. */
  error?: string;
  /** Python traceback when the job failed. */
  traceback?: string;
  /** Wall time of this job inside the shared session. */
  seconds: number;
  /** What the job printed from Python (JVM output is in the batch's stderr). */
  stdout?: string;
  stderr?: string;
  /** With SparkJob.plans: one entry per write, in the order the job wrote. */
  plans?: SparkWritePlan[];
}

export interface SparkBatchOptions {
  /** Working directory of the Python process (relative paths resolve here). Default: process.cwd(). */
  cwd?: string;
  /** Kill the whole batch after this long. Default 15 minutes. */
  timeoutMs?: number;
  /** Aborting ends the batch's process group (SIGTERM, then SIGKILL); unfinished jobs are reported failed. */
  signal?: AbortSignal;
  /** Folder for the batch's work folder (job list, results, Spark local dirs). Default: the OS temp folder. */
  tmpRoot?: string;
  /** Spark settings over the batch session's own (engines/spark_batch.py SESSION_CONF), e.g. an event log. */
  conf?: Record<string, string>;
}

export interface SparkBatchRun {
  results: SparkJobResult[];
  /** Exit code of the batch process (0 when it ran all jobs, whatever they did). */
  code: number;
  stdout: string;
  stderr: string;
}

export const SPARK_BATCH_SCRIPT = join(PROJECT_ROOT, 'engines', 'spark_batch.py');

function venvPython(): string {
  return venvBin('python');
}

/** True when the venv's python and pyspark are installed and java is found. */
export function sparkAvailable(): boolean {
  return exists(venvPython()) && exists(pysparkMarker()) && findJava() !== null;
}

function pysparkMarker(): string {
  // .engines/venv/lib/pythonX.Y/site-packages/pyspark, found without spawning python.
  const lib = join(venvBin('python'), '..', '..', 'lib');
  try {
    for (const d of readdirSync(lib)) {
      if (!d.startsWith('python')) continue;
      const p = join(lib, d, 'site-packages', 'pyspark', '__init__.py');
      if (exists(p)) return p;
    }
  } catch {
    /* no lib folder */
  }
  return join(lib, 'missing-pyspark');
}

/** Environment for the batch process: venv python for driver and workers, Java, loopback only. */
export function sparkEnv(): NodeJS.ProcessEnv {
  const py = venvPython();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PYSPARK_PYTHON: py,
    PYSPARK_DRIVER_PYTHON: py,
    SPARK_LOCAL_IP: '127.0.0.1',
    SPARK_LOCAL_HOSTNAME: 'localhost',
    PYTHONUNBUFFERED: '1',
    PYTHONIOENCODING: 'utf-8',
    PYTHONDONTWRITEBYTECODE: '1',
    TZ: 'UTC',
  };
  // Use the pinned pyspark's own Spark, never another install.
  delete env.SPARK_HOME;
  delete env.PYSPARK_SUBMIT_ARGS;
  delete env.PYTHONHOME;
  delete env.PYTHONPATH;
  delete env.EMR_JOBS_SPARK_CONF;
  const java = findJava();
  if (java) env.JAVA_HOME = javaHomeOf(java);
  return env;
}

/**
 * Runs jobs in one SparkSession and returns everything (results, exit code,
 * output). Jobs missing from the results (the process died) are reported failed.
 */
export async function runSparkBatchDetailed(jobs: SparkJob[], opts: SparkBatchOptions = {}): Promise<SparkBatchRun> {
  const py = venvPython();
  if (!exists(py)) throw new EngineMissingError('spark', `${py} does not exist`);
  if (!exists(pysparkMarker())) throw new EngineMissingError('spark', 'pyspark is not installed in .engines/venv');
  if (!findJava()) throw new EngineMissingError('spark', 'no `java` found (JAVA_HOME, PATH)');
  if (jobs.length === 0) return { results: [], code: 0, stdout: '', stderr: '' };
  const cwd = opts.cwd ? resolve(opts.cwd) : process.cwd();
  const dir = mkdtempSync(childPath(opts.tmpRoot ?? tmpdir(), 'emr-jobs-sparkbatch-'));
  try {
    const jobsFile = join(dir, 'jobs.json');
    const resultsFile = join(dir, 'results.json');
    writeFileSync(
      jobsFile,
      JSON.stringify(jobs.map((j) => ({ script: resolve(cwd, j.script), argv: j.argv.map(String), plans: j.plans === true }))),
    );
    const res = await spawnCapture(py, [SPARK_BATCH_SCRIPT, jobsFile, resultsFile], {
      cwd,
      // Python's temp folders (the session's work folder) go under tmpRoot too, so removing it removes all.
      env: {
        ...sparkEnv(),
        ...(opts.tmpRoot ? { TMPDIR: opts.tmpRoot } : {}),
        ...(opts.conf ? { EMR_JOBS_SPARK_CONF: JSON.stringify(opts.conf) } : {}),
      },
      timeoutMs: opts.timeoutMs ?? 900_000,
      signal: opts.signal,
    });
    let raw: Array<Record<string, unknown>> = [];
    try {
      raw = JSON.parse(readFileSync(resultsFile, 'utf8')) as Array<Record<string, unknown>>;
    } catch {
      raw = [];
    }
    const tail = res.stderr.split('\n').slice(-40).join('\n');
    const results: SparkJobResult[] = jobs.map((_, i) => {
      const r = raw[i];
      if (!r) {
        return {
          ok: false,
          error: `spark batch process ended (exit ${res.code}${res.timedOut ? ', timeout' : ''}) before this job finished:\n${tail}`,
          seconds: 0,
        };
      }
      const out: SparkJobResult = { ok: r.ok === true, seconds: Number(r.seconds ?? 0) };
      if (typeof r.error === 'string') out.error = r.error;
      if (typeof r.traceback === 'string') out.traceback = r.traceback;
      if (typeof r.stdout === 'string') out.stdout = r.stdout;
      if (typeof r.stderr === 'string') out.stderr = r.stderr;
      if (Array.isArray(r.plans)) out.plans = r.plans as SparkWritePlan[];
      return out;
    });
    return { results, code: res.code, stdout: res.stdout, stderr: res.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs jobs in one SparkSession; one result per job, in order. */
export async function runSparkBatch(jobs: SparkJob[], opts: SparkBatchOptions = {}): Promise<SparkJobResult[]> {
  return (await runSparkBatchDetailed(jobs, opts)).results;
}

/** Runs one script (a batch of one). */
export async function runSparkScript(script: string, argv: string[], opts: SparkBatchOptions = {}): Promise<SparkJobResult> {
  const [r] = await runSparkBatch([{ script, argv }], opts);
  return r!;
}
