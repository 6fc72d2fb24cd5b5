// Every kind of check on the local runtime, on passing and failing data: counts, samples (fixed order),
// null semantics, severities, the row-count tolerance, the results file, and the error naming the check.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { job } from '../../dsl/index.ts';
import { CHECKS_FILE, ChecksFailedError, JobError, planHash, validatePlan, type CheckResult } from '../../plan/index.ts';
import { executePlan, runPlan, tableToRows } from '../../runtime/index.ts';
import { checkInputs, everyCheck, warnOnly } from './check-jobs.ts';

const files = checkInputs();
const run = async (rows: string, opts: { params?: Record<string, string>; previousRows?: Record<string, number> } = {}) =>
  (await executePlan(everyCheck.plan(), { rows, hosts: files.hosts }, { failOnChecks: false, params: opts.params, previousRows: opts.previousRows })).checks;
const byName = (checks: readonly CheckResult[]) => Object.fromEntries(checks.map((c) => [c.name, c]));
/** The kinds of everyCheck's checks, in declaration order. */
const KINDS = ['rowCount', 'notNull', 'unique', 'acceptedValues', 'range', 'matches', 'references', 'freshness', 'expr'];
const verdicts = (checks: readonly CheckResult[]) => checks.map((c) => [c.kind, c.status, c.failing, c.rows]);

