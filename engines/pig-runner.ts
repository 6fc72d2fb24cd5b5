/**
 * Runs a Pig Latin script on Apache Pig 0.17.0 in local mode (`-x local`), one
 * JVM per call (org.apache.pig.Main calls System.exit). One script may hold many
 * STOREs, so batch conformance cases into one script where you can.
 *
 * The classpath comes from `.engines/pig.classpath`, written by
 * scripts/install-engines.sh from engines/pig/pom.xml.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  EngineMissingError,
  JAVA17_ADD_OPENS,
  findJava,
  pigClasspathFile,
  spawnCapture,
} from './engine-paths.js';
import { childPath } from '../runtime/path-guard.ts';
import { quotePigParamValue } from '../codegen/pig/pig-params.ts';
import { PIG_LIB_PARAM, registeredPigLibJars } from '../codegen/pig/pig-lib.ts';
import { bundledUdfJar, UDF_JAR } from './pig-udf-jar.ts';

export { EngineMissingError } from './engine-paths.js';

export interface PigRunOptions {
  /** Path of the .pig script (relative paths resolve against `cwd`). */
  script: string;
  /** `-param key=value` pairs, referenced in the script as `$key`. */
  params: Record<string, string>;
  /** Working directory of the JVM (relative LOAD/STORE paths resolve here). Default: process.cwd(). */
  cwd?: string;
  /** Kill the JVM after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** Extra JVM flags, e.g. ['-Xmx2g'] (later flags win). */
  jvmArgs?: string[];
  /** Log level of Pig/Hadoop on stderr: default ERROR (WARN/INFO to debug). */
  logLevel?: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';
  /** Aborting ends the JVM (SIGTERM, then SIGKILL); the run then returns with code 143. */
  signal?: AbortSignal;
  /** Folder for the run's work folder (logs, Hadoop temp files). Default: the OS temp folder. */
  tmpRoot?: string;
}

export interface PigRunResult {
  /** Pig's exit code: 0 ok; 6 parse/validation error; 2 a job failed; 124 timeout. */
  code: number;
  stdout: string;
  /** log4j output at `logLevel`, then (on failure) Pig's client log with the stack trace. */
  stderr: string;
}

/** Fixed JVM settings for Pig local mode on Java 17 (before the per-run ones). */
export const PIG_JVM_FLAGS: readonly string[] = [
  '-Xmx1g',
  '-XX:+UseSerialGC',
  ...JAVA17_ADD_OPENS,
  '-Dfile.encoding=UTF-8',
  '-Duser.timezone=UTC',
  // Default time zone of Pig's DateTime values (ToDate, ToString, GetHour...).
  // Generated scripts should also say `SET pig.datetime.default.tz 'UTC';` for EMR.
  '-Dpig.datetime.default.tz=UTC',
];

function readClasspath(): string {
  const file = pigClasspathFile();
  let cp: string;
  try {
    cp = readFileSync(file, 'utf8').trim();
  } catch {
    throw new EngineMissingError('pig', `${file} does not exist`);
  }
  if (!cp) throw new EngineMissingError('pig', `${file} is empty`);
  return cp;
}

/** True when the Pig classpath file and a java executable are present. */
export function pigAvailable(): boolean {
  try {
    readClasspath();
  } catch {
    return false;
  }
  return findJava() !== null;
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function log4jProperties(level: string): string {
  return [
    `log4j.rootLogger=${level}, stderr`,
    'log4j.appender.stderr=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stderr.Target=System.err',
    'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stderr.layout.ConversionPattern=%p %c{1}: %m%n',
    '',
  ].join('\n');
}

export { quotePigParamValue };

/**
 * The full argument list for `java` (exported for docs and debugging).
 * `workDir` holds the log4j config, the client log and Hadoop/Pig temp files.
 */
export function pigJavaArgs(opts: PigRunOptions & { classpath: string; workDir: string; scriptPath: string }): string[] {
  const log4j = join(opts.workDir, 'log4j.properties');
  const args = [
    ...PIG_JVM_FLAGS,
    `-Dlog4j.configuration=file:${log4j}`,
    `-Dhadoop.tmp.dir=${join(opts.workDir, 'hadoop')}`,
    `-Dpig.temp.dir=${join(opts.workDir, 'pigtmp')}`,
    ...(opts.jvmArgs ?? []),
    '-cp',
    opts.classpath,
    'org.apache.pig.Main',
    '-x',
    'local',
    '-4',
    log4j,
    '-l',
    join(opts.workDir, 'pig-client.log'),
  ];
  for (const [k, v] of Object.entries(opts.params)) {
    if (!PARAM_NAME.test(k)) throw new Error(`invalid Pig parameter name: ${JSON.stringify(k)}`);
    args.push('-param', `${k}=${quotePigParamValue(v)}`);
  }
  args.push(opts.scriptPath);
  return args;
}

/**
 * A folder of links to the jars a script REGISTERs from `$emr_jobs_pig_lib` (on EMR the submitter stages
 * them): the package's own functions, and the classpath's copies of the others (the engines install resolved
 * them from the same pinned POM).
 */
function localPigLib(classpath: string, workDir: string, scriptText: string): string {
  const lib = join(workDir, 'lib');
  mkdirSync(lib);
  const jars = new Map(classpath.split(':').map((j) => [basename(j), j]));
  for (const name of registeredPigLibJars(scriptText)) {
    const jar = name === UDF_JAR ? bundledUdfJar() : jars.get(name);
    if (!jar) throw new EngineMissingError('pig', `${name} is not on the Pig classpath`);
    symlinkSync(jar, join(lib, name));
  }
  return lib;
}

/** Runs one Pig script in local mode and returns its exit code and output. */
export async function runPig(opts: PigRunOptions): Promise<PigRunResult> {
  const classpath = readClasspath();
  const java = findJava();
  if (!java) throw new EngineMissingError('pig', 'no `java` found (JAVA_HOME, PATH)');
  const cwd = opts.cwd ? resolve(opts.cwd) : process.cwd();
  const scriptPath = resolve(cwd, opts.script);
  const workDir = mkdtempSync(childPath(opts.tmpRoot ?? tmpdir(), 'emr-jobs-pig-'));
  try {
    writeFileSync(join(workDir, 'log4j.properties'), log4jProperties(opts.logLevel ?? 'ERROR'));
    const text = readFileSync(scriptPath, 'utf8');
    const params = text.includes(`$${PIG_LIB_PARAM}/`) && !(PIG_LIB_PARAM in opts.params)
      ? { ...opts.params, [PIG_LIB_PARAM]: localPigLib(classpath, workDir, text) }
      : opts.params;
    const args = pigJavaArgs({ ...opts, params, classpath, workDir, scriptPath });
    const res = await spawnCapture(java, args, { cwd, timeoutMs: opts.timeoutMs ?? 600_000, signal: opts.signal });
    let stderr = res.stderr;
    if (res.code !== 0) {
      try {
        const clientLog = readFileSync(join(workDir, 'pig-client.log'), 'utf8');
        if (clientLog.trim()) stderr += `\n--- Pig client log ---\n${clientLog}`;
      } catch {
        /* Pig writes it only on some errors */
      }
    }
    return { code: res.code, stdout: res.stdout, stderr };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
