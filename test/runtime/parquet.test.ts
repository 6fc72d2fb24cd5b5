// Parquet output and input on the runtime: part-file layout, every type kept through a round trip, and
// input errors naming the file and column.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { job } from '../../dsl/index.ts';
import { validatePlan } from '../../plan/index.ts';
import { executePlan, runPlan, tableToRows } from '../../runtime/index.ts';
import { parquetTextRows } from '../../runtime/parquet/parquet-files.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-parquet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS = { s: 'string', i: 'int', l: 'long', d: 'double', b: 'boolean', t: 'timestamp', dt: 'date' } as const;
const JSONL = [
  '{"s":"a\\tb","i":-2147483648,"l":9007199254740991,"d":-0.0,"b":true,"t":"2015-05-17T10:05:03.123Z","dt":"1969-12-31"}',
  '{"s":"","i":null,"l":-1,"d":1e20,"b":false,"t":"1969-12-31T23:59:59.999Z","dt":"2016-02-29"}',
  '{"s":null}',
  '',
].join('\n');

describe('Parquet on the runtime', () => {
  const input = path.join(dir, 'in.jsonl');
  writeFileSync(input, JSONL);
  const out = path.join(dir, 'out');
  const write = job('w', 'x', (j) => { j.jsonLines('in', COLUMNS).writeParquet('pq'); }).plan();

  it('writes a folder of part files whose columns keep their types, and reads it back to the same rows', async () => {
    const run = await runPlan(write, { in: input }, { outDir: out });
    expect(run.outputs.map((o) => [o.path, o.rows])).toEqual([[path.join(out, 'pq'), 3]]);
    expect(readdirSync(path.join(out, 'pq'))).toEqual(['part-00000.parquet']);
    const file = parquetTextRows(path.join(out, 'pq', 'part-00000.parquet'));
    expect(file.names).toEqual(Object.keys(COLUMNS));
    expect(file.types).toEqual(Object.values(COLUMNS));
    const { tables } = await executePlan(write, { in: input });
    const read = job('r', 'x', (j) => { j.parquet('pq', COLUMNS).writeCsv('rows'); }).plan();
    const back = await executePlan(read, { pq: path.join(out, 'pq') });
    expect(tableToRows(back.tables.rows)).toEqual(tableToRows(tables.pq));
    expect(tableToRows(back.tables.rows)[0]).toEqual(['a\tb', '-2147483648', '9007199254740991', '-0.0', 'true', '2015-05-17T10:05:03.123Z', '1969-12-31']);
  });

  it('writes one part with the schema and no rows for an empty output', async () => {
    const empty = job('e', 'x', (j) => { j.jsonLines('in', COLUMNS).filter((r) => r.i.gt(0)).writeParquet('pq'); }).plan();
    await runPlan(empty, { in: input }, { outDir: path.join(dir, 'empty') });
    const file = parquetTextRows(path.join(dir, 'empty', 'pq', 'part-00000.parquet'));
    expect(file).toEqual({ names: Object.keys(COLUMNS), types: Object.values(COLUMNS), rows: [] });
  });

  it('names the file and the column when the file does not fit the schema', async () => {
    const read = (schema: Record<string, 'int' | 'string'>) => executePlan(job('bad', 'x', (j) => { j.parquet('p', schema).writeCsv('o'); }).plan(), { p: path.join(out, 'pq') });
    await expect(read({ i: 'int', nope: 'string' })).rejects.toThrow(/part-00000\.parquet: no column 'nope' in the Parquet file \(it has s, i, l, d, b, t, dt\)/);
    await expect(read({ s: 'int' })).rejects.toThrow(/part-00000\.parquet: column 's' is Utf8 in the Parquet file, not int as the job declares/);
  });

  it('refuses a partitioned Parquet output in plan validation', () => {
    const plan = { ...write, nodes: write.nodes.map((n) => (n.kind === 'sink' ? { ...n, partitionBy: 's' } : n)) };
    expect(validatePlan(plan).map((e) => e.message)).toEqual([expect.stringContaining("output 'pq': a Parquet output cannot be partitioned")]);
  });
});
