// Generated PySpark on real Apache Spark 3.5 (local mode, one session for this whole file): every example
// job over the shared Apache log and the focused cases must give the rows the local runtime gives, in
// order where the plan sorts; written files must match the runtime's byte for byte.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparkAvailable } from '../../../engines/spark-runner.ts';
import { ML_NODE_KINDS, nodeById, sinks, type ParamValues, type Plan, type SinkNode } from '../../../plan/index.ts';
import { executePlan, runPlan, tableToRows } from '../../../runtime/index.ts';
import { partitionDir } from '../../../runtime/writers/hive-partition.ts';
import { runSparkCasesDetailed, type SparkCaseResult } from '../../harness/spark-harness.ts';
import { focusCases, KNOWN_DIFFERENCES } from './cases/focus-cases.ts';
import { BAD_QUOTES_IDS, MULTILINE_BAD_QUOTES_IDS } from '../pig/support/delimited-cases.ts';
import { BIG_ACCURACY, BIG_N, BIG_P, bigGroup } from './cases/distribution-case.ts';
import { rowDifferences, type Rows } from './compare-rows.ts';
import { examplePlans, ROOT } from './job-plans.ts';
import { valueChecks } from './value-checks.ts';
import { parsedLines, sessions, topPathsPerHost } from '../../cli/apache-log-oracle.ts';
import { byFirstCell, filteredByStatus, HOSTILE_TAG, paramCases } from '../pig/support/param-cases.ts';
import { valueTableCsv } from '../pig/support/value-table.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { job } from '../../../dsl/index.ts';
import { EVENT_COLUMNS, NYSE_COLUMNS, parquetInputs, parquetJob } from './cases/parquet-case.ts';
import { checkCases } from './cases/checks-case.ts';
import { describeSparkChecks } from './spark-checks.ts';

if (!sparkAvailable()) throw new Error('Spark is not installed: run `bash scripts/install-engines.sh`');

const work = mkdtempSync(path.join(tmpdir(), 'emr-jobs-pyspark-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Case {
  readonly name: string;
  readonly plan: Plan;
  readonly inputs: Record<string, string>;
  readonly params?: ParamValues;
}

const APACHE_LOGS = path.join(ROOT, '../shared/data/access_logs/apache_logs');
// Jobs with ML nodes (pyspark.ml, numerical fits) are tested by the ML suite, not compared row for row here.
const examples: Case[] = (await examplePlans())
  .filter(({ plan }) => !plan.nodes.some((n) => (ML_NODE_KINDS as readonly string[]).includes(n.kind)))
  .map(({ name, plan }) => ({
  name,
  plan,
  inputs: {
    logs: APACHE_LOGS,
    hosts: path.join(ROOT, 'jobs/data/hosts.csv'),
    alb: path.join(ROOT, '../shared/data/aws/alb/beats/application-lb-http.log'),
    cloudfront: path.join(ROOT, 'jobs/data/cloudfront/cloudfront-multiple.log'),
    trail: path.join(ROOT, '../shared/data/aws/cloudtrail/cloudgrep/cloudtrail.json'),
  },
}));
const focus: Case[] = focusCases(path.join(work, 'fixtures'), ROOT);
const valsFile = path.join(work, 'vals.csv');
writeFileSync(valsFile, valueTableCsv());
// Jobs with run-time parameters, each run twice with other values (the Pig suite runs the same ones).
const params: Case[] = paramCases({ vals: valsFile, logs: APACHE_LOGS }).map((c) => ({ name: c.key, plan: c.plan, inputs: c.inputs, params: c.params }));
mkdirSync(path.join(work, 'parquet'));
const parquetIn = await parquetInputs(path.join(work, 'parquet'), ROOT);
const parquet: Case = { name: 'parquet', plan: parquetJob.plan(), inputs: parquetIn };
const cases = [...examples, ...focus, ...params, parquet];
// Jobs with data-quality checks run in the same session, after the others (spark-checks.ts tests them).
const checked = checkCases(valsFile);
const inputsOf = (c: Case) => Object.fromEntries(Object.entries(c.inputs).filter(([k]) => c.plan.nodes.some((n) => n.kind === 'source' && n.input === k)));

let spark: SparkCaseResult[] = [];
const local = new Map<string, Record<string, Rows>>();

beforeAll(async () => {
  const batch = [...cases.map((c) => ({ plan: c.plan, inputs: inputsOf(c), params: c.params })), ...checked.map((c) => ({ plan: c.plan, inputs: c.inputs, previousRows: c.previousRows }))];
  spark = await runSparkCasesDetailed(batch, { workDir: path.join(work, 'spark') });
  for (const c of cases) {
    const { tables } = await executePlan(c.plan, inputsOf(c), { params: c.params });
    local.set(c.name, Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, tableToRows(t)])));
  }
}, 900_000);

