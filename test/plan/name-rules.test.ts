// Output, input and partition-column names are checked when the plan is built (and when plan JSON is
// read), with the job line of the call that named them.
import { describe, expect, it } from 'vitest';
import { job } from '../../dsl/index.ts';
import { hasControlChars, inputNameProblem, JobError, outputNameProblem, partitionColumnProblem, printable, validatePlan, type Plan } from '../../plan/index.ts';
import { errorOf } from '../harness/job-error-of.ts';

const HERE = 'test/plan/name-rules.test.ts';


describe('output names', () => {
  it.each(['', '.', '..', '../x', 'a/b', 'a\\b', '/abs', '_SUCCESS', '_x', '.hidden', 'a\u0000b', 'a\u001b[31m', 'top-pages', '1st', 'a b', 'é'])(
    'refuses %j',
    (name) => {
      const problem = outputNameProblem(name);
      expect(problem).not.toBeNull();
      expect(hasControlChars(problem!)).toBe(false);
    },
  );

  it.each(['out', 'top_pages', 'A1', 'x__y', 'byD'])('accepts %j', (name) => {
    expect(outputNameProblem(name)).toBeNull();
  });

  it('says why for the dangerous ones', () => {
    expect(outputNameProblem('..')).toMatch(/would write outside its own folder/);
    expect(outputNameProblem('../x')).toMatch(/is a path, not a folder name/);
    expect(outputNameProblem('_tmp')).toMatch(/Hadoop and Spark skip such folders/);
    expect(outputNameProblem('a\u001bb')).toContain("'a\\u001bb'");
  });

  it('a bad output name is refused at the writeCsv line', () => {
    const bad = job('bad-out', 'x', (j) => {
      j.accessLog('logs').writeCsv('..', { partitionBy: 'method' }); // line 34
    });
    const e = errorOf(() => bad.plan());
    expect(e.kind).toBe('plan');
    expect(e.describe()).toMatch(new RegExp(`^${HERE}:34:\\d+: plan error: output name '\\.\\.' would write outside`));
  });

  it('an output named like an input is refused', () => {
    const bad = job('same', 'x', (j) => {
      j.accessLog('logs').writeCsv('logs'); // line 43
    });
    expect(errorOf(() => bad.plan()).describe()).toMatch(new RegExp(`^${HERE}:43:\\d+: plan error: output 'logs' has the name of an input`));
  });

  it('two outputs of one name, or of names differing only in case, are refused', () => {
    const twice = job('twice', 'x', (j) => {
      j.accessLog('logs').writeCsv('out');
      j.accessLog('logs').writeJson('out'); // line 51
    });
    expect(errorOf(() => twice.plan()).describe()).toMatch(new RegExp(`^${HERE}:51:\\d+: plan error: output 'out' is written twice`));
    const cased = job('cased', 'x', (j) => {
      j.accessLog('logs').writeCsv('Out');
      j.accessLog('logs').writeCsv('out');
    });
    expect(errorOf(() => cased.plan()).message).toBe("outputs 'Out' and 'out' differ only in case: they would share one folder where file names ignore case");
  });
});

describe('partition columns', () => {
  it.each(['', 'a/b', 'a\\b', 'eq=1', 'a\u0000', 'tab\there', 'a\u001b[0m', '_c0', '.x', '__'])('refuses %j', (name) => {
    expect(partitionColumnProblem(name)).not.toBeNull();
  });

  it.each(['method', "it's", 'a.b', 'per%cent', '日本', 'x::y', 'a b', 'x.'])('accepts %j', (name) => {
    expect(partitionColumnProblem(name)).toBeNull();
  });

  it('a bad partition column is refused at the writeCsv line', () => {
    const bad = job('bad-part', 'x', (j) => {
      j.csv('t', { 'a=b': 'string', v: 'int' }).writeCsv('out', { partitionBy: 'a=b' }); // line 73
    });
    expect(errorOf(() => bad.plan()).describe()).toMatch(new RegExp(`^${HERE}:73:\\d+: plan error: partitionBy: column 'a=b' holds`));
  });
});

describe('plan JSON', () => {
  const good = job('good', 'x', (j) => {
    j.csv('t', { a: 'string', v: 'int' }).writeCsv('out', { partitionBy: 'a' });
  }).plan();
  const edit = (change: Record<string, unknown>, kind: string): Plan => ({
    ...good,
    nodes: good.nodes.map((n) => (n.kind === kind ? ({ ...n, ...change } as typeof n) : n)),
  });

  it('is checked by validatePlan too (a hand-edited plan)', () => {
    expect(validatePlan(good)).toEqual([]);
    expect(validatePlan(edit({ output: '../x' }, 'sink')).map((e) => e.message)).toEqual([
      "output name '../x' is a path, not a folder name (use letters, digits and _, starting with a letter)",
    ]);
    expect(validatePlan(edit({ input: 'a/b' }, 'source')).map((e) => e.message)).toEqual([inputNameProblem('a/b')]);
  });
});

describe('printable', () => {
  it('escapes controls and leaves other text alone', () => {
    expect(printable('a\u001b[31mred\u0000\n\u2028\u202e日本 😀')).toBe('a\\u001b[31mred\\u0000\\u000a\\u2028\\u202e日本 😀');
    expect(printable("it's \"q\" \\")).toBe("it's \"q\" \\");
    expect(hasControlChars('\u009b')).toBe(true);
    expect(hasControlChars('plain')).toBe(false);
  });
});
