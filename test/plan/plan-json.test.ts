import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isJobDefinition, type JobDefinition } from '../../dsl/index.ts';
import { exampleFiles } from '../codegen/pyspark/job-plans.ts';
import { planFromJson, planHash, planToJson, validatePlan, type Plan } from '../../plan/index.ts';

const jobsDir = path.resolve(import.meta.dirname, '../../jobs');
const jobFiles = exampleFiles().jobs;

async function loadJob(file: string): Promise<JobDefinition> {
  const mod = await import(path.join(jobsDir, file));
  expect(isJobDefinition(mod.default)).toBe(true);
  return mod.default;
}

describe('plan JSON', () => {
  it.each(jobFiles)('%s round-trips through JSON and validates', async (file) => {
    const plan = (await loadJob(file)).plan();
    expect(validatePlan(plan)).toEqual([]);
    const back = planFromJson(planToJson(plan));
    expect(back).toEqual(JSON.parse(JSON.stringify(plan)));
    expect(planHash(back)).toBe(planHash(plan));
  });

  it('every node cites the job file line that made it', async () => {
    const plan = (await loadJob('top-pages.ts')).plan();
    for (const n of plan.nodes) {
      expect(n.loc.file).toBe('jobs/top-pages.ts');
      expect(n.loc.line).toBeGreaterThan(0);
    }
    const lines = plan.nodes.map((n) => n.loc.line);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('the hash ignores source locations but not meaning', async () => {
    const plan = (await loadJob('top-pages.ts')).plan();
    const moved: Plan = { ...plan, nodes: plan.nodes.map((n) => ({ ...n, loc: { ...n.loc, line: n.loc.line + 10 } })) };
    expect(planHash(moved)).toBe(planHash(plan));
    const changed: Plan = { ...plan, nodes: plan.nodes.map((n) => (n.kind === 'limit' ? { ...n, n: 11 } : n)) };
    expect(planHash(changed)).not.toBe(planHash(plan));
  });
});

describe('plan validation', () => {
  const base = async () => JSON.parse(planToJson((await loadJob('top-pages.ts')).plan()));

  it('rejects text that is not JSON, naming the file', () => {
    expect(() => planFromJson('{nope', 'x.json')).toThrowError(/not valid JSON/);
    try {
      planFromJson('{nope', 'x.json');
    } catch (e) {
      expect((e as { describe(): string }).describe()).toMatch(/^x\.json: plan error: /);
    }
  });

  it('rejects an unknown version', async () => {
    const p = await base();
    p.version = 99;
    expect(validatePlan(p)[0].message).toMatch(/version 99 is not supported/);
  });

  it('rejects a node reading an undefined node', async () => {
    const p = await base();
    p.nodes[1].input = 'nowhere_9';
    const errs = validatePlan(p);
    expect(errs[0].message).toMatch(/reads nowhere_9, which is not defined before it/);
    expect(errs[0].nodeId).toBe(p.nodes[1].id);
    expect(errs[0].where).toEqual(p.nodes[1].loc);
  });

  it('rejects a sum over a string column', async () => {
    const p = await base();
    const agg = p.nodes.find((n: { kind: string }) => n.kind === 'aggregate');
    agg.aggs[1].arg = { kind: 'col', name: 'path', type: 'string' };
    expect(validatePlan(p).map((e) => e.message).join('\n')).toMatch(/sum needs a number, got string/);
  });

  it('rejects a missing column and lists the columns there are', async () => {
    const p = await base();
    const filter = p.nodes.find((n: { kind: string }) => n.kind === 'filter');
    filter.predicate.args[0].args[0] = { kind: 'col', name: 'stauts', type: 'int' };
    expect(validatePlan(p)[0].message).toMatch(/no column 'stauts' \(columns: host, ident/);
  });

  it('rejects an unknown function and a stale schema', async () => {
    const p = await base();
    const filter = p.nodes.find((n: { kind: string }) => n.kind === 'filter');
    filter.predicate.fn = 'frobnicate';
    expect(validatePlan(p)[0].message).toMatch(/unknown function 'frobnicate'/);
    const q = await base();
    q.nodes[q.nodes.length - 1].schema = [];
    expect(validatePlan(q)[0].message).toMatch(/schema \(\) should be/);
  });

  it('rejects a plan without outputs and a duplicated output', async () => {
    const p = await base();
    expect(validatePlan({ ...p, nodes: p.nodes.slice(0, -1) }).map((e) => e.message)).toContain(
      'the job writes no output (add .writeCsv(...) or .writeJson(...))',
    );
    const sink = p.nodes[p.nodes.length - 1];
    const twice = { ...p, nodes: [...p.nodes, { ...sink, id: 'sink_99' }] };
    expect(validatePlan(twice).map((e) => e.message)).toContain("output 'top_pages' is written twice");
  });

  it('requires literal patterns for regexExtract', async () => {
    const p = await base();
    const filter = p.nodes.find((n: { kind: string }) => n.kind === 'filter');
    filter.predicate = {
      kind: 'call', fn: 'isNull', type: 'boolean',
      args: [{ kind: 'call', fn: 'regexExtract', type: 'string', args: [
        { kind: 'col', name: 'path', type: 'string' }, { kind: 'col', name: 'path', type: 'string' }, { kind: 'lit', value: 1, type: 'int' },
      ] }],
    };
    expect(validatePlan(p)[0].message).toMatch(/regexExtract: argument 2 must be a non-null literal/);
  });
});