/** Whether the plan orders the sink's rows: a sort reached through row-preserving nodes only. */
function ordered(plan: Plan, sink: SinkNode): boolean {
  const byId = nodeById(plan);
  for (let n = byId.get(sink.input)!; ; ) {
    if (n.kind === 'sort') return true;
    if (n.kind !== 'filter' && n.kind !== 'project' && n.kind !== 'limit' && n.kind !== 'explode') return false;
    n = byId.get(n.input)!;
  }
}

/**
 * Rows as the written layout holds them: '' and null partition values are both the default partition, and
 * rows come directory by directory (in name order), each keeping its order.
 */
function asWritten(rows: Rows, sink: SinkNode): Rows {
  if (sink.partitionBy === null) return rows;
  const at = sink.schema.findIndex((f) => f.name === sink.partitionBy);
  const dir = (r: (string | null)[]) => partitionDir(sink.partitionBy!, r[at]);
  const byDir = [...rows].sort((a, b) => (dir(a) < dir(b) ? -1 : dir(a) > dir(b) ? 1 : 0));
  return byDir.map((r) => r.map((v, i) => (i === at && v === '' ? null : v)));
}

const result = (name: string) => spark[cases.findIndex((c) => c.name === name)];

describeSparkChecks(checked, (name) => spark[cases.length + checked.findIndex((c) => c.name === name)], work);

describe('PySpark on Spark 3.5 agrees with the local runtime', () => {
  cases.forEach((c, i) => {
    it(`${c.name}: runs`, () => {
      expect(spark[i].error ?? '').toBe('');
      expect(spark[i].ok).toBe(true);
    });
    for (const s of sinks(c.plan).filter((x) => !KNOWN_DIFFERENCES.has(`${c.name}/${x.output}`))) {
      it(`${c.name}: output ${s.output}`, () => {
        const rows = spark[i].outputs[s.output];
        expect(rows, 'no rows read back').toBeDefined();
        const diffs = rowDifferences(rows, asWritten(local.get(c.name)![s.output], s), s.schema, ordered(c.plan, s));
        expect(diffs.slice(0, 10)).toEqual([]);
      });
    }
  });
});

describe('delimited files as Pig users have them', () => {
  it('two columns of the NYSE_daily excerpt: every line read, counted per symbol', () => {
    expect(result('delimited-nyse-prefix').outputs.per_symbol.reduce((n, r) => n + Number(r[2]), 0)).toBe(400);
  });
  const ids = (rows: Rows) => rows.map((r) => r[0]).sort();
  it('malformed quoting, a record per line: Spark keeps the well-formed lines, as the runtime does', () => {
    expect(ids(result('delimited-bad-quotes').outputs.rows)).toEqual(BAD_QUOTES_IDS);
    expect(ids(local.get('delimited-bad-quotes')!.rows)).toEqual(BAD_QUOTES_IDS);
  });
  it('malformed quoting with multiline: Spark and the runtime keep the rows docs/semantics.md states', () => {
    expect(ids(result('delimited-multiline-bad-quotes').outputs.rows)).toEqual(MULTILINE_BAD_QUOTES_IDS.spark);
    expect(ids(local.get('delimited-multiline-bad-quotes')!.rows)).toEqual(MULTILINE_BAD_QUOTES_IDS.runtime);
  });
});

