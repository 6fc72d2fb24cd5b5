// `list` and `explain` through the real command: every job listed, the tree cites job lines, and
// `--json` / `--emit plan` round-trip through planFromJson to the plan the job builds in-process.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isJobDefinition } from '../../dsl/index.ts';
import { formatLoc, planFromJson, sinks, sources, type Plan } from '../../plan/index.ts';
import { cli, ROOT } from './cli-harness.ts';
import { exampleFiles } from '../codegen/pyspark/job-plans.ts';

const JOBS = exampleFiles().jobs.map((f) => f.slice(0, -3));
const plans = new Map<string, Plan>();

beforeAll(async () => {
  for (const name of JOBS) {
    const mod = (await import(path.join(ROOT, 'jobs', `${name}.ts`))) as { default: unknown };
    if (!isJobDefinition(mod.default)) throw new Error(`${name} has no job`);
    plans.set(name, mod.default.plan());
  }
});

describe('emr-jobs list', () => {
  it('lists every job with its description, inputs (with formats) and outputs', async () => {
    const r = await cli(['list']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const [name, plan] of plans) {
      const row = r.stdout.split('\n').find((l) => l.includes(` ${name} `));
      expect(row, name).toBeDefined();
      for (const s of sources(plan)) expect(row).toContain(`${s.input} (${s.format.kind})`);
      for (const s of sinks(plan)) expect(row).toContain(`${s.output} (${s.format}`);
      expect(row).toContain(plan.description.slice(0, 40));
    }
  }, 180_000);
});

describe('emr-jobs explain', () => {
  it('prints a tree with one line per node: id, kind and the job-file location', async () => {
    const r = await cli(['explain', 'top-pages']);
    expect(r.code).toBe(0);
    const plan = plans.get('top-pages')!;
    const lines = r.stdout.split('\n');
    for (const n of plan.nodes) {
      const line = lines.find((l) => l.includes(` ${n.id} ${n.kind}: `) || l.startsWith(`${n.id} ${n.kind}: `));
      expect(line, n.id).toBeDefined();
      expect(line!.trimEnd().endsWith(formatLoc(n.loc))).toBe(true);
    }
    expect(r.stdout).toContain('where (status >= 200) and (status <= 299)');
    expect(r.stdout).toContain('[path: string, hits: long, bytes: long]');
    // Outputs at the root, sources at the leaves: the sink's line comes first.
    expect(lines.findIndex((l) => l.includes('sink_'))).toBeLessThan(lines.findIndex((l) => l.includes('source_')));
  }, 180_000);

  it('shows both inputs of a join as branches', async () => {
    const r = await cli(['explain', 'status-by-host']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/├─ aggregate_\d+ aggregate: group by host/);
    expect(r.stdout).toMatch(/└─ source_\d+ source: read input 'hosts' as csv/);
  }, 180_000);

  it.each(JOBS)('--json of %s round-trips through planFromJson', async (name) => {
    const r = await cli(['explain', name, '--json']);
    expect(r.code).toBe(0);
    const back = planFromJson(r.stdout);
    expect(back).toEqual(JSON.parse(JSON.stringify(plans.get(name))));
  }, 180_000);

  it('--emit plan prints the same JSON as --json', async () => {
    const [a, b] = await Promise.all([cli(['explain', 'traffic-by-hour', '--json']), cli(['explain', 'traffic-by-hour', '--emit', 'plan'])]);
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  }, 180_000);

  it('--emit with an unknown stage is a usage error', async () => {
    const r = await cli(['explain', 'top-pages', '--emit', 'sql']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--emit.*sql/);
  }, 180_000);
});
