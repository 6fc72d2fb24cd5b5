// DSL mistakes that types cannot catch surface as JobErrors at the job line that made them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { count, job, JobError, lit, sum, when } from '../../dsl/index.ts';
import { JobError as PlanJobError } from '../../plan/index.ts';
import { errorOf } from '../harness/job-error-of.ts';

const HERE = 'test/dsl/dsl-errors.test.ts';

describe('DSL errors', () => {
  it('a join with clashing non-key columns names them and the line', () => {
    const bad = job('clash', 'x', (j) => {
      const a = j.csv('a', { k: 'string', v: 'int' });
      const b = j.csv('b', { k: 'string', v: 'int' });
      a.join(b, { on: ['k'] }).writeCsv('out'); // line 15
    });
    const e = errorOf(() => bad.plan());
    expect(e.message).toMatch(/column 'v' appears twice/);
    expect(e.describe()).toMatch(new RegExp(`^${HERE}:15:\\d+: job error: `));
  });

  it('the same input read with two formats is an error', () => {
    const bad = job('twice', 'x', (j) => {
      j.accessLog('logs').writeCsv('a');
      j.accessLog('logs', 'common').writeCsv('b');
    });
    expect(errorOf(() => bad.plan()).message).toMatch(/input 'logs' is read twice with different formats/);
  });

  it('a job without outputs is an error', () => {
    const bad = job('empty', 'x', (j) => {
      j.accessLog('logs').filter((r) => r.status.eq(200));
    });
    expect(errorOf(() => bad.plan()).message).toMatch(/writes no output/);
  });

  it('a problem of the whole plan points at the job(...) line', () => {
    const bad = job('empty', 'x', (j) => { // line 38
      j.accessLog('logs');
    });
    expect(errorOf(() => bad.plan()).describe()).toMatch(new RegExp(`^${HERE}:38:\\d+: plan error: the job writes no output`));
  });

  it('a job name that is not kebab-case is a job error at the job(...) line', () => {
    const e = errorOf(() => job('Top Pages', 'x', () => {})); // line 45
    expect(e.describe()).toMatch(new RegExp(`^${HERE}:45:\\d+: job error: job name 'Top Pages' must be kebab-case`));
  });

  it('builds typed expressions: numbers widen, division is double, case branches unify', () => {
    const plan = job('types', 'x', (j) => {
      j.accessLog('logs')
        .derive((r) => ({ a: r.status.add(1), b: r.bytes.add(1), c: r.status.mul(1.5), d: r.status.div(2), e: when(r.status.ge(500), 1).otherwise(0.5) }))
        .groupBy('status')
        .agg((r) => ({ n: count(), s: sum(r.a), t: sum(r.c) }))
        .writeCsv('o');
    }).plan();
    const project = plan.nodes.find((n) => n.kind === 'project')!;
    const types = Object.fromEntries(project.schema.map((f) => [f.name, f.type]));
    expect(types).toMatchObject({ a: 'int', b: 'long', c: 'double', d: 'double', e: 'double' });
    const agg = plan.nodes.find((n) => n.kind === 'aggregate')!;
    expect(agg.schema.map((f) => `${f.name}:${f.type}`)).toEqual(['status:int', 'n:long', 's:long', 't:double']);
  });

  it('literals keep their types; non-finite numbers are refused', () => {
    expect(lit(3).node).toEqual({ kind: 'lit', value: 3, type: 'int' });
    expect(lit(2 ** 40).node.type).toBe('long');
    expect(lit(0.5).node.type).toBe('double');
    expect(lit(new Date(Date.UTC(2015, 4, 17))).node).toEqual({ kind: 'lit', value: '2015-05-17T00:00:00.000Z', type: 'timestamp' });
    expect(() => lit(Number.NaN)).toThrow(/not finite/);
  });

  it('re-exports JobError from the DSL for job authors', () => {
    expect(JobError).toBe(PlanJobError);
  });

  it('a rename onto a name another column keeps, or of two columns to one name, names the column and the line', () => {
    // The types leave this to the plan: the check would need the row type, and would fail inside generic code.
    const onto = job('onto', 'x', (j) => {
      j.csv('a', { k: 'string', v: 'int' }).rename({ v: 'k' }).writeCsv('out'); // line 79
    });
    const e = errorOf(() => onto.plan());
    expect(e.message).toMatch(/column 'k' appears twice/);
    expect(e.describe()).toMatch(new RegExp(`^${HERE}:79:\\d+: job error: `));
    const two = job('two', 'x', (j) => {
      j.csv('a', { k: 'string', v: 'int' }).rename({ k: 'x', v: 'x' }).writeCsv('out');
    });
    expect(errorOf(() => two.plan()).message).toMatch(/column 'x' appears twice/);
  });
  it('a dotted JSON lines column without a path is a plan error at the source line, not a column of nulls', () => {
    const bad = job('dotted', 'x', (j) => {
      j.jsonLines('events', { eventName: 'string', 'userIdentity.userName': 'string' }).writeCsv('out'); // line 91
    });
    const e = errorOf(() => bad.plan());
    expect(e.message).toBe(
      `column 'userIdentity.userName' of input 'events': a dotted name is not a nested path; to read a nested field write ` +
        `{ "userIdentity_userName": { path: "userIdentity.userName", type: 'string' } }`,
    );
    expect(e.describe()).toMatch(new RegExp(`^${HERE}:91:\\d+: plan error: `));
    const fine = job('dotted-path', 'x', (j) => {
      j.jsonLines('events', { 'user.name': { path: 'userIdentity.userName', type: 'string' } }).writeCsv('out');
    });
    expect(() => fine.plan()).not.toThrow();
  });

  it('JSON paths that run through one another, or are empty, are plan errors naming the columns', () => {
    const inside = job('inside', 'x', (j) => {
      j.jsonLines('e', { a: 'string', b: { path: 'a.b', type: 'string' } }).writeCsv('out');
    });
    expect(errorOf(() => inside.plan()).message).toMatch(/columns 'a' and 'b' of input 'e': one's path is inside the other's/);
    const empty = job('empty-key', 'x', (j) => {
      j.jsonLines('e', { a: { path: 'x..y', type: 'string' } }).writeCsv('out');
    });
    expect(errorOf(() => empty.plan()).message).toMatch(/column 'a' of input 'e': a path is one or more non-empty keys/);
  });
});

