// Jobs with data-quality checks for the Spark suite: test/checks/check-jobs.ts's one check of each kind on
// passing and failing rows, its warn checks with a previous row count, and checks whose samples hold every
// value type of the shared value table (and text long enough to be clipped in the message, one cut through
// a surrogate pair).
import { job } from '../../../../dsl/index.ts';
import type { Plan } from '../../../../plan/index.ts';
import { checkInputs, everyCheck, warnOnly } from '../../../checks/check-jobs.ts';
import { VALUE_COLUMNS, VALUE_CSV } from '../../pig/support/value-table.ts';

export const checkValuesJob = job('check-values', 'checks whose samples hold every type', (j) => {
  const vals = j.csv('vals', VALUE_COLUMNS, VALUE_CSV);
  // Row 5's t is one surrogate pair and its s six code units: unit 38 of t + 7 × s is a high surrogate.
  vals
    .filter((r) => r.id.ge(4))
    .select((r) => ({ id: r.id, text: r.t.concat(r.s, r.s, r.s, r.s, r.s, r.s, r.s) }))
    .check('texts', (c) => [c.acceptedValues('text', ['none'])])
    .writeCsv('texts');
  vals
    .check('vals', (c) => [c.range('id', { max: 0 }, { severity: 'warn' }), c.range('id', { max: 5 }, { name: 'first five', severity: 'warn' }), c.unique('b')])
    .select('id')
    .writeCsv('ids');
});

export interface CheckCase {
  readonly name: string;
  readonly plan: Plan;
  readonly inputs: Record<string, string>;
  readonly previousRows?: Record<string, number>;
  /** Whether an error check fails (the run stops). */
  readonly fails: boolean;
}

export function checkCases(vals: string): CheckCase[] {
  const files = checkInputs();
  return [
    { name: 'checks/good', plan: everyCheck.plan(), inputs: { rows: files.good, hosts: files.hosts }, fails: false },
    { name: 'checks/bad', plan: everyCheck.plan(), inputs: { rows: files.bad, hosts: files.hosts }, fails: true },
    { name: 'checks/warn', plan: warnOnly.plan(), inputs: { rows: files.bad }, previousRows: { 'rowCount(tolerance 0.5)': 2 }, fails: false },
    { name: 'checks/values', plan: checkValuesJob.plan(), inputs: { vals }, fails: true },
  ];
}
