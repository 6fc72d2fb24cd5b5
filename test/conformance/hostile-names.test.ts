// Hostile column names, input/output names and string literals compile and run identically on the runtime,
// real Pig and real Spark (one Pig JVM and one Spark session for the whole file, plus one Pig run of a
// script compiled without the batch prefix, so reserved words reach Pig as parameter names).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectsArgs, toPig } from '../../codegen/pig/index.ts';
import { toPySpark } from '../../codegen/pyspark/index.ts';
import { runPig } from '../../engines/pig-runner.ts';
import { sinks, type Plan } from '../../plan/index.ts';
import { HOSTILE_NAMES, type TableSpec } from '../harness/arbitraries/index.ts';
import { compareCase, type CaseOutputs } from '../harness/compare.ts';
import { readPigOutput } from '../harness/pig-harness.ts';
import { writeCaseInputs, type CaseInputs } from './support/case-files.ts';
import { runPigSettled } from './support/pig-batch.ts';
import { runReference, type Settled } from './support/reference-run.ts';
import { runSparkSettled } from './support/spark-batch.ts';
import { chunkTable, identityJob, literalsJob, MIXED, NAME_CHUNKS, OTHER, relationalJob } from './support/hostile-jobs.ts';

interface Case {
  readonly name: string;
  readonly plan: Plan;
  readonly tables: readonly TableSpec[];
}

const cases: Case[] = [
  ...NAME_CHUNKS.map((names, i) => ({ name: `identity ${i}`, plan: identityJob(i).plan(), tables: [chunkTable(i % 2 ? 'group' : 'class', names)] })),
  { name: 'literals', plan: literalsJob.plan(), tables: [MIXED] },
  { name: 'relational', plan: relationalJob.plan(), tables: [MIXED, OTHER] },
];

const work = mkdtempSync(path.join(tmpdir(), 'emr-jobs-hostile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let inputs: CaseInputs[] = [];
const results = new Map<string, { exact: Settled; pigView: Settled; pig: Settled; spark: Settled }>();
let unprefixed: { code: number; stderr: string; rows: CaseOutputs } | null = null;

beforeAll(async () => {
  inputs = await Promise.all(cases.map((c, i) => writeCaseInputs(path.join(work, `case-${i}`), c.tables)));
  const engineCases = cases.map((c, i) => ({ plan: c.plan, inputs: inputs[i].exact }));
  const [pig, spark, alone] = await Promise.all([runPigSettled(engineCases), runSparkSettled(engineCases), runUnprefixed()]);
  unprefixed = alone;
  for (const [i, c] of cases.entries()) {
    const exact = await runReference(c.plan, inputs[i].exact);
    const pigView = await runReference(c.plan, inputs[i].pigView);
    results.set(c.name, { exact, pigView, pig: pig[i], spark: spark[i] });
  }
}, 20 * 60_000);

/** The first identity job compiled with no prefix: its input and output names are Pig parameters as is. */
async function runUnprefixed(): Promise<{ code: number; stderr: string; rows: CaseOutputs }> {
  const plan = cases[0].plan;
  const dir = path.join(work, 'unprefixed');
  const files = await writeCaseInputs(dir, cases[0].tables);
  const script = path.join(dir, 'job.pig');
  writeFileSync(script, toPig(plan));
  const sink = sinks(plan)[0];
  const out = path.join(dir, 'out');
  const input = cases[0].tables[0].input;
  const rejects = rejectsArgs(plan, 'pig', (i) => path.join(dir, 'rejects', i));
  const res = await runPig({ script, params: { [input]: files.exact[input], [sink.output]: out, ...rejects } });
  return { code: res.code, stderr: res.stderr, rows: res.code === 0 ? { [sink.output]: readPigOutput(out, sink) } : {} };
}

const outputsOf = (s: Settled, who: string): CaseOutputs => {
  if (!s.ok) throw new Error(`${who} failed: ${s.error}`);
  return s.outputs;
};

describe('hostile names and literals', () => {
  it('cover every hostile name and reach both compilers', () => {
    const names = new Set(NAME_CHUNKS.flat());
    expect(HOSTILE_NAMES.filter((n) => !names.has(n))).toEqual([]);
    for (const c of cases) {
      expect(() => toPig(c.plan)).not.toThrow();
      expect(() => toPySpark(c.plan)).not.toThrow();
    }
  });

  it.each(cases.filter((c) => c.name.startsWith('identity')).map((c) => c.name))('%s: the runtime returns the input exactly, under the same names', (name) => {
    const c = cases.find((x) => x.name === name)!;
    const out = outputsOf(results.get(name)!.exact, 'runtime');
    const sink = sinks(c.plan)[0];
    expect(sink.schema.map((f) => f.name)).toEqual(c.tables[0].columns.map((col) => col.name));
    expect(out[sink.output]).toEqual(c.tables[0].rows);
  });

  it.each(cases.map((c) => c.name))('%s: Pig gives the runtime\'s outputs', (name) => {
    const c = cases.find((x) => x.name === name)!;
    const r = results.get(name)!;
    const cmp = compareCase(c.plan, outputsOf(r.pigView, 'runtime'), outputsOf(r.pig, 'pig'), { labels: ['runtime', 'pig'] });
    expect(cmp.diff).toBe('');
  });

  it.each(cases.map((c) => c.name))('%s: Spark gives the runtime\'s outputs', (name) => {
    const c = cases.find((x) => x.name === name)!;
    const r = results.get(name)!;
    const cmp = compareCase(c.plan, outputsOf(r.exact, 'runtime'), outputsOf(r.spark, 'spark'), { labels: ['runtime', 'spark'] });
    expect(cmp.diff).toBe('');
  });

  it('reserved words as Pig parameter names (no batch prefix) run too', () => {
    expect(unprefixed!.code, unprefixed!.stderr).toBe(0);
    const r = results.get(cases[0].name)!;
    expect(compareCase(cases[0].plan, outputsOf(r.pigView, 'runtime'), unprefixed!.rows, { labels: ['runtime', 'pig'] }).diff).toBe('');
  });
});
