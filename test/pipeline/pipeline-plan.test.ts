import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { count, job, pipeline, sum } from '../../dsl/index.ts';
import * as P from '../../plan/index.ts';
import { runPlan } from '../../runtime/index.ts';
import accessLogToCsv from '../../jobs/access-log-to-csv.ts';
import topPages from '../../jobs/top-pages.ts';
import trafficByHour from '../../jobs/traffic-by-hour.ts';

const SAMPLE = path.resolve('jobs/data/apache_logs');
const tmp = mkdtempSync(path.join(tmpdir(), 'pipeline-plan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const webAnalytics = pipeline('web-analytics', 'parse, then aggregate', (p) => {
  p.partition('date', 'daily');
  const logs = p.input('logs', { path: 's3://bucket/logs/dt={date}/' });
  const parse = p.stage('parse', accessLogToCsv, { engine: 'pig', inputs: { logs } });
  const traffic = p.stage('traffic', trafficByHour, { engine: 'spark', inputs: { logs: parse.output('requests') } });
  p.stage('top-pages', topPages, { engine: 'spark', inputs: { logs: parse.output('requests') } });
  p.output(traffic.output('traffic_by_hour'), { path: 's3://bucket/traffic/dt={date}/' });
});

/** The message of the JobError `f` throws, with its location's line (what a user sees). */
function failure(f: () => unknown): { message: string; line: number | undefined } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof P.JobError)) throw e;
    const w = e.where as { line?: number } | null;
    return { message: e.message, line: w?.line };
  }
  throw new Error('expected a JobError');
}

const thisLine = () => Number(/pipeline-plan\.test\.ts:(\d+)/.exec(new Error().stack!.split('\n')[2])![1]);

