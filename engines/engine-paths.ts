/**
 * Shared bits for the real local engines (Pig local mode, PySpark local mode):
 * where the project and its `.engines/` folder are, how to find Java, the error
 * thrown when an engine is not installed, and a small spawn helper.
 *
 * Nothing here starts an engine; see pig-runner.ts and spark-runner.ts.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { PACKAGE_ROOT } from './package-root.ts';
import { userCacheDir } from './user-cache.ts';

/** The emr-jobs package root (engines/ and scripts/ ship in it). */
export const PROJECT_ROOT: string = PACKAGE_ROOT;

/** The files that pin the engines' versions; their hash names the engines folder. */
export const ENGINE_PIN_FILES: readonly string[] = [join(PACKAGE_ROOT, 'engines', 'requirements.txt'), join(PACKAGE_ROOT, 'engines', 'pig', 'pom.xml')];

/** `engines-<12 hex>`: the same hash scripts/install-engines.sh computes (sha256 of the pin files, concatenated). */
export function enginesKey(): string {
  const h = createHash('sha256');
  for (const f of ENGINE_PIN_FILES) h.update(readFileSync(f));
  return `engines-${h.digest('hex').slice(0, 12)}`;
}

/**
 * Where scripts/install-engines.sh puts Java's location, Pig's classpath and the Python venv: one folder per
 * user and pinned versions, shared by every project (`$EMR_JOBS_HOME/engines-<hash>`, else the platform's
 * cache folder). EMR_JOBS_ENGINES_DIR names another folder.
 */
export function enginesDir(): string {
  return process.env.EMR_JOBS_ENGINES_DIR ? resolve(process.env.EMR_JOBS_ENGINES_DIR) : join(userCacheDir(), enginesKey());
}

/** `.engines/pig.classpath`: one line, jars separated by ':' (written by maven). */
export function pigClasspathFile(): string {
  return join(enginesDir(), 'pig.classpath');
}

/** `.engines/java-home`: the Java 17 home the installer verified (optional). */
export function javaHomeFile(): string {
  return join(enginesDir(), 'java-home');
}

/** The Python virtualenv holding pyspark and moto. */
export function venvDir(): string {
  return join(enginesDir(), 'venv');
}

/** An executable of the venv, e.g. venvBin('python'), venvBin('moto_server'). */
export function venvBin(name: string): string {
  return process.platform === 'win32'
    ? join(venvDir(), 'Scripts', `${name}.exe`)
    : join(venvDir(), 'bin', name);
}

export const INSTALL_HINT =
  'install the local engines with `npx emr-jobs engines install`';

export type EngineName = 'pig' | 'spark';

/** Thrown when a real engine (or Java) is not installed; the message says how to install it. */
export class EngineMissingError extends Error {
  readonly engine: EngineName;
  constructor(engine: EngineName, what: string) {
    super(`${engine === 'pig' ? 'Apache Pig' : 'Apache Spark'} local engine is not available: ${what}. To fix it, ${INSTALL_HINT}.`);
    this.name = 'EngineMissingError';
    this.engine = engine;
  }
}

function isExecutableFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function whichOnPath(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, cmd);
    if (isExecutableFile(p)) return p;
  }
  return null;
}

/**
 * The `java` executable to use, or null: the installer's `.engines/java-home`,
 * then $JAVA_HOME, then `java` on PATH.
 */
export function findJava(): string | null {
  const homes: string[] = [];
  try {
    const h = readFileSync(javaHomeFile(), 'utf8').trim();
    if (h) homes.push(h);
  } catch {
    /* optional file */
  }
  if (process.env.JAVA_HOME) homes.push(process.env.JAVA_HOME);
  for (const h of homes) {
    const j = join(h, 'bin', 'java');
    if (isExecutableFile(j)) return j;
  }
  return whichOnPath('java');
}

/** JAVA_HOME for a java executable found by findJava() (resolves /usr/bin/java symlinks). */
export function javaHomeOf(javaExe: string): string {
  let real = javaExe;
  try {
    real = realpathSync(javaExe);
  } catch {
    /* keep as is */
  }
  return dirname(dirname(real));
}

/**
 * JVM flags Java 17 needs to run Hadoop/Pig code that reflects into java.base
 * (the set apache/parquet-java used for Pig local jobs on 17).
 */
export const JAVA17_ADD_OPENS: readonly string[] = [
  '-XX:+IgnoreUnrecognizedVMOptions',
  ...[
    'java.lang',
    'java.lang.invoke',
    'java.lang.reflect',
    'java.io',
    'java.net',
    'java.nio',
    'java.util',
    'java.util.concurrent',
    'java.util.concurrent.atomic',
    'sun.nio.ch',
    'sun.nio.cs',
    'sun.security.action',
    'sun.util.calendar',
  ].map((p) => `--add-opens=java.base/${p}=ALL-UNNAMED`),
];

export interface SpawnResult {
  /** Exit code; 124 when killed by the timeout, 128+n when ended by signal n. */
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

/**
 * Runs a command to completion, capturing stdout and stderr as UTF-8.
 * The child gets its own process group so that a timeout ends it and its
 * children (e.g. the JVM pyspark starts), and nothing else.
 */
export function spawnCapture(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<SpawnResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer =
      opts.timeoutMs && opts.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            killGroup();
          }, opts.timeoutMs)
        : undefined;
    // Do not leave an engine running if the test process itself exits.
    const onExit = () => killGroup();
    process.once('exit', onExit);
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      process.removeListener('exit', onExit);
      reject(e);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      process.removeListener('exit', onExit);
      let stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) stderr += `\n[emr-jobs] killed after timeout of ${opts.timeoutMs} ms\n`;
      resolvePromise({
        code: timedOut ? 124 : code ?? (signal ? 128 + (SIGNALS[signal] ?? 0) : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        timedOut,
      });
    });
  });
}

/** True when `p` exists (file or folder). */
export function exists(p: string): boolean {
  return existsSync(p);
}