describe('Parquet round trips', () => {
  const readBack = job('parquet-read', 'Parquet read back', (j) => {
    j.parquet('nyse', NYSE_COLUMNS).writeCsv('nyse_rows');
    j.parquet('events', EVENT_COLUMNS).writeCsv('events_rows');
  }).plan();
  const rowsOf = async (inputs: Record<string, string>) => {
    const { tables } = await executePlan(readBack, inputs);
    return { nyse: tableToRows(tables.nyse_rows), events: tableToRows(tables.events_rows) };
  };

  it('Spark reads the runtime\'s Parquet of the 9-column NYSE_daily excerpt back to the same rows', async () => {
    const { tables } = await executePlan(job('nyse', 'x', (j) => { j.csv('nyse', NYSE_COLUMNS, { header: false, delimiter: '\t' }).writeCsv('rows'); }).plan(), { nyse: parquetIn.nyse });
    const source = tableToRows(tables.rows);
    expect(source).toHaveLength(287);
    const back = result('parquet').outputs.nyse_rows;
    expect(rowDifferences(back, source, parquetJob.plan().nodes.find((n) => n.kind === 'sink' && n.output === 'nyse_rows')!.schema, false)).toEqual([]);
  });

  it('the runtime reads Spark\'s Parquet back to the rows the job wrote, types kept', async () => {
    const out = (o: string) => path.join(result('parquet').dir, 'out', o);
    const spark = await rowsOf({ nyse: out('nyse_pq'), events: out('events_pq') });
    const local = await rowsOf({ nyse: parquetIn.nyse_back, events: parquetIn.events_back });
    expect(spark.nyse).toHaveLength(287);
    expect(spark.events.length).toBeGreaterThan(3);
    expect(spark).toEqual(local);
  });
});

describe('example jobs on the shared Apache log', () => {
  it('keep every well-formed line and drop the truncated one (line 8899)', () => {
    const lines = readFileSync(APACHE_LOGS, 'utf8').split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(10_000);
    expect(result('access-log-to-csv').outputs.requests).toHaveLength(9_999);
  });

  it('top-pages writes the ten most hit 2xx paths, in order', () => {
    const rows = result('top-pages').outputs.top_pages;
    expect(rows).toHaveLength(10);
    const hits = rows.map((r) => Number(r[1]));
    expect([...hits].sort((a, b) => b - a)).toEqual(hits);
    expect(rows[0][0]).toBe('/favicon.ico');
  });
});

describe('window example jobs against plain-code computations on the raw log', () => {
  const lines = parsedLines();
  const byHostThen = (i: number) => (a: (string | null)[], b: (string | null)[]) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : Number(a[i]) - Number(b[i]));
  it('sessions: 30-minute sessions per client host', () => {
    expect(result('sessions').outputs.sessions.map((r) => r.map((v) => v ?? '')).sort(byHostThen(1))).toEqual(sessions(lines));
  });
  it('top-paths-per-host: three paths per host, ties by path', () => {
    expect(result('top-paths-per-host').outputs.top_paths.map((r) => r.map((v) => v ?? '')).sort(byHostThen(3))).toEqual(topPathsPerHost(lines));
  });
});

