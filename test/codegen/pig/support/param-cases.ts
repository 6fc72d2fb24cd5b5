// Jobs with run-time parameters of every type, each run with two sets of values so the values change the
// result: the same plan (and script) run on each engine and the runtime must agree, value by value. One
// string value holds quotes, backslashes (a trailing one too), `$`, a placeholder-like `${y}` and non-ASCII.
import { count, job, type JobDefinition } from '../../../../dsl/index.ts';
import type { ParamValues } from '../../../../plan/index.ts';
import { VALUE_COLUMNS, VALUE_CSV } from './value-table.ts';
import { parsedLines } from '../../../cli/apache-log-oracle.ts';

export const PARAM_JOBS: Record<string, JobDefinition> = {
  values: job('params-values', 'a parameter of every type, compared and combined with columns', (j) => {
    const day = j.param('day', 'date');
    const tag = j.param('tag', 'string');
    const minI = j.param('min_i', 'int', { default: 0 });
    const big = j.param('big', 'long');
    const scale = j.param('scale', 'double');
    const flag = j.param('flag', 'boolean');
    const since = j.param('since', 'timestamp');
    j.csv('vals', VALUE_COLUMNS, VALUE_CSV)
      .select((r) => ({
        id: r.id, tag, tagged: r.s.concat(tag), eq_tag: r.t.eq(tag), tag_len: tag.length(),
        same_day: r.dt.eq(day), after_day: r.dt.gt(day), day_year: day.year(),
        ge_min: r.i.ge(minI), min_plus: minI.add(r.j), big_plus: big.add(r.j), scaled: r.d.mul(scale),
        flag, flag_and: r.b.and(flag), since_ok: r.ts.ge(since), since_hour: since.hour(),
      }))
      .writeCsv('out');
  }),
  filtered: job('params-filtered', 'a parameter in a filter and a group key', (j) => {
    const minStatus = j.param('min_status', 'int', { default: 400 });
    const day = j.param('day', 'date', { default: '2015-05-18' });
    const logs = j.accessLog('logs');
    logs.filter((r) => r.status.ge(minStatus).and(r.time.day().eq(day.day()))).groupBy('status').agg(() => ({ n: count() })).writeCsv('by_status');
  }),
};

export const HOSTILE_TAG = `it's \\ "q" $x \${y} \u00e9\t-- end\\`;

/** Two runs of each job: (key suffix, values). */
export const PARAM_RUNS: Record<keyof typeof PARAM_JOBS, [string, ParamValues][]> = {
  values: [
    ['a', { day: '2015-05-17', tag: HOSTILE_TAG, big: 9007199254740000, scale: 0.5, flag: true, since: '2015-05-17T10:05:03.000Z' }],
    ['b', { day: '2000-02-29', tag: '$x', min_i: 5, big: -3, scale: -2.5e-3, flag: false, since: '1999-12-31T23:00:00.000Z' }],
  ],
  filtered: [
    ['defaults', {}],
    ['given', { min_status: 200, day: '2015-05-19' }],
  ],
};

export function paramCases(inputs: Record<string, string>): { key: string; plan: ReturnType<JobDefinition['plan']>; inputs: Record<string, string>; params: ParamValues }[] {
  return (Object.keys(PARAM_JOBS) as (keyof typeof PARAM_JOBS)[]).flatMap((k) => {
    const plan = PARAM_JOBS[k].plan();
    return PARAM_RUNS[k].map(([suffix, params]) => ({ key: `param/${k}-${suffix}`, plan, inputs, params }));
  });
}

/** What params-filtered writes, from the raw log: status -> lines with at least `min` on day `day` of the month, by status. */
export function filteredByStatus(min: number, day: number): string[][] {
  const n = new Map<string, number>();
  for (const l of parsedLines()) if (l.status >= min && new Date(l.hourMs).getUTCDate() === day) n.set(String(l.status), (n.get(String(l.status)) ?? 0) + 1);
  return [...n].sort().map(([k, v]) => [k, String(v)]);
}

/** Rows in the order filteredByStatus gives. */
export const byFirstCell = (rows: (string | null)[][]) => [...rows].sort((x, y) => String(x[0]).localeCompare(String(y[0])));