describe('checks on the local runtime', () => {
  it('every kind passes on good data (nulls pass range, accepted values, regex, references and expr)', async () => {
    const checks = await run(files.good);
    expect(verdicts(checks)).toEqual(KINDS.map((k) => [k, 'pass', 0, 3]));
    expect(checks.every((c) => c.samples.length === 0 && c.dataset === 'rows' && c.severity === 'error')).toBe(true);
    expect(checks[0].line).toMatch(/^test\/checks\/check-jobs\.ts:\d+$/);
  });

  it('every kind fails on bad data, counting the failing rows and showing them in a fixed order', async () => {
    const checks = await run(files.bad);
    // rows over max 3; a null host; id 1 twice; DELETE and PUT; 700, 42 and -1; 'index.html' and '/x y';
    // zz.example; nothing since 2015-05-12; 700 not below 500.
    const failing = [1, 1, 1, 2, 3, 2, 1, 1, 1];
    expect(verdicts(checks)).toEqual(KINDS.map((k, i) => [k, 'fail', failing[i], 4]));
    const c = byName(checks);
    expect(c['notNull(host)'].samples).toEqual([{ id: '1', host: null, status: '700', method: 'DELETE', path: 'index.html', time: '2015-05-11T10:00:00.000Z' }]);
    expect(c['unique(id)'].samples).toEqual([{ id: '1', duplicates: '2' }]);
    expect(c['range(status: 100..599)'].samples.map((s) => s.status)).toEqual(['700', '42', '-1']);
    expect(c['matches(path: /[^ ]*)'].samples.map((s) => s.path)).toEqual(['index.html', '/x y']);
    expect(c['references(host -> host)'].samples.map((s) => s.host)).toEqual(['zz.example']);
    expect(c['status below 500'].samples.map((s) => s.status)).toEqual(['700']);
    expect(c['freshness(time)'].samples).toEqual([]);
  });

  it('freshness is measured from the end of the date parameter\'s day', async () => {
    // The newest good row is 2015-05-17T23:00; within 30 hours of the end of the 18th it is 25 hours old.
    expect(byName(await run(files.good, { params: { date: '2015-05-18' } }))['freshness(time)'].status).toBe('pass');
    expect(byName(await run(files.good, { params: { date: '2015-05-19' } }))['freshness(time)'].status).toBe('fail');
  });

  it('samples are at most five rows, the first in the order of every column', async () => {
    const many = job('many-nulls', 'x', (j) => {
      j.csv('t', { a: 'int', b: 'string' }).check('t', (c) => [c.notNull('b')]).writeCsv('out');
    });
    const dir = checkInputs().dir;
    const csv = path.join(dir, 'many.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(csv, `a,b\n${[9, 3, 7, 1, 8, 2, 6].map((a) => `${a},`).join('\n')}\n5,x\n`);
    const [r] = (await executePlan(many.plan(), { t: csv }, { failOnChecks: false })).checks;
    expect([r.failing, r.rows]).toEqual([7, 8]);
    expect(r.samples.map((s) => s.a)).toEqual(['1', '2', '3', '6', '7']);
  });

  it('an error check that fails stops the run with its name, dataset, job line and failing count; the rows are unchanged', async () => {
    const e = await executePlan(everyCheck.plan(), { rows: files.bad, hosts: files.hosts }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ChecksFailedError);
    const err = e as ChecksFailedError;
    expect(err.kind).toBe('runtime');
    expect(err.message).toMatch(/^check 'rowCount\(min 1, max 3\)' \(rowCount, error\) on rows at test\/checks\/check-jobs\.ts:\d+ failed: 4 rows \(and 8 more failed error checks\)$/);
    expect(err.results).toHaveLength(9);
    expect(err.describe()).toMatch(/^test\/checks\/check-jobs\.ts:\d+:\d+: runtime error: check/);
    const ok = await executePlan(everyCheck.plan(), { rows: files.good, hosts: files.hosts });
    expect(tableToRows(ok.tables.ids)).toEqual([['1', 'a.example'], ['2', 'b.example'], ['3', 'a.example']]);
  });

  it('warn checks report and the run goes on; the results file sits next to the outputs', async () => {
    const out = path.join(files.dir, 'warn-out');
    const r = await runPlan(warnOnly.plan(), { rows: files.bad }, { outDir: out });
    expect(r.outputs.map((o) => [o.name, o.rows])).toEqual([['rows_out', 4]]);
    const doc = JSON.parse(readFileSync(path.join(out, CHECKS_FILE), 'utf8'));
    expect(doc).toMatchObject({ format: 'emr-jobs/checks', version: 1, job: 'warn-only' });
    expect(doc.checks).toEqual(r.checks);
    expect(r.checks.map((c) => [c.name, c.severity, c.status, c.failing])).toEqual([
      ['host and status', 'warn', 'fail', 1],
      ['rowCount(tolerance 0.5)', 'warn', 'pass', 0],
    ]);
    expect(r.checks[1].previousRows).toBeNull();
  });

  it('a row count within a tolerance of the previous run\'s', async () => {
    const tolerance = (previous: number) =>
      executePlan(warnOnly.plan(), { rows: files.bad }, { previousRows: { 'rowCount(tolerance 0.5)': previous } }).then((r) => r.checks[1]);
    expect(await tolerance(8)).toMatchObject({ status: 'pass', previousRows: 8, rows: 4 });
    expect(await tolerance(9)).toMatchObject({ status: 'fail', failing: 1, previousRows: 9 });
    expect(await tolerance(2)).toMatchObject({ status: 'fail', previousRows: 2 });
    expect(await tolerance(3)).toMatchObject({ status: 'pass' });
  });

  it('checks are part of the plan: its hash, its JSON, its validation', () => {
    const plan = everyCheck.plan();
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(validatePlan(JSON.parse(JSON.stringify(plan)))).toEqual([]);
    const without = job('every-check', 'one check of each kind', (j) => {
      j.param('date', 'date', { default: '2015-05-17' });
      j.csv('rows', { id: 'int' }).writeCsv('ids');
    }).plan();
    expect(planHash(plan)).not.toBe(planHash(without));
    const broken = { ...plan, checks: [{ ...plan.checks![0], severity: 'fatal' as never, input: 'nope' }] };
    expect(validatePlan(broken).map((e) => e.message)).toEqual([
      "check 'rowCount(min 1, max 3)': severity must be 'error' or 'warn', not \"fatal\"",
      "check 'rowCount(min 1, max 3)': reads nope, which is not a node of the plan",
    ]);
  });

  it('DSL mistakes are job errors at the check\'s line', () => {
    const twice = job('twice', 'x', (j) => {
      j.csv('t', { a: 'int' }).check('t', (c) => [c.notNull('a'), c.notNull('a')]).writeCsv('out');
    });
    expect(() => twice.plan()).toThrow(/check 'notNull\(a\)': the name is used by another check/);
    const badRegex = job('bad-regex', 'x', (j) => {
      j.csv('t', { s: 'string' }).check('t', (c) => [c.matches('s', '\\bword')]).writeCsv('out');
    });
    const e = (() => { try { badRegex.plan(); } catch (x) { return x as JobError; } })()!;
    expect(e.kind).toBe('job');
    expect(e.message).toMatch(/matches\(s\): pattern .* is refused: the escape \\b differs/);
    expect(e.describe()).toMatch(/^test\/checks\/checks-runtime\.test\.ts:\d+:\d+: job error/);
    const noBounds = job('no-bounds', 'x', (j) => {
      j.csv('t', { a: 'int' }).check('t', (c) => [c.range('a', {})]).writeCsv('out');
    });
    expect(() => noBounds.plan()).toThrow(/range\(a\): give min, max or both/);
    const badLabel = job('bad-label', 'x', (j) => {
      j.csv('t', { a: 'int' }).check('my table!', (c) => [c.notNull('a')]).writeCsv('out');
    });
    expect(() => badLabel.plan()).toThrow(/dataset label 'my table!' must be letters/);
  });
});

describe('explain lists the checks', () => {
  it('under the tree, each with its severity, name, kind, dataset and job line', async () => {
    const { planTreeText } = await import('../../cli/plan-tree-printer.ts');
    const text = planTreeText(warnOnly.plan());
    expect(text).toMatch(/\nchecks:\n {2}warn host and status \(notNull\) on rows: reads source_1 +test\/checks\/check-jobs\.ts:\d+:\d+\n {2}warn rowCount\(tolerance 0\.5\) \(rowCount\) on rows: reads source_1 +test\/checks\/check-jobs\.ts:\d+:\d+$/);
  });
});
