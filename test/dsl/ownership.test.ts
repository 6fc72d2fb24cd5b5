// A job's and a pipeline's owner and freshness expectation: in the plan, checked at the job(...) line,
// and never part of the hash (handing a job to another team must not make a backfill run again).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { count, job, pipeline } from '../../dsl/index.ts';
import { pipelineHash, planHash, stageOwnership } from '../../plan/index.ts';
import { errorOf } from '../harness/job-error-of.ts';

const HERE = 'test/dsl/ownership.test.ts';
const lineOf = (mark: string) => readFileSync(HERE, 'utf8').split('\n').findIndex((l) => l.includes(`// mark:${mark}`) && !l.includes('lineOf')) + 1;
const build = (j: Parameters<Parameters<typeof job>[2]>[0]) => {
  j.accessLog('logs').groupBy('path').agg(() => ({ hits: count() })).writeCsv('hits');
};

describe('owner and fresh', () => {
  it('are in the plan as declared, the duration in seconds', () => {
    const plan = job('owned', 'x', { owner: ' data-eng@example.com ', fresh: { days: 1, hours: 12 } }, build).plan();
    expect(plan.owner).toBe('data-eng@example.com');
    expect(plan.freshWithin).toBe(36 * 3600);
    const bare = job('owned', 'x', build).plan();
    expect(bare.owner).toBeUndefined();
    expect(bare.freshWithin).toBeUndefined();
  });

  it('do not change the plan hash or the pipeline hash', () => {
    const a = job('owned', 'x', { owner: 'a@example.com', fresh: { hours: 2 } }, build);
    const b = job('owned', 'x', { owner: 'b@example.com' }, build);
    const c = job('owned', 'x', build);
    expect(planHash(a.plan())).toBe(planHash(c.plan()));
    expect(planHash(b.plan())).toBe(planHash(c.plan()));
    // A change of meaning still changes it.
    expect(planHash(job('owned', 'y', build).plan())).not.toBe(planHash(c.plan()));
    const pipe = (stageJob: typeof a, options?: { owner: string }) =>
      (options ? pipeline('p', 'd', options, (p) => void p.stage('s', stageJob, { engine: 'spark', inputs: { logs: p.input('logs') } })) : pipeline('p', 'd', (p) => void p.stage('s', stageJob, { engine: 'spark', inputs: { logs: p.input('logs') } }))).plan();
    expect(pipelineHash(pipe(a, { owner: 'team@example.com' }))).toBe(pipelineHash(pipe(c)));
  });

  it("a pipeline's owner and expectation win over its stages' jobs' own; else the job's apply", () => {
    const owned = job('owned', 'x', { owner: 'job@example.com', fresh: { hours: 2 } }, build);
    const p1 = pipeline('p', 'd', { owner: 'pipe@example.com' }, (p) => void p.stage('s', owned, { engine: 'pig', inputs: { logs: p.input('logs') } })).plan();
    expect(p1.owner).toBe('pipe@example.com');
    expect(stageOwnership(p1, p1.stages[0])).toEqual({ owner: 'pipe@example.com', freshWithin: 7200 });
    const p2 = pipeline('p', 'd', (p) => void p.stage('s', owned, { engine: 'pig', inputs: { logs: p.input('logs') } })).plan();
    expect(stageOwnership(p2, p2.stages[0])).toEqual({ owner: 'job@example.com', freshWithin: 7200 });
  });

  it('mistakes are job errors at the job(...) or pipeline(...) line, naming the field and what was expected', () => {
    const at = (line: number) => new RegExp(`^${HERE}:${line}:\\d+: job error: `);
    const empty = errorOf(() => job('j', 'x', { owner: '  ' }, build)); // mark:owner-empty
    expect(empty.describe()).toMatch(at(lineOf('owner-empty')));
    expect(empty.message).toBe(`job 'j': owner must be a non-empty one-line text of at most 200 characters (an address or a team name), not "  "`);
    const twoLines = errorOf(() => job('j', 'x', { owner: 'a\nb' }, build));
    expect(twoLines.message).toMatch(/owner must be a non-empty one-line text/);
    const unit = errorOf(() => job('j', 'x', { fresh: { weeks: 1 } as never }, build)); // mark:fresh-unit
    expect(unit.describe()).toMatch(at(lineOf('fresh-unit')));
    expect(unit.message).toBe("job 'j': fresh: unknown unit 'weeks' (units: days, hours, minutes, seconds)");
    expect(errorOf(() => job('j', 'x', { fresh: { hours: 0 } }, build)).message).toBe("job 'j': fresh must be longer than 0 seconds");
    expect(errorOf(() => job('j', 'x', { fresh: { seconds: 1.5 } }, build)).message).toBe('job \'j\': fresh {"seconds":1.5} is not a whole, non-negative number of seconds');
    expect(errorOf(() => job('j', 'x', { fresh: '36h' as never }, build)).message).toBe("job 'j': fresh must be a duration such as { hours: 36 }");
    expect(errorOf(() => job('j', 'x', { owners: 'x' } as never, build)).message).toBe("job 'j': unknown option 'owners' (options: owner, fresh)");
    expect(errorOf(() => job('j', 'x', { owner: 'a' } as never)).message).toBe("job 'j': the last argument must be the function building the job, (j) => { ... }");
    const pipe = errorOf(() => pipeline('p', 'd', { owner: 42 } as never, () => {})); // mark:pipeline-owner
    expect(pipe.describe()).toMatch(at(lineOf('pipeline-owner')));
    expect(pipe.message).toBe("pipeline 'p': owner must be a non-empty one-line text of at most 200 characters (an address or a team name), not 42");
  });
});