describe('pipeline plans', () => {
  it('hold every stage with its job plan, its engine and its bindings, in dependency order', () => {
    const plan = webAnalytics.plan();
    expect(plan.stages.map((s) => [s.name, s.job, s.engine])).toEqual([
      ['parse', 'access-log-to-csv', 'pig'],
      ['traffic', 'traffic-by-hour', 'spark'],
      ['top-pages', 'top-pages', 'spark'],
    ]);
    expect(plan.stages[1].inputs).toEqual({ logs: { kind: 'stage', stage: 'parse', output: 'requests' } });
    expect(plan.partition).toEqual({ param: 'date', grain: 'daily' });
    expect(P.allParams(plan).map((d) => [d.name, d.type])).toEqual([['date', 'date']]);
    expect(P.stageOrder(plan).map((s) => s.name)).toEqual(['parse', 'traffic', 'top-pages']);
    expect(P.validatePipeline(plan)).toEqual([]);
  });

  it('round-trip through JSON and hash without source locations', () => {
    const plan = webAnalytics.plan();
    const back = JSON.parse(JSON.stringify(plan)) as P.PipelinePlan;
    expect(back).toEqual(plan);
    const shifted = { ...plan, loc: { ...plan.loc, line: plan.loc.line + 7 }, stages: plan.stages.map((s) => ({ ...s, loc: { ...s.loc, line: s.loc.line + 7 } })) };
    expect(P.pipelineHash(shifted)).toBe(P.pipelineHash(plan));
    const otherEngine = { ...plan, stages: plan.stages.map((s) => (s.name === 'traffic' ? { ...s, engine: 'pig' as const } : s)) };
    expect(P.pipelineHash(otherEngine)).not.toBe(P.pipelineHash(plan));
  });

  it('bind a stage input to an upstream output: the stage reads that file and runs as the job does on the raw log', async () => {
    const plan = webAnalytics.plan();
    const [parse, traffic] = plan.stages;
    const parsed = await runPlan(P.bindStage(plan, parse), { logs: SAMPLE }, { outDir: path.join(tmp, 'parse') });
    const requests = parsed.outputs.find((o) => o.name === 'requests')!;
    expect(requests.rows).toBe(parsed.inputs[0].rowsParsed);
    const bound = P.bindStage(plan, traffic);
    expect(P.validatePlan(bound)).toEqual([]);
    const read = bound.nodes.find((n) => n.kind === 'source')!;
    expect(read.format).toEqual({ kind: 'csv', header: true, delimiter: ',' });
    const viaPipeline = await runPlan(bound, { logs: requests.path }, { outDir: path.join(tmp, 'traffic') });
    const direct = await runPlan(trafficByHour.plan(), { logs: SAMPLE }, { outDir: path.join(tmp, 'direct') });
    expect(viaPipeline.inputs[0].rejected).toBe(0);
    const text = (r: Awaited<ReturnType<typeof runPlan>>) => readFileSync(r.outputs[0].path, 'utf8');
    expect(text(viaPipeline)).toBe(text(direct));
    expect(text(direct).split('\n').length).toBeGreaterThan(20);
  });

  it('keep the columns a stage declares, by name, whatever order the upstream output has them in', () => {
    const reorder = job('reorder', 'swaps columns', (j) => {
      j.csv('rows', { a: 'string', b: 'long' }).select((r) => ({ b: r.b, a: r.a, c: r.b.add(1) })).writeCsv('out');
    });
    const reader = job('reader', 'reads a and b', (j) => {
      j.csv('rows', { a: 'string', b: 'long' }).groupBy('a').agg((r) => ({ n: count(), s: sum(r.b) })).writeCsv('sums');
    });
    const plan = pipeline('two', 'two stages', (p) => {
      const rows = p.input('rows');
      const first = p.stage('first', reorder, { engine: 'spark', inputs: { rows } });
      p.stage('second', reader, { engine: 'pig', inputs: { rows: first.output('out') } });
    }).plan();
    const bound = P.bindStage(plan, plan.stages[1]);
    const read = bound.nodes[0] as P.SourceNode;
    expect(read.schema.map((f) => f.name)).toEqual(['b', 'a', 'c']);
    const keep = bound.nodes[1] as P.ProjectNode;
    expect(keep.id).toBe(plan.stages[1].plan.nodes[0].id);
    expect(keep.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(P.validatePlan(bound)).toEqual([]);
  });
});

describe('pipeline mistakes are errors at the line that made them', () => {
  const reader = job('reader', 'reads x', (j) => {
    j.csv('rows', { x: 'long' }).writeCsv('copy');
  });
  const writer = job('writer', 'writes x as text', (j) => {
    j.csv('rows', { x: 'string' }).writeCsv('out');
  });

  it('an unbound input', () => {
    let line = 0;
    const f = failure(() =>
      pipeline('p', '', (p) => {
        line = thisLine() + 1;
        p.stage('s', reader, { engine: 'spark', inputs: {} });
      }).plan(),
    );
    expect(f.message).toBe("stage 's': input 'rows' of job 'reader' is not bound (bind it in inputs: { rows: ... })");
    expect(f.line).toBe(line);
  });

  it('an input the job does not have, and an output a stage does not write', () => {
    const extra = failure(() =>
      pipeline('p', '', (p) => {
        const rows = p.input('rows');
        p.stage('s', reader, { engine: 'spark', inputs: { rows, other: rows } });
      }).plan(),
    );
    expect(extra.message).toBe("stage 's': job 'reader' has no input 'other'; its inputs are 'rows'");
    let line = 0;
    const missing = failure(() =>
      pipeline('p', '', (p) => {
        const s = p.stage('s', reader, { engine: 'spark', inputs: { rows: p.input('rows') } });
        line = thisLine() + 1;
        s.output('nope');
      }).plan(),
    );
    expect(missing.message).toBe("stage 's' has no output 'nope'; its outputs are 'copy'");
    expect(missing.line).toBe(line);
  });

  it('an upstream output whose column type does not fit', () => {
    const f = failure(() =>
      pipeline('p', '', (p) => {
        const w = p.stage('w', writer, { engine: 'pig', inputs: { rows: p.input('rows') } });
        p.stage('r', reader, { engine: 'spark', inputs: { rows: w.output('out') } });
      }).plan(),
    );
    expect(f.message).toBe("stage 'r': input 'rows' cannot read 'w.out': column 'x' is string, the input declares long");
  });

  it('two outputs published to one path, a template naming no parameter, a repeated stage, a bad engine', () => {
    const twice = failure(() =>
      pipeline('p', '', (p) => {
        const a = p.stage('a', reader, { engine: 'spark', inputs: { rows: p.input('rows') } });
        const b = p.stage('b', reader, { engine: 'spark', inputs: { rows: a.output('copy') } });
        p.output(a.output('copy'), { path: 's3://x/out/' });
        p.output(b.output('copy'), { path: 's3://x/out/' });
      }).plan(),
    );
    expect(twice.message).toBe("'b.copy' and 'a.copy' both write 's3://x/out/'");
    const template = failure(() =>
      pipeline('p', '', (p) => {
        p.stage('a', reader, { engine: 'spark', inputs: { rows: p.input('rows', { path: 's3://x/dt={day}/' }) } });
      }).plan(),
    );
    expect(template.message).toBe("input 'rows': path template names '{day}', which is not a parameter of the pipeline or its stages");
    const repeated = failure(() =>
      pipeline('p', '', (p) => {
        const rows = p.input('rows');
        p.stage('a', reader, { engine: 'spark', inputs: { rows } });
        p.stage('a', reader, { engine: 'spark', inputs: { rows } });
      }).plan(),
    );
    expect(repeated.message).toBe("stage 'a' is declared twice");
    const engine = failure(() =>
      pipeline('p', '', (p) => {
        p.stage('a', reader, { engine: 'hive' as 'pig', inputs: { rows: p.input('rows') } });
      }).plan(),
    );
    expect(engine.message).toBe("stage 'a': engine must be 'pig' or 'spark', not 'hive'");
  });

  it('a cycle in a plan read from JSON', () => {
    const plan = pipeline('p', '', (p) => {
      const a = p.stage('a', reader, { engine: 'spark', inputs: { rows: p.input('rows') } });
      p.stage('b', reader, { engine: 'spark', inputs: { rows: a.output('copy') } });
    }).plan();
    const cyclic: P.PipelinePlan = { ...plan, stages: plan.stages.map((s) => (s.name === 'a' ? { ...s, inputs: { rows: { kind: 'stage', stage: 'b', output: 'copy' } } } : s)) };
    expect(P.validatePipeline(cyclic).map((e) => e.message)).toEqual(["stages form a cycle: 'a' -> 'b' -> 'a'"]);
  });

  it('a parameter two stages declare with different types', () => {
    const dated = job('dated', 'date param', (j) => {
      const d = j.param('day', 'date');
      j.csv('rows', { x: 'long' }).derive(() => ({ d })).writeCsv('copy');
    });
    const texted = job('texted', 'string param', (j) => {
      const d = j.param('day', 'string');
      j.csv('rows', { x: 'long' }).derive(() => ({ d })).writeCsv('copy');
    });
    const f = failure(() =>
      pipeline('p', '', (p) => {
        const rows = p.input('rows');
        p.stage('a', dated, { engine: 'spark', inputs: { rows } });
        p.stage('b', texted, { engine: 'spark', inputs: { rows } });
      }).plan(),
    );
    expect(f.message).toBe("parameter 'day' is a string in job 'texted' (stage 'b') but a date in job 'dated' (stage 'a')");
  });
});
