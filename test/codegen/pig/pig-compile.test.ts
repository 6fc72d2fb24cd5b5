// toPig without an engine: every catalogue function and aggregate has a spelling, the script's shape
// (parameters, comments citing job lines, aliases), and each thing Pig cannot express fails with a
// JobError naming it, its job line and node — the support matrix of docs/codegen.md.
import { describe, expect, it } from 'vitest';
import { PIG_AGGREGATES, PIG_FUNCTIONS, PIG_UNSUPPORTED, toPig, type PigUnsupportedId } from '../../../codegen/pig/index.ts';
import { count, job } from '../../../dsl/index.ts';
import { AGG_NAMES, FN_NAMES, isJobError, JobError, sampleOnlyNodes, type Plan } from '../../../plan/index.ts';
import { examplePlans } from '../pyspark/job-plans.ts';

const jobs = await examplePlans();
const topPages = jobs.find((j) => j.name === 'top-pages')!.plan;

function compileError(plan: Plan): JobError {
  try {
    toPig(plan);
  } catch (e) {
    if (isJobError(e)) return e;
    throw e;
  }
  throw new Error(`${plan.job} compiled`);
}

const renamedOutput = (plan: Plan, output: string): Plan => ({
  ...plan,
  nodes: plan.nodes.map((n) => (n.kind === 'sink' ? { ...n, output } : n)),
});

const csvIn = (j: Parameters<Parameters<typeof job>[2]>[0]) => j.csv('t', { a: 'int', d: 'double', s: 'string' });

/** One plan per unsupported feature (the support matrix); each must fail with that feature's error. */
const UNSUPPORTED_PLANS: { readonly [K in PigUnsupportedId]: () => Plan } = {
  'mod-double': () => job('u-mod', 'x', (j) => { csvIn(j).select((r) => ({ m: r.d.mod(2) })).writeCsv('out'); }).plan(),
  'jsonl-source': () => job('u-jsonl-in', 'x', (j) => { j.jsonLines('t', { a: 'int' }).writeCsv('out'); }).plan(),
  'cloudtrail-source': () => job('u-cloudtrail-in', 'x', (j) => { j.cloudTrail('t').writeCsv('out'); }).plan(),
  'jsonl-sink': () => job('u-jsonl-out', 'x', (j) => { csvIn(j).writeJson('out'); }).plan(),
  'parquet-time': () => job('u-pq-time', 'x', (j) => { j.parquet('t', { at: 'timestamp' }).writeCsv('out'); }).plan(),
  'parquet-name': () => job('u-pq-name', 'x', (j) => { csvIn(j).select((r) => ({ 'a b': r.a })).writeParquet('out'); }).plan(),
  'ml-stage': () => jobs.find((x) => x.name === 'iris-classifier')!.plan,
  // Plan validation refuses both names first: only a hand-edited plan reaches the compiler with them.
  'param-name': () => renamedOutput(job('u-param', 'x', (j) => { csvIn(j).writeCsv('out'); }).plan(), 'top-pages'),
  'param-clash': () => renamedOutput(job('u-clash', 'x', (j) => { csvIn(j).writeCsv('out'); }).plan(), 't'),
  'rejects-param': () => job('u-rejects', 'x', (j) => { csvIn(j).writeCsv('rejects__t'); }).plan(),
  'csv-delimiter': () => job('u-delim', 'x', (j) => { j.csv('t', { a: 'int' }, { delimiter: '::' }).writeCsv('out'); }).plan(),
  'csv-unquoted-header': () => job('u-unquoted-header', 'x', (j) => { j.csv('t', { a: 'int' }, { quote: 'none' }).writeCsv('out'); }).plan(),
};

describe('catalogue', () => {
  it('spells every catalogue function and aggregate', () => {
    expect(Object.keys(PIG_FUNCTIONS).sort()).toEqual([...FN_NAMES].sort());
    expect(Object.keys(PIG_AGGREGATES).sort()).toEqual([...AGG_NAMES].sort());
  });
});