describe('focused semantics', () => {
  for (const [what, check] of Object.entries(valueChecks)) {
    it(what, () => check(result('values').outputs.value_rows));
  }

  it('sorts strings by UTF-16 code units, nulls first ascending and last descending', () => {
    const ids = (output: string, at = 0) => result('relational').outputs[output].map((r) => r[at]);
    // U+1F600 (surrogates D83D DE00) sorts before U+E000 and U+FFFF in UTF-16, after them by code point.
    expect(ids('by_s')).toEqual(['5', '7', '6', '9', '1', '8', '2', '4', '3']);
    expect(ids('by_x_desc')).toEqual(['8', '7', '1', '9', '4', '5', '3', '2', '6']);
    expect(ids('first_flags')).toEqual(['3', '2', '5', '7']);
    expect(ids('top_s')).toEqual(['\uffff', '\ue000/x', '😀']);
  });

  it('aggregates skip nulls; sum of no value is null; a global aggregate of nothing is one row', () => {
    const groups = Object.fromEntries(result('relational').outputs.by_group.map((r) => [String(r[0]), r]));
    // g, rows, xs, distinct_x, sum_x, avg_d, sum_d, min_s, max_s, min_x, max_d
    expect(groups.c).toEqual(['c', '1', '0', '0', null, null, null, 'a', 'a', null, null]);
    expect(groups.a).toEqual(['a', '3', '2', '1', '20', '1.8333333333333333', '5.5', 'apple/pie//', '😀', '10', '2.5']);
    expect(groups.b.slice(0, 5)).toEqual(['b', '3', '3', '2', '4294967291']);
    expect(groups.b.slice(7, 9)).toEqual(['Zebra', '\uffff']);
    expect(groups.null.slice(0, 4)).toEqual([null, '2', '2', '1']);
    expect(result('relational').outputs.empty_agg).toEqual([['0', null, null]]);
    // d descending (nulls last) puts 1e300 first; last by g: the greatest g with an x is b, ties by x reversed.
    expect(result('relational').outputs.global_ordered).toEqual([['9', 'zebra/', '2147483647']]);
    expect(result('relational').outputs.empty_ordered).toEqual([[null, null]]);
  });

  it('joins never match null keys and merge same-named keys (full join: coalesce)', () => {
    const full = result('relational').outputs.join_full.map((r) => r.join('|'));
    expect(full).toContain('||103|9');
    expect(full).toContain('42||104|1');
    expect(full).toContain('5|||');
    expect(full.filter((r) => r.startsWith('1|a|'))).toHaveLength(2);
    expect(result('relational').outputs.join_inner).toHaveLength(4);
  });

  it('semi and anti joins keep each left row once or not at all; null keys never match', () => {
    const ids = (out: string) => result('relational').outputs[out].map((r) => Number(r[0])).sort((a, b) => a - b);
    expect([ids('semi'), ids('anti')]).toEqual([[1, 3, 9], [2, 4, 5, 6, 7, 8]]);
    expect([ids('semi_two_keys'), ids('anti_two_keys')]).toEqual([[1, 7, 8, 9], [2, 3, 4, 5, 6]]);
  });

  it('cross joins pair every row; except and intersect keep distinct rows, null, NaN and -0.0 equal', () => {
    const out = result('relational').outputs;
    expect(new Set(out.cross.map((r) => `${r[0]}|${r[1]}`)).size).toBe(54);
    const sorted = (rows: (string | null)[][]) => rows.map((r) => r.map((v) => v ?? '-').join('|')).sort();
    expect(sorted(out.except)).toEqual(['-|0.0|0.0', 'a|0.0|0.0', 'c|-|-']);
    expect(sorted(out.intersect)).toEqual(['b|-|-', 'b|0.0|NaN']);
  });

  it('window functions: top 2 per partition by row number; ranks of ties', () => {
    const out = result('windows').outputs;
    expect(out.top2.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6]);
    // x descending: 2147483647 twice, 10 twice, 7 twice, 2 ... nulls last.
    const rank = Object.fromEntries(out.ranks.map((r) => [r[0], [r[2], r[3]]]));
    expect([rank['7'], rank['8'], rank['1'], rank['9'], rank['4'], rank['3'], rank['2']]).toEqual([['1', '1'], ['1', '1'], ['3', '2'], ['3', '2'], ['5', '3'], ['7', '4'], ['8', '5']]);
  });

  it('writes CSV and JSON lines files byte for byte as the runtime does', async () => {
    const io = focus.find((c) => c.name === 'io')!;
    const outDir = path.join(work, 'runtime-io');
    await runPlan(io.plan, io.inputs, { outDir });
    const partText = (output: string) => {
      const dir = path.join(result('io').dir, 'out', output);
      return readdirSync(dir).filter((f) => f.startsWith('part-')).sort().map((f) => readFileSync(path.join(dir, f), 'utf8')).join('');
    };
    const outputs = [
      ['tricky_out', 'csv'], ['text_first', 'csv'], ['tricky_json', 'jsonl'], ['events_json', 'jsonl'], ['hostile_out', 'csv'],
      ['tricky_tsv', 'tsv'], ['hostile_tsv', 'tsv'], ['tricky_no_header', 'csv'], ['one_column_no_header', 'csv'],
    ];
    for (const [output, ext] of outputs) {
      expect(partText(output), output).toBe(readFileSync(path.join(outDir, `${output}.${ext}`), 'utf8'));
    }
    expect(partText('tricky_out')).toContain('1,"a,b",1\n2,"say ""hi""",2\n3,"two\nlines",3\n4,"",4\n5,,5\n6, spaced ,6\n7,#hash,7\n');
    expect(partText('text_first')).toContain('\n#hash,7\n');
  });

  it('names partition directories as the runtime does (Hive escapes, default partition)', async () => {
    const outDir = path.join(work, 'runtime-io');
    const dirs = (root: string) => readdirSync(root).filter((d) => d.includes('=')).sort();
    for (const output of ['events_by_ok', 'events_by_at', 'tricky_by_text']) {
      expect(dirs(path.join(result('io').dir, 'out', output)), output).toEqual(dirs(path.join(outDir, output)));
    }
    expect(dirs(path.join(result('io').dir, 'out', 'events_by_at'))).toContain('at=2015-05-17T10%3A05%3A03.000Z');
  });

  it('known difference: CRLF inside a quoted field of a CRLF file reads as LF on Spark', () => {
    const rows = result('io').outputs.crlf_inside_out;
    expect(rows.find((r) => r[0] === '2')).toEqual(['2', 'two\nlines']);
    expect(local.get('io')!.crlf_inside_out.find((r) => r[0] === '2')).toEqual(['2', 'two\r\nlines']);
    expect(rows.find((r) => r[0] === '1')).toEqual(['1', 'one']);
  });

  it('percentiles and variances over 2,000 values: exact ones as plain code computes them', () => {
    const [p10, med, vs, sp] = result('distributions').outputs.big_exact[0].map(Number);
    const values = bigGroup(BIG_N);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const m2 = (xs: number[]) => xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0);
    // 0..1999 once each: position 1999 * 0.1 = 199.9 lies between 199 and 200.
    expect(p10).toBeCloseTo(199.9, 9);
    expect(med).toBeCloseTo(999.5 / 8, 9);
    expect(vs / (m2(values.map((v) => v * 3)) / (BIG_N - 1))).toBeCloseTo(1, 12);
    expect(sp / Math.sqrt(m2(values.map((v) => v / 8)) / BIG_N)).toBeCloseTo(1, 12);
  });

  it('approxPercentile on Spark: a value of the input within n / accuracy ranks of rank ceil(p * n); the runtime gives that rank', () => {
    const spark = result('distributions').outputs.big_approx[0].map(Number);
    const runtime = local.get('distributions')!.big_approx[0].map(Number);
    BIG_P.forEach((p, i) => {
      const rank = Math.ceil(p * BIG_N);
      // The values are 0..n-1 once each, so value v has rank v + 1.
      expect(runtime[i]).toBe(rank - 1);
      expect(Number.isInteger(spark[i]) && spark[i] >= 0 && spark[i] < BIG_N).toBe(true);
      expect(Math.abs(spark[i] + 1 - rank)).toBeLessThanOrEqual(BIG_N / BIG_ACCURACY);
    });
  });
});

