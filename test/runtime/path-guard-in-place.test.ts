// The path guard as the second line of defence: a hand-edited plan or manifest that skips plan validation
// still cannot make the runtime, the engine-output collector, the bundle writer or S3 staging write or
// delete outside the folder (or key prefix) they were given.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { collectOutput } from '../../cli/part-file-collector.ts';
import { writeBundle } from '../../codegen/bundle.ts';
import { job } from '../../dsl/index.ts';
import { readBundle } from '../../emr/bundle-reader.ts';
import type { EmrProfile } from '../../emr/profile.ts';
import { planStaging } from '../../emr/stage.ts';
import { JobError, sinks, type Plan, type SinkNode } from '../../plan/index.ts';
import { runPlan } from '../../runtime/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sandbox = path.join(dir, 'sandbox');
const out = path.join(sandbox, 'out');
const sentinel = path.join(sandbox, 'sentinel.txt');
const input = path.join(dir, 'rows.csv');

beforeEach(() => {
  rmSync(sandbox, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(sentinel, 'must survive\n');
  writeFileSync(input, 'k,v\na,1\nb,2\n');
});

const untouched = () => {
  expect(readdirSync(sandbox).sort()).toEqual(['out', 'sentinel.txt']);
  expect(readFileSync(sentinel, 'utf8')).toBe('must survive\n');
};

const valid = job('guarded', 'x', (j) => {
  j.csv('rows', { k: 'string', v: 'int' }).writeCsv('parts', { partitionBy: 'k' });
}).plan();

/** The plan with its sink renamed, as a hand-edited plan.json could be: validation never saw it. */
const renamed = (output: string): Plan => ({ ...valid, nodes: valid.nodes.map((n) => (n.kind === 'sink' ? { ...n, output } : n)) });

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<JobError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(JobError);
    return e as JobError;
  }
  throw new Error('expected the guard to refuse');
}

describe('the guard in place', () => {
  it.each(['..', '../x', '.'])('runPlan refuses an output named %j and leaves the folder beside --out alone', async (output) => {
    const e = await refusal(runPlan(renamed(output), { rows: input }, { outDir: out }));
    expect(e.message).toMatch(/^refusing the path/);
    untouched();
    expect(existsSync(path.join(sandbox, 'x'))).toBe(false);
  });

  it('the engine-output collector refuses a sink named .. before deleting anything', async () => {
    const engineDir = path.join(dir, 'engine-out');
    mkdirSync(path.join(engineDir, 'k=a'), { recursive: true });
    writeFileSync(path.join(engineDir, 'k=a', 'part-00000'), '1\n');
    const sink = { ...sinks(valid)[0], output: '..' } as SinkNode;
    await refusal(collectOutput(engineDir, sink, out));
    untouched();
  });

  it('the bundle writer refuses a job name that climbs out of the bundle folder', async () => {
    const e = await refusal(() => writeBundle({ ...valid, job: '../evil' }, ['pyspark'], out));
    expect(e.message).toMatch(/climbs out/);
    expect(readdirSync(sandbox).sort()).toEqual(['out', 'sentinel.txt']);
    expect(existsSync(path.join(sandbox, 'evil.py'))).toBe(false);
  });

  it('S3 staging refuses a manifest output that would resolve above runs/<id>/', async () => {
    const bundleDir = path.join(dir, 'bundle');
    const written = writeBundle(valid, ['pyspark'], bundleDir);
    expect(written.errors).toEqual({});
    const bundle = readBundle(bundleDir);
    const edited = { ...bundle, manifest: { ...bundle.manifest, outputs: [{ name: '..', format: 'csv', partitionBy: null }] } };
    const profile = { bucket: 'emr-jobs-test', prefix: 'ej' } as EmrProfile;
    const e = await refusal(planStaging(edited, 'spark', { rows: 's3://emr-jobs-test/in/rows.csv' }, profile, 'r1'));
    expect(e.message).toMatch(/has a '\.\.' segment/);
    const ok = await planStaging(bundle, 'spark', { rows: 's3://emr-jobs-test/in/rows.csv' }, profile, 'r1');
    expect(ok.outputs).toEqual({ parts: 's3://emr-jobs-test/ej/runs/r1/parts' });
  });

  it('a valid plan still writes its partition folders under --out', async () => {
    const r = await runPlan(valid, { rows: input }, { outDir: out });
    expect(r.outputs.map((o) => o.rows)).toEqual([2]);
    expect(readdirSync(path.join(out, 'parts')).sort()).toEqual(['k=a', 'k=b']);
  });
});