describe('script shape', () => {
  const script = toPig(topPages);
  const lines = script.split('\n');

  it('puts a comment citing the job file and line above every statement', () => {
    const starts = lines.map((l, i) => ({ l, i })).filter(({ l }) => /^[A-Za-z]/.test(l));
    expect(starts.length).toBeGreaterThan(8);
    for (const { l, i } of starts) {
      expect(lines[i - 1], `no comment above: ${l}`).toMatch(/^-- /);
      if (!l.startsWith('SET ')) expect(lines[i - 1]).toMatch(/^-- jobs\/top-pages\.ts:\d+ [a-z]+_\d+: /);
    }
  });

  it('reads and writes paths given as parameters', () => {
    // Each line with its part file's path, which the rejects cite.
    expect(script).toContain("LOAD '$logs' USING PigStorage('\\n', '-tagPath') AS (path:chararray, line:chararray);");
    expect(script).toMatch(/STORE \w+ INTO '\$top_pages' USING PigStorage\(','\);/);
    expect(script).toContain('-- run: pig -param logs=<path> -param top_pages=<path> -param rejects__logs=<path> -param emr_jobs_pig_lib=<folder of the jars it REGISTERs> top-pages.pig');
    expect(script).toMatch(/STORE \w+ INTO '\$rejects__logs' USING PigStorage\('\\t'\);/);
  });

  it('uses the format regex of plan/formats.ts as it is', () => {
    expect(script).toContain("REGEX_EXTRACT_ALL(line, '^(\\\\S+) (\\\\S+) (\\\\S+) \\\\[([^\\\\]]+)\\\\]");
  });

  it('prefixes every alias and parameter when asked, so plans can share a script', () => {
    const p = toPig(topPages, { prefix: 'c7_' });
    expect(p).toContain("c7_source_1__lines = LOAD '$c7_logs'");
    expect(p).toContain("INTO '$c7_top_pages'");
    expect(p).not.toMatch(/^source_1/m);
  });

  it('renames reserved and odd column names inside the script only', () => {
    const plan = job('names', 'x', (j) => {
      j.csv('t', { group: 'int', 'my col': 'string' }).groupBy('group').agg(() => ({ as: count() })).writeCsv('out');
    }).plan();
    const p = toPig(plan);
    expect(p).toContain('AS (path:chararray, line:chararray)');
    expect(p).toContain('group AS x__group');
    expect(p).toContain('f2 AS x__my_20_col');
    expect(p).toContain('COUNT_STAR(source_1) AS x__as');
    expect(p).toContain('columns ["group","as"]');
  });
});

describe('top-n', () => {
  const typed = (j: Parameters<Parameters<typeof job>[2]>[0]) =>
    j.csv('t', { s: 'string', i: 'int', l: 'long', d: 'double', b: 'boolean', ts: 'timestamp', day: 'date' });
  const statements = (script: string, re: RegExp) => script.split('\n').filter((l) => re.test(l));

  it('is a TopN over one GROUP ALL, with each key as field index, direction and Pig type; no ORDER or LIMIT', () => {
    const plan = job('top', 'top 3', (j) => {
      typed(j).orderBy(['d', 'desc'], 'b', ['ts', 'desc'], 'day', ['l', 'desc'], 's', 'i').limit(3).writeCsv('out');
    }).plan();
    const script = toPig(plan);
    expect(statements(script, /^\S+ = (ORDER|LIMIT) /)).toEqual([]);
    expect(statements(script, /^(REGISTER|DEFINE|limit_\d+(__whole)? =)/)).toEqual([
      "REGISTER '$emr_jobs_pig_lib/emr-jobs-udf.jar';",
      "DEFINE limit_3__top emrjobs.pig.TopN('3', '3:desc:double', '4:asc:boolean', '5:desc:datetime', '6:asc:datetime', '2:desc:long', '0:asc:chararray', '1:asc:int');",
      'limit_3__whole = GROUP source_1 ALL;',
      'limit_3 = FOREACH limit_3__whole GENERATE',
    ]);
    expect(script).toContain('    FLATTEN(limit_3__top(source_1)) AS (s:chararray, i:int, l:long, d:double, b:boolean, ts:datetime, day:datetime);');
  });

  it('keeps the ORDER of a sort that an output also reads whole, and a LIMIT over anything but a sort', () => {
    const plan = job('both', 'sorted, its top 2, and a limit', (j) => {
      const sorted = typed(j).orderBy('i');
      sorted.writeCsv('all');
      sorted.limit(2).writeCsv('top');
      typed(j).limit(4).writeCsv('some');
    }).plan();
    const script = toPig(plan);
    // (source_N__... statements are the CSV reader's own: each file's header found by a GROUP.)
    expect(statements(script, /^(?!source_)\S+ = (ORDER|LIMIT|GROUP) /).map((l) => l.replace(/ BY .*| \d+;$| ALL;$/, ''))).toEqual([
      'sort_2 = ORDER source_1', 'limit_4__whole = GROUP source_1', 'limit_7 = LIMIT source_6',
    ]);
  });
});