describe('first and last by order', () => {
  it('a null key first ascending, ties by the value, -0.0 returned as 0.0', () => {
    // j % 2 is null for id 11 only, 1 for ids 1 3 6 7 9 10 (the greatest key).
    expect(result('ordered').outputs.global[0].slice(0, 3)).toEqual(['11', '10', '1']);
    // The b = false rows tie on the key b: the least d of -0.0, 0.1, 5e-324, 0.5.
    expect(result('ordered').outputs.by_b.find((r) => r[0] === 'false')![6]).toBe('0.0');
  });
});

describe('run-time parameters', () => {
  /** One column of the values job's output, by id. */
  const column = (name: string, col: string) => {
    const c = cases.find((x) => x.name === name)!;
    const at = sinks(c.plan)[0].schema.findIndex((f) => f.name === col);
    return Object.fromEntries(result(name).outputs.out.map((r) => [r[0], r[at]]));
  };

  it('arrive typed and exactly: a string with quotes, backslashes and $, a date compared as a date', () => {
    const a = (col: string) => column('param/values-a', col);
    const b = (col: string) => column('param/values-b', col);
    expect(a('tag')['1']).toBe(HOSTILE_TAG);
    expect([a('same_day')['1'], a('same_day')['12'], a('same_day')['2'], a('same_day')['3'], a('after_day')['2']]).toEqual(['true', 'true', 'false', null, 'true']);
    expect([b('same_day')['5'], b('eq_tag')['8'], a('eq_tag')['8'], b('ge_min')['4'], a('ge_min')['4']]).toEqual(['true', 'true', 'false', 'false', 'true']);
    expect([a('big_plus')['1'], b('big_plus')['1'], a('since_hour')['1'], b('since_hour')['1']]).toEqual(['9007199254740001', '-2', '10', '23']);
  });

  it('change the result of a filter: defaults, then values given', () => {
    expect(byFirstCell(result('param/filtered-defaults').outputs.by_status)).toEqual(filteredByStatus(400, 18));
    expect(byFirstCell(result('param/filtered-given').outputs.by_status)).toEqual(filteredByStatus(200, 19));
  });
});
