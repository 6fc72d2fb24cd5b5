// Jobs with one check of every kind, as warn checks so that a run on failing data still writes its results:
// on the passing and the failing table of test/checks/check-jobs.ts, and a rowCount tolerance with and
// without a previous row count. Their results documents from Pig must equal the runtime's.
import { job } from '../../../../dsl/index.ts';
import { checkResultsJson, type CheckResults } from '../../../../plan/index.ts';
import { executePlan } from '../../../../runtime/index.ts';
import { BAD, GOOD, HOSTS, ROWS_SCHEMA } from '../../../checks/check-jobs.ts';
import type { PigCase } from '../../../harness/pig-harness.ts';
import { tempInput } from './pig-vs-runtime.ts';

const warn = { severity: 'warn' } as const;

/** Every kind of check, warn only; the tolerance compares with the previous run's row count when given. */
export const everyWarnCheck = job('every-warn-check', 'one warn check of each kind', (j) => {
  const day = j.param('date', 'date', { default: '2015-05-17' });
  const hosts = j.csv('hosts', { host: 'string' });
  const rows = j.csv('rows', ROWS_SCHEMA).check('rows', (c) => [
    c.rowCount({ min: 1, max: 3, ...warn }),
    c.rowCount({ tolerance: 0.5, name: 'within half of the last run', ...warn }),
    c.notNull('host', warn),
    c.unique('id', warn),
    c.acceptedValues('method', ['GET', 'POST'], warn),
    c.range('status', { min: 100, max: 599 }, warn),
    c.matches('path', '/[^ ]*', warn),
    c.references('host', hosts, 'host', warn),
    c.freshness('time', { within: { hours: 30 }, of: day, ...warn }),
    c.expr('status below 500', (r) => r.status.lt(500), warn),
  ]);
  rows.select('id', 'host').writeCsv('ids');
});

/** Check cases: keys start with `check/`; they go last in a batch (their optimizer settings apply to it all). */
export function checkCases(): PigCase[] {
  const hosts = tempInput('check-hosts.csv', HOSTS);
  const good = tempInput('check-good.csv', GOOD);
  const bad = tempInput('check-bad.csv', BAD);
  const plan = everyWarnCheck.plan();
  return [
    { plan, inputs: { rows: good, hosts } },
    { plan, inputs: { rows: bad, hosts }, previousRows: { 'within half of the last run': 2 } },
    { plan, inputs: { rows: good, hosts }, previousRows: { 'within half of the last run': 30 }, params: { date: '2015-05-20' } },
  ];
}

/** The runtime's results document of a case. */
export async function runtimeChecks(c: PigCase): Promise<CheckResults> {
  const r = await executePlan(c.plan, c.inputs, { params: c.params, previousRows: c.previousRows, failOnChecks: false });
  return checkResultsJson(c.plan.job, r.checks);
}
