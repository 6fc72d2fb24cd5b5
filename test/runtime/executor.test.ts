// The executor around the operators: column pruning, nodes computed once for several readers, input
// binding errors, plan errors before any input is read, progress and reject limits.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { count, job, sum } from '../../dsl/index.ts';
import { JobError, type Plan } from '../../plan/index.ts';
import { executePlan, runPlan, tableToRows } from '../../runtime/index.ts';
import { buildSinkStreams } from '../../runtime/plan-executor.ts';
import { batchesOf, collect, fieldsOf, runMemory, type MemTable } from './support/memory-tables.ts';

const LOGS = '../shared/data/access_logs/apache_logs';
const spec = { a: 'string', b: 'int', c: 'long', d: 'double' } as const;
const table: MemTable = { fields: fieldsOf(spec), rows: [['x', 1, 1n, 1], ['y', 2, 2n, 2], ['x', 3, 3n, 3]] };
const plan = (build: Parameters<typeof job>[2]): Plan => job('t', 'test', build).plan();
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'emr-jobs-exec-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function expectJobError(p: Promise<unknown>, kind: string, message: RegExp) {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(JobError);
  expect((e as JobError).kind).toBe(kind);
  expect((e as JobError).message).toMatch(message);
}

describe('column pruning', () => {
  it('opens a source with only the columns the plan reads', async () => {
    const p = plan((j) => j.csv('t', spec).filter((r) => r.b.gt(1)).select('a').writeCsv('out'));
    const r = await runMemory(p, { t: table }, 2);
    expect(r.opened).toEqual({ t: [['a', 'b']] });
    expect(r.outputs.out).toEqual([['y'], ['x']]);
  });
  it('keeps sort and join keys, and every column under distinct', async () => {
    const p = plan((j) => {
      const t = j.csv('t', spec);
      t.orderBy('d').select('a').writeCsv('sorted');
      t.distinct().agg(() => ({ n: count() })).writeCsv('distinct');
    });
    const r = await runMemory(p, { t: table }, 2);
    expect(r.opened).toEqual({ t: [['a', 'b', 'c', 'd']] });
    const q = plan((j) => {
      const u = j.csv('u', { a: 'string', e: 'string', f: 'int' });
      j.csv('t', spec).join(u, { on: ['a'] }).select('e').writeCsv('out');
    });
    const u: MemTable = { fields: fieldsOf({ a: 'string', e: 'string', f: 'int' }), rows: [['x', 'X', 0]] };
    const s = await runMemory(q, { t: table, u }, 2);
    expect(s.opened).toEqual({ u: [['a', 'e']], t: [['a']] });
    expect(s.outputs.out).toEqual([['X'], ['X']]);
  });
  it('reads a source none of whose columns are needed, for its row count', async () => {
    const p = plan((j) => j.csv('t', spec).agg(() => ({ n: count() })).writeCsv('out'));
    const r = await runMemory(p, { t: table }, 2);
    expect(r.outputs.out).toEqual([[3n]]);
  });
});

describe('shared nodes', () => {
  it('computes a node read by several others once, and reads an input once for several sources', async () => {
    let pulls = 0;
    const p = plan((j) => {
      const t = j.csv('t', spec).filter((r) => r.b.ge(1));
      t.groupBy('a').agg((r) => ({ s: sum(r.c) })).writeCsv('sums');
      t.join(t.select((r) => ({ a: r.a, b2: r.b })), { on: ['a'] }).writeCsv('self');
      j.csv('t', spec).select('d').writeCsv('again');
    });
    let opens = 0;
    const sinks = buildSinkStreams(p, 1, (_source, columns) => {
      opens++;
      return (async function* () {
        for (const b of batchesOf(table, 1, columns)) {
          pulls++;
          yield b;
        }
      })();
    });
    const out = await Promise.all(sinks.map((s) => collect(s.stream)));
    expect(opens).toBe(1);
    expect(pulls).toBe(3);
    expect(out.map((batches) => batches.reduce((n, b) => n + b.numRows, 0))).toEqual([2, 5, 3]);
  });
});

describe('runPlan and executePlan', () => {
  const logsPlan = plan((j) => j.accessLog('logs').groupBy('status').agg(() => ({ n: count() })).orderBy('status').writeCsv('by_status'));

  it('names a missing input binding and a missing file', async () => {
    await expectJobError(runPlan(logsPlan, {}, { outDir: tmp() }), 'input', /no file given for input 'logs'/);
    await expectJobError(executePlan(logsPlan, { logs: 'no/such/file.log' }), 'input', /input 'logs': file not found: no\/such\/file\.log/);
  });

  it('reports a bad pattern before reading or writing anything', async () => {
    const bad = plan((j) => j.accessLog('logs').select((r) => ({ x: r.path.regexExtract('(', 1) })).writeCsv('out'));
    const dir = tmp();
    await expectJobError(runPlan(bad, { logs: LOGS }, { outDir: dir }), 'plan', /invalid pattern/);
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
  });

  it('fails past --max-rejects, and reports progress up to the file size', async () => {
    await expectJobError(runPlan(logsPlan, { logs: LOGS }, { outDir: tmp(), maxRejects: 0 }), 'input', /more than --max-rejects 0/);
    const seen: number[] = [];
    const r = await runPlan(logsPlan, { logs: LOGS }, { outDir: tmp(), onProgress: (p) => seen.push(p.bytes) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[seen.length - 1]).toBe(2370789);
    expect(r.outputs[0].rows).toBe(8);
    expect(r.job).toBe('t');
  });

  it('executePlan returns tables and writes no file', async () => {
    const { tables, inputs } = await executePlan(logsPlan, { logs: LOGS }, { batchSize: 500 });
    expect(tableToRows(tables.by_status)).toEqual([
      ['200', '9125'], ['206', '45'], ['301', '164'], ['304', '445'], ['403', '2'], ['404', '213'], ['416', '2'], ['500', '3'],
    ]);
    expect(inputs[0]).toMatchObject({ rowsParsed: 9999, rejected: 1, rejectsFile: null });
  });

  it('writes a partitioned output and an empty one', async () => {
    const dir = tmp();
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, 'a,b,c,d\nx,1,1,1.5\ny,2,2,2.5\nx,3,3,\n');
    const p = plan((j) => {
      const t = j.csv('t', spec);
      t.writeJson('parts', { partitionBy: 'a' });
      t.filter((r) => r.b.gt(10)).writeCsv('none');
    });
    const r = await runPlan(p, { t: csv }, { outDir: join(dir, 'out') });
    expect(readdirSync(join(dir, 'out', 'parts')).sort()).toEqual(['a=x', 'a=y']);
    expect(readFileSync(join(dir, 'out', 'parts', 'a=x', 'part-00000.jsonl'), 'utf8')).toBe('{"b":1,"c":1,"d":1.5}\n{"b":3,"c":3,"d":null}\n');
    expect(readFileSync(join(dir, 'out', 'none.csv'), 'utf8')).toBe('a,b,c,d\n');
    expect(r.outputs.map((o) => [o.name, o.rows, o.preview.length])).toEqual([['parts', 3, 3], ['none', 0, 0]]);
  });
});
