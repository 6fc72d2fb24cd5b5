// Ctrl-C (or SIGTERM) during `run --engine pig|spark`: the engine's whole process tree ends, its work
// folder is removed, the previous outputs stay byte-identical and the exit code says which signal it was.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from './cli-harness.ts';
import { processes, startCli, waitFor, type Proc } from './cli-process.ts';

const SAMPLE = path.join(ROOT, '../shared/data/access_logs/apache_logs');
const work = tempDir('engine-signals');
const base = path.join(work, 'base');
let baseCode: number | null = null;

afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  baseCode = (await cli(['run', 'top-pages', '--local', SAMPLE, '--out', base, '--rows', '0'])).code;
}, 240_000);

function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files[path.relative(dir, path.join(e.parentPath, e.name))] = readFileSync(path.join(e.parentPath, e.name)).toString('base64');
  }
  return files;
}

/** Engine processes (java, python) started by the run whose environment carries `mark`. */
function engineProcesses(mark: string): Proc[] {
  return processes().filter((p) => /\b(java|python[\d.]*)\b/.test(p.args) && environ(p.pid).includes(mark));
}

function environ(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return '';
  }
}

describe.concurrent.each([
  ['spark', 'SIGINT', 130],
  ['pig', 'SIGTERM', 143],
] as const)('run --engine %s interrupted by %s', (engine, signal, code) => {
  it(`ends the engine's process group, removes its work folder, keeps the previous outputs; exit ${code}`, async () => {
    expect(baseCode).toBe(0);
    const out = path.join(work, engine);
    cpSync(base, out, { recursive: true });
    const previous = snapshot(out);
    const mark = `EMR_JOBS_TEST_MARK=${randomUUID()}`;
    const run = startCli(['run', 'top-pages', '--engine', engine, '--local', SAMPLE, '--out', out, '--rows', '0'], {
      EMR_JOBS_TEST_MARK: mark.split('=')[1],
    });
    // Wait for the JVM itself (Spark's runs under the Python driver), then give it a moment of work.
    const jvm = await waitFor(`the ${engine} JVM`, () => engineProcesses(mark).find((p) => /\bjava\b/.test(p.args)), 240_000);
    const group = jvm.pgid;
    const workFolder = jvm.args.match(new RegExp(`${tmpdir()}/emr-jobs-${engine}-[A-Za-z0-9]+`))?.[0] ?? pythonWorkFolder(mark, engine);
    expect(workFolder).toBeTruthy();
    expect(existsSync(workFolder!)).toBe(true);
    await new Promise((r) => setTimeout(r, 1_500));
    run.child.kill(signal);
    const res = await run.done;
    expect(res.code).toBe(code);
    expect(res.stderr.trim().split('\n')).toEqual([
      `${signal}: emr-jobs run top-pages (${engine}) interrupted before it finished; nothing was written, the previous outputs in ${out} are intact`,
    ]);
    expect(processes().filter((p) => p.pgid === group || environ(p.pid).includes(mark))).toEqual([]);
    expect(existsSync(workFolder!)).toBe(false);
    expect(snapshot(out)).toEqual(previous);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 300_000);
});

/** Spark's JVM is started by pyspark without the work folder in its arguments: the Python driver has it. */
function pythonWorkFolder(mark: string, engine: string): string | undefined {
  const py = engineProcesses(mark).find((p) => /python/.test(p.args));
  return py?.args.match(new RegExp(`${tmpdir()}/emr-jobs-${engine}-[A-Za-z0-9]+`))?.[0];
}
