// Run-time parameters in the plan: declarations recorded (not values), the hash of the job, validation of
// references and path templates, and the text -> typed value step every command and engine shares.
import { describe, expect, it } from 'vitest';
import { job, JobError } from '../../dsl/index.ts';
import {
  expandTemplate,
  inputTemplates,
  paramTexts,
  paramValueText,
  ParamValueError,
  parseParamText,
  planFromJson,
  planHash,
  planToJson,
  resolveParamValues,
  validatePlan,
  type Plan,
} from '../../plan/index.ts';
import { errorOf } from '../harness/job-error-of.ts';

const HERE = 'test/plan/params.test.ts';

const withParams = (_type: 'int', dflt: number) =>
  job('p', 'x', (j) => {
    const n = j.param('n', 'int', { default: dflt });
    j.accessLog('logs').filter((r) => r.status.ge(n)).writeCsv('out');
  });

const dated = job('dated', 'x', (j) => {
  const day = j.param('day', 'date');
  j.param('limit', 'int', { default: 10 });
  j.accessLog('logs', { path: 's3://bucket/logs/dt={day}/' }).select((r) => ({ path: r.path, on_day: day.year() })).writeCsv('out');
});


describe('the plan records declarations, never values', () => {
  it('declarations in order with type, default and job line; the template on the source node', () => {
    const plan = dated.plan();
    expect(plan.params?.map(({ name, type, default: d }) => [name, type, d])).toEqual([
      ['day', 'date', null],
      ['limit', 'int', 10],
    ]);
    expect(plan.params![0].loc.file).toBe(HERE);
    expect(inputTemplates(plan.nodes)).toEqual({ logs: 's3://bucket/logs/dt={day}/' });
    const back = planFromJson(planToJson(plan));
    expect(back.params).toEqual(JSON.parse(JSON.stringify(plan.params)));
    expect(planHash(back)).toBe(planHash(plan));
  });

  it('a job without parameters has no params field, so its hash is what it was before parameters existed', () => {
    const plan = job('plain', 'x', (j) => j.accessLog('logs').writeCsv('out')).plan();
    expect('params' in plan).toBe(false);
    expect(planToJson(plan)).not.toMatch(/"params"/);
  });

  it('the hash changes with a declaration (type, default) but not with its job line', () => {
    const a = withParams('int', 1).plan();
    const b = withParams('int', 2).plan();
    expect(planHash(a)).not.toBe(planHash(b));
    const moved: Plan = { ...a, params: a.params!.map((p) => ({ ...p, loc: { ...p.loc, line: p.loc.line + 5 } })) };
    expect(planHash(moved)).toBe(planHash(a));
  });
});

describe('validation', () => {
  const base = () => JSON.parse(planToJson(dated.plan())) as { params: { name: string; type: string; default: unknown }[]; nodes: { kind: string; columns?: unknown[]; path?: string }[] };

  it('a reference to an undeclared parameter, or with another type, is a plan error at its node', () => {
    const p = base();
    p.params = p.params.filter((x) => x.name !== 'day');
    expect(validatePlan(p as unknown as Plan).map((e) => e.message)).toContain("parameter 'day' is not declared (declare it with j.param)");
    const q = base();
    q.params[0].type = 'string';
    expect(validatePlan(q as unknown as Plan).map((e) => e.message)).toContain("parameter 'day' is declared string but read as date");
  });

  it('a template naming an undeclared parameter, a bad default and a name clash are plan errors', () => {
    const p = base();
    p.nodes[0].path = 's3://b/{nope}/';
    expect(validatePlan(p as unknown as Plan).map((e) => e.message).join('\n')).toMatch(/names '\{nope\}', which is not a declared parameter/);
    const q = base();
    q.params[1].default = 'ten';
    expect(validatePlan(q as unknown as Plan).map((e) => e.message).join('\n')).toMatch(/parameter 'limit': default "ten" is not a int/);
    const r = base();
    r.params[1].name = 'logs';
    expect(validatePlan(r as unknown as Plan).map((e) => e.message).join('\n')).toMatch(/parameter 'logs' has the name of an input or output/);
  });

  it('DSL mistakes name the job line', () => {
    const twice = job('t', 'x', (j) => {
      j.param('a', 'int');
      j.param('a', 'string'); // line 92
      j.accessLog('logs').writeCsv('out');
    });
    expect(errorOf(() => twice.plan()).describe()).toMatch(new RegExp(`^${HERE}:92:\\d+: job error: parameter 'a' is declared twice`));
    const badDefault = job('t', 'x', (j) => {
      j.param('d', 'date', { default: '2015-02-30' }); // line 97
      j.accessLog('logs').writeCsv('out');
    });
    expect(errorOf(() => badDefault.plan()).describe()).toMatch(new RegExp(`^${HERE}:97:\\d+: job error: parameter 'd': default "2015-02-30" is not a date YYYY-MM-DD`));
    const undeclared = job('t', 'x', (j) => {
      j.accessLog('logs', { path: 'logs/{day}.log' }).writeCsv('out'); // line 102
    });
    expect(errorOf(() => undeclared.plan()).describe()).toMatch(new RegExp(`^${HERE}:102:\\d+: job error: input 'logs': path template names '\\{day\\}'`));
    const badName = job('t', 'x', (j) => {
      j.param('no-dash', 'int'); // line 106
      j.accessLog('logs').writeCsv('out');
    });
    expect(errorOf(() => badName.plan()).describe()).toMatch(new RegExp(`^${HERE}:106:\\d+: job error: parameter name 'no-dash' must be an identifier`));
  });
});