describe('what Pig cannot express', () => {
  for (const id of Object.keys(PIG_UNSUPPORTED) as PigUnsupportedId[]) {
    it(`${id}: ${PIG_UNSUPPORTED[id].what}`, () => {
      const plan = UNSUPPORTED_PLANS[id]();
      const e = compileError(plan);
      expect(e.kind).toBe('unsupported');
      expect(e.message).toContain(`pig cannot express ${PIG_UNSUPPORTED[id].what}`);
      const node = plan.nodes.find((n) => n.id === e.nodeId);
      expect(node, 'the error names a node of the plan').toBeDefined();
      expect(e.describe()).toMatch(new RegExp(`^${node!.loc.file.replace(/[.]/g, '\\.')}:${node!.loc.line}:\\d+: unsupported error: pig cannot express`));
    });
  }

  it('refuses a backslash as CSV delimiter', () => {
    const plan = job('u-backslash', 'x', (j) => { j.csv('t', { a: 'int' }, { delimiter: '\\' }).writeCsv('out'); }).plan();
    expect(compileError(plan).message).toContain(`pig cannot express ${PIG_UNSUPPORTED['csv-delimiter'].what}`);
  });

  it('refuses a regexExtract group the pattern does not have, at its job line', () => {
    const plan = job('bad-group', 'x', (j) => { csvIn(j).select((r) => ({ g: r.s.regexExtract('(a)(b)?', 3) })).writeCsv('out'); }).plan();
    const e = compileError(plan);
    expect(e.kind).toBe('plan');
    expect(e.message).toBe('regexExtract: group 3 does not exist (the pattern has 2 groups)');
  });
});

describe("checks' Pig cost", () => {
  const parse = jobs.find((j) => j.name === 'access-log-to-csv')!.plan;
  const statements = (script: string, op: RegExp) => script.split('\n').filter((l) => op.test(l));

  it('the samples of the checks are kept in the COGROUP: no ORDER or LIMIT of their own, one GROUP, one COGROUP', () => {
    const script = toPig(parse);
    const skipped = [...sampleOnlyNodes(parse)].map((id) => parse.nodes.find((n) => n.id === id)!.kind).sort();
    expect(skipped).toEqual(['limit', 'limit', 'sort', 'sort']);
    expect(statements(script, /^\S+ = (ORDER|LIMIT) /)).toEqual([]);
    expect(statements(script, /^\S+ = GROUP /)).toEqual(['checks__by_tag = GROUP checks__rows BY checks__tag;']);
    expect(statements(script, /^\S+ = COGROUP /)).toEqual([expect.stringMatching(/^checks__all = COGROUP checks__one BY checks__key, checks__counts BY checks__key, checks__smp2 BY checks__key, checks__smp3 BY checks__key PARALLEL 1;$/)]);
    expect(statements(script, /^\s+checks__sample\d = LIMIT checks__sorted\d 5;$/)).toHaveLength(2);
  });
});
