// The jars a Pig script REGISTERs from `$emr_jobs_pig_lib` (EMR's Pig ships neither): the package's own
// functions (TopN), from the package; Parquet storage, each taken from the local Maven repository when
// `emr-jobs engines install` already put it there, else fetched once from Maven Central into the user cache
// and checked against Central's SHA-1. The submitter stages them to S3 beside the bundle and passes their
// folder as the script parameter.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { jarFileName, PARQUET_PIG_ARTIFACTS, PIG_LIB_PARAM } from '../codegen/pig/pig-parquet.ts';
import { bundledUdfJar, UDF_JAR } from '../engines/pig-udf-jar.ts';
import { JobError } from '../plan/index.ts';

export { PIG_LIB_PARAM };

export const MAVEN_CENTRAL = 'https://repo1.maven.org/maven2';

export interface PigJar {
  readonly name: string;
  readonly path: string;
}

/** Whether a Pig script takes the jar folder parameter. */
export function scriptNeedsPigLib(scriptText: string): boolean {
  return scriptText.includes(`$${PIG_LIB_PARAM}/`);
}

function repoPath(coordinates: string): string {
  const [group, artifact, version] = coordinates.split(':');
  return [...group.split('.'), artifact, version, jarFileName(coordinates)].join('/');
}

function localRepositories(): string[] {
  const env = process.env.MAVEN_REPO_LOCAL;
  return [...(env ? [env] : []), path.join(homedir(), '.m2', 'repository')];
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'emr-jobs', 'jars');
}

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

async function download(coordinates: string, dest: string): Promise<void> {
  const base = (process.env.EMR_JOBS_MAVEN_URL || MAVEN_CENTRAL).replace(/\/+$/, '');
  const url = `${base}/${repoPath(coordinates)}`;
  const fail = (why: string) =>
    new JobError('input', `cannot fetch ${coordinates} for the Pig script's Parquet storage from ${url}: ${why} (set EMR_JOBS_MAVEN_URL to a Maven mirror, or run \`emr-jobs engines install\`, which puts it in ~/.m2)`);
  let jar: Uint8Array;
  let expected: string;
  try {
    const [j, s] = await Promise.all([fetch(url), fetch(`${url}.sha1`)]);
    if (!j.ok) throw fail(`HTTP ${j.status}`);
    if (!s.ok) throw fail(`HTTP ${s.status} for its .sha1`);
    jar = new Uint8Array(await j.arrayBuffer());
    expected = (await s.text()).trim().split(/\s+/)[0].toLowerCase();
  } catch (e) {
    if (e instanceof JobError) throw e;
    throw fail((e as Error).message);
  }
  if (sha1(jar) !== expected) throw fail(`its SHA-1 is ${sha1(jar)}, Maven Central's .sha1 says ${expected}`);
  mkdirSync(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.tmp`;
  writeFileSync(tmp, jar);
  renameSync(tmp, dest);
}

/** The local file of one Maven artifact, fetching it when missing. */
async function mavenJar(coordinates: string): Promise<string> {
  const local = localRepositories().map((r) => path.join(r, repoPath(coordinates))).find((p) => existsSync(p));
  if (local) return local;
  const cached = path.join(cacheDir(), jarFileName(coordinates));
  if (!existsSync(cached)) await download(coordinates, cached);
  return cached;
}

/** The local files of the jars named (those a script REGISTERs from `$emr_jobs_pig_lib`), fetching missing ones. */
export async function pigLibJars(names: readonly string[]): Promise<PigJar[]> {
  const out: PigJar[] = [];
  for (const name of names) {
    if (name === UDF_JAR) {
      out.push({ name, path: bundledUdfJar() });
      continue;
    }
    const coordinates = PARQUET_PIG_ARTIFACTS.find((c) => jarFileName(c) === name);
    if (!coordinates) throw new JobError('input', `the Pig script REGISTERs '$${PIG_LIB_PARAM}/${name}', which emr-jobs does not provide (recompile the bundle with this version)`);
    out.push({ name, path: await mavenJar(coordinates) });
  }
  return out;
}