describe('CSV options', () => {
  it('a CSV quote or extraFields option outside its values names the input, the option and the line', () => {
    const quote = job('q', 'x', (j) => {
      j.csv('t', { a: 'int' }, { quote: "'" as never }).writeCsv('out'); // line 120
    });
    const e = errorOf(() => quote.plan());
    expect(e.message).toBe(`input 't': quote must be "\\"" or "none", not "'"`);
    expect(e.describe()).toMatch(new RegExp(`^${HERE}:120:\\d+: job error: `));
    const extra = job('e', 'x', (j) => {
      j.csv('t', { a: 'int' }, { extraFields: 'pad' as never }).writeCsv('out');
    });
    expect(errorOf(() => extra.plan()).message).toBe(`input 't': extraFields must be "reject" or "ignore", not "pad"`);
  });
});

describe('join options', () => {
  it('a small right side takes an inner or left join; a right or full one is an error at its line', () => {
    const line = readFileSync(HERE, 'utf8').split('\n').findIndex((l) => l.includes(`// small-join ${'line'}`)) + 1;
    const plan = (how: 'inner' | 'left' | 'right' | 'full') =>
      job('small', 'x', (j) => {
        const a = j.csv('a', { k: 'string', v: 'int' });
        const b = j.csv('b', { k: 'string', w: 'int' });
        a.join(b, { on: ['k'], how, small: true }).writeCsv('out'); // small-join line
      }).plan();
    for (const how of ['inner', 'left'] as const) expect(plan(how).nodes.find((n) => n.kind === 'join')).toMatchObject({ how, small: true });
    for (const how of ['right', 'full'] as const) {
      const e = errorOf(() => plan(how));
      expect(e.message).toMatch(new RegExp(`small right side .* inner or left join, not ${how}`));
      expect(e.describe()).toMatch(new RegExp(`^${HERE}:${line}:\\d+: job error: `));
    }
    // Without it the plan has no such field (plan hashes of existing jobs are unchanged).
    const plain = job('plain', 'x', (j) => {
      j.csv('a', { k: 'string' }).join(j.csv('b', { k: 'string', w: 'int' }), { on: ['k'] }).writeCsv('out');
    }).plan();
    expect('small' in plain.nodes.find((n) => n.kind === 'join')!).toBe(false);
  });
});

describe('skewed joins', () => {
  it('skew takes every join kind, and with small is an error at its line', () => {
    const line = readFileSync(HERE, 'utf8').split('\n').findIndex((l) => l.includes(`// skew-join ${'line'}`)) + 1;
    const plan = (how: 'inner' | 'left' | 'right' | 'full', small: boolean) =>
      job('skew', 'x', (j) => {
        const a = j.csv('a', { k: 'string', v: 'int' });
        const b = j.csv('b', { k: 'string', w: 'int' });
        a.join(b, { on: ['k'], how, skew: true, small }).writeCsv('out'); // skew-join line
      }).plan();
    for (const how of ['inner', 'left', 'right', 'full'] as const) expect(plan(how, false).nodes.find((n) => n.kind === 'join')).toMatchObject({ how, skew: true });
    const e = errorOf(() => plan('inner', true));
    expect(e.message).toMatch(/skew and small exclude each other/);
    expect(e.describe()).toMatch(new RegExp(`^${HERE}:${line}:\\d+: job error: `));
  });
});
