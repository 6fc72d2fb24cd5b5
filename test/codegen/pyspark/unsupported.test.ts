// What PySpark cannot express fails to compile with JobError('unsupported') naming the node and job line.
import { describe, expect, it } from 'vitest';
import { PYSPARK_UNSUPPORTED, toPySpark } from '../../../codegen/pyspark/index.ts';
import { job } from '../../../dsl/index.ts';
import { call, col, field, isJobError, lit, type Plan } from '../../../plan/index.ts';

function compileError(plan: Plan) {
  try {
    toPySpark(plan);
  } catch (e) {
    if (isJobError(e)) return e;
    throw e;
  }
  throw new Error('compiled without error');
}

const base = (build: Parameters<typeof job>[2]) => job('unsupported-case', 'a plan the compiler refuses', build).plan();

describe('unsupported plans', () => {
  it('an output named like an input', () => {
    // Plan validation refuses it first: only a hand-edited plan reaches the compiler with it.
    const plan = base((j) => j.csv('data', { a: 'int' }).writeCsv('out'));
    const e = compileError({ ...plan, nodes: plan.nodes.map((n) => (n.kind === 'sink' ? { ...n, output: 'data' } : n)) });
    expect(e.kind).toBe('unsupported');
    expect(e.message).toMatch(/^pyspark cannot express output 'data', which is also an input's name/);
    expect(e.nodeId).toBe('sink_2');
    expect(e.describe()).toMatch(/^test\/codegen\/pyspark\/unsupported\.test\.ts:\d+:\d+: unsupported error: /);
  });

  it('regexExtract of a group the pattern does not have', () => {
    const e = compileError(base((j) => j.csv('data', { s: 'string' }).select((r) => ({ x: r.s.regexExtract('(a)(b)', 3) })).writeCsv('out')));
    expect(e.message).toBe('pyspark cannot express regexExtract of group 3: "(a)(b)" has 2 group(s)');
    expect(e.nodeId).toBe('project_2');
  });

  it('a time pattern with fields outside the plan language', () => {
    const e = compileError(base((j) => j.csv('data', { t: 'timestamp' }).select((r) => ({ x: r.t.format('yy-M-d') })).writeCsv('out')));
    expect(e.message).toMatch(/^pyspark cannot express the time pattern "yy-M-d": 'yy' is not a pattern field/);
  });

  it('a literal argument that is not a literal (plan JSON edited by hand)', () => {
    const plan = base((j) => j.csv('data', { s: 'string' }).select((r) => ({ x: r.s.splitPart(',', 1) })).writeCsv('out'));
    const project = plan.nodes[1] as Extract<Plan['nodes'][number], { kind: 'project' }>;
    const bad = { ...project, columns: [{ name: 'x', expr: call('splitPart', [col('s', 'string'), col('s', 'string'), lit(1, 'int')], 'string') }] };
    const e = compileError({ ...plan, nodes: [plan.nodes[0], bad, plan.nodes[2]] });
    expect(e.message).toBe('pyspark cannot express splitPart with a non-literal argument 2');
  });

  it('a log format without a line pattern', () => {
    const plan = base((j) => j.accessLog('logs').writeCsv('out'));
    const source = { ...plan.nodes[0], format: { kind: 'w3c' }, schema: [field('x', 'string')] } as unknown as Plan['nodes'][number];
    const e = compileError({ ...plan, nodes: [source, plan.nodes[1]] });
    expect(e.message).toBe('pyspark cannot express the w3c log format (plan/formats.ts has no line pattern for it)');
  });

  it('an input named like the flag of the checks\' results, in a job with checks', () => {
    const plan = base((j) => j.csv('checks__results', { s: 'string' }).check('data', (c) => [c.notNull('s', { name: 's set' })]).writeCsv('out'));
    const e = compileError(plan);
    expect(e.kind).toBe('unsupported');
    expect(e.message).toBe("pyspark cannot express an input, output or parameter named 'checks__results': that is the script's flag for the data-quality checks (--checks__results)");
    // Without checks the name is free.
    expect(toPySpark(base((j) => j.csv('checks__results', { s: 'string' }).writeCsv('out')))).toContain('"--checks__results"');
  });

  it('lists every refusal in PYSPARK_UNSUPPORTED', () => {
    expect(PYSPARK_UNSUPPORTED.map((u) => u.what)).toEqual(
      expect.arrayContaining([
        'an output named like an input, or with an empty name',
        'regexExtract of a group the pattern does not have',
        'a time pattern outside yyyy MM dd HH mm ss SSS and quoted text',
        'a log format without a line pattern in plan/formats.ts',
        'an input, output or parameter named checks__results or checks__previous_rows in a job with checks',
      ]),
    );
  });
});