describe('values from text', () => {
  const decls = dated.plan().params!;

  it('each type reads its own form and gives its canonical text back', () => {
    const cases: [Parameters<typeof parseParamText>[0], string, unknown, string][] = [
      ['date', '2016-02-29', '2016-02-29', '2016-02-29'],
      ['timestamp', '2015-05-17', '2015-05-17T00:00:00.000Z', '2015-05-17T00:00:00.000Z'],
      ['timestamp', '2015-05-17 10:05:03.123456Z', '2015-05-17T10:05:03.123Z', '2015-05-17T10:05:03.123Z'],
      ['int', '-2147483648', -2147483648, '-2147483648'],
      ['long', '9223372036854775807', '9223372036854775807', '9223372036854775807'],
      ['long', '-42', -42, '-42'],
      ['double', '1e-3', 0.001, '0.001'],
      ['double', '-0', -0, '-0'],
      ['boolean', 'false', false, 'false'],
      ['string', " it's \\ $x ", " it's \\ $x ", " it's \\ $x "],
    ];
    for (const [type, text, value, canonical] of cases) {
      expect(parseParamText(type, text)).toEqual(value);
      expect(paramValueText(type, value as never)).toBe(canonical);
      expect(parseParamText(type, canonical)).toEqual(value);
    }
  });

  it('refuses what is not a value of the type', () => {
    const bad: [Parameters<typeof parseParamText>[0], string][] = [
      ['date', '2015-13-45'], ['date', '2015-02-29'], ['date', '2015-5-17'], ['timestamp', '2015-05-17T24:00'], ['timestamp', '2015-05-17T10:00+02:00'],
      ['int', '2147483648'], ['int', '1.0'], ['int', ''], ['long', '9223372036854775808'], ['double', 'NaN'], ['double', '1e999'], ['double', ''],
      ['boolean', 'TRUE'], ['boolean', '1'],
    ];
    for (const [type, text] of bad) expect([type, text, parseParamText(type, text)]).toEqual([type, text, undefined]);
  });

  it('resolves a run: given values typed, defaults for the rest; unknown, missing and ill-typed values name the parameter', () => {
    expect(resolveParamValues(decls, { day: '2015-05-17' })).toEqual({ day: '2015-05-17', limit: 10 });
    expect(resolveParamValues(decls, { day: '2015-05-17', limit: '3' })).toEqual({ day: '2015-05-17', limit: 3 });
    const fail = (given: Record<string, string>) => {
      try {
        resolveParamValues(decls, given);
      } catch (e) {
        expect(e).toBeInstanceOf(ParamValueError);
        return [(e as ParamValueError).param, (e as Error).message];
      }
      throw new Error('expected a ParamValueError');
    };
    expect(fail({})).toEqual(['day', "parameter 'day' (date) has no value and no default: give --param day=<a date YYYY-MM-DD>"]);
    expect(fail({ day: '2015-13-45' })).toEqual(['day', "--param day=2015-13-45: parameter 'day' is a date; expected a date YYYY-MM-DD"]);
    expect(fail({ day: '2015-05-17', dya: 'x' })).toEqual(['dya', "--param dya=...: the job has no parameter 'dya' (the job's parameters: day (date), limit (int))"]);
  });

  it('texts for scripts and path templates', () => {
    const texts = paramTexts(decls, { day: '2015-05-17' });
    expect(texts).toEqual({ day: '2015-05-17', limit: '10' });
    expect(expandTemplate('s3://b/dt={day}/n={limit}/{other', (n) => texts[n])).toBe('s3://b/dt=2015-05-17/n=10/{other');
  });
});
