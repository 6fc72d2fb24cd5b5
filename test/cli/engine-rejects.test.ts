// Data inputs on the real engines: the records the generated scripts reject (CSV on Pig and Spark, JSON lines
// on Spark) are counted per reason exactly as the local runtime counts them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runOnEngine } from '../../cli/engine-job-runner.ts';
import { job } from '../../dsl/index.ts';
import type { Plan } from '../../plan/index.ts';
import { runPlan } from '../../runtime/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-engine-rejects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

// Good records, a value of the wrong type, too many and too few fields, a blank line (skipped, not counted).
const CSV = write('t.csv', 'a,b\n1,x\ny,z\n1,2,3\n4\n\n5,"q"\n6,\n');
// Good lines, a double for an int, not JSON, a number for a string, a blank line (skipped), an array.
const JSONL = write('e.jsonl', '{"a":1,"s":"x"}\n{"a":1.5}\nnot json\n\n{"a":2,"s":3}\n[1]\n{"s":"y"}\n');

const csvPlan = job('csv-rejects', 'x', (j) => {
  j.csv('t', { a: 'int', b: 'string' }).writeCsv('t_out');
}).plan();
const bothPlan = job('data-rejects', 'x', (j) => {
  j.csv('t', { a: 'int', b: 'string' }).writeCsv('t_out');
  j.jsonLines('e', { a: 'int', s: 'string' }).writeCsv('e_out');
}).plan();

interface Counts {
  readonly read: number;
  readonly parsed: number;
  readonly rejected: number;
  readonly byReason: Record<string, number>;
}

/** Per input counts of a run, and its output folder. */
async function counts(plan: Plan, inputs: Record<string, string>, engine: 'local' | 'pig' | 'spark'): Promise<{ inputs: Record<string, Counts>; out: string }> {
  const out = mkdtempSync(path.join(dir, `${engine}-`));
  if (engine === 'local') {
    const r = await runPlan(plan, inputs, { outDir: out });
    return { out, inputs: Object.fromEntries(r.inputs.map((i) => [i.name, { read: i.rowsRead, parsed: i.rowsParsed, rejected: i.rejected, byReason: i.byReason }])) };
  }
  const r = await runOnEngine(plan, engine, inputs, out, undefined, { maxRejectRate: 1 });
  return { out, inputs: Object.fromEntries(r.inputs.map((i) => [i.input, { read: i.read, parsed: i.parsed, rejected: i.rejected, byReason: i.byReason }])) };
}

describe('data inputs: rejected records counted by the scripts', () => {
  it('CSV on Pig: the runtime counts and reasons; the rejects file holds the fields joined again', async () => {
    const local = (await counts(csvPlan, { t: CSV }, 'local')).inputs;
    expect(local.t).toEqual({ read: 6, parsed: 3, rejected: 3, byReason: { 'bad-csv': 1, 'wrong-field-count': 2 } });
    const pig = await counts(csvPlan, { t: CSV }, 'pig');
    expect(pig.inputs).toEqual(local);
    const lines = readFileSync(path.join(pig.out, '_rejects', 't.rejects'), 'utf8').trimEnd().split('\n').sort();
    expect(lines).toEqual([`${CSV}\tbad-csv\ty,z`, `${CSV}\twrong-field-count\t1,2,3`, `${CSV}\twrong-field-count\t4,`]);
  }, 600_000);

  it('CSV and JSON lines on Spark: the runtime counts and reasons', async () => {
    const inputs = { t: CSV, e: JSONL };
    const local = (await counts(bothPlan, inputs, 'local')).inputs;
    expect(local.e).toEqual({ read: 6, parsed: 2, rejected: 4, byReason: { 'bad-json': 4 } });
    const spark = await counts(bothPlan, inputs, 'spark');
    expect(spark.inputs).toEqual(local);
    const lines = readFileSync(path.join(spark.out, '_rejects', 'e.rejects'), 'utf8').trimEnd().split('\n').sort();
    expect(lines).toEqual([`${JSONL}\tbad-json\t[1]`, `${JSONL}\tbad-json\tnot json`, `${JSONL}\tbad-json\t{"a":1.5}`, `${JSONL}\tbad-json\t{"a":2,"s":3}`]);
  }, 600_000);
});
