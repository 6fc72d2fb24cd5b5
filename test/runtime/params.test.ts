// The runtime reads a parameter as a constant of its value: values given, defaults, every type, and a
// missing value as a usage error at the declaring line before anything is read.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { job } from '../../dsl/index.ts';
import { JobError } from '../../plan/index.ts';
import { executePlan, tableToRows } from '../../runtime/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-params-rt-'));
const csv = path.join(dir, 'rows.csv');
writeFileSync(csv, 'id,day,n,s\n1,2015-05-17,5,a\n2,2015-05-18,-3,\n3,,10,$x\n');

const typed = job('typed-params', 'x', (j) => {
  const day = j.param('day', 'date');
  const min = j.param('min', 'long', { default: 0 });
  const tag = j.param('tag', 'string', { default: 'none' });
  const at = j.param('at', 'timestamp', { default: new Date('2015-05-17T10:00:00Z') });
  const f = j.param('f', 'double', { default: 0.5 });
  const b = j.param('b', 'boolean', { default: true });
  j.csv('rows', { id: 'int', day: 'date', n: 'int', s: 'string' })
    .filter((r) => r.n.ge(min))
    .select((r) => ({ id: r.id, on_day: r.day.eq(day), tagged: r.s.eq(tag), hour: at.hour(), scaled: r.n.mul(f), b }))
    .writeCsv('out'); // line 24
});

const rows = async (params: Record<string, string | number | boolean>) =>
  tableToRows((await executePlan(typed.plan(), { rows: csv }, { params })).tables.out);

describe('parameters on the runtime', () => {
  it('values given and defaults become constants of their type', async () => {
    expect(await rows({ day: '2015-05-17' })).toEqual([
      ['1', 'true', 'false', '10', '2.5', 'true'],
      ['3', null, 'false', '10', '5.0', 'true'],
    ]);
    expect(await rows({ day: '2015-05-18', min: -5, tag: '$x', at: '2000-01-01T23:59:59.000Z', f: -2, b: false })).toEqual([
      ['1', 'false', 'false', '23', '-10.0', 'false'],
      ['2', 'true', null, '23', '6.0', 'false'],
      ['3', null, 'true', '23', '-20.0', 'false'],
    ]);
  });

  it('a parameter with neither value nor default is a usage error at its declaring line, before any row is read', async () => {
    const e = await executePlan(typed.plan(), { rows: csv }, { params: {} }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(JobError);
    expect((e as JobError).describe()).toMatch(/^test\/runtime\/params\.test\.ts:16:\d+: usage error: parameter 'day' \(date\) has no value and no default/);
  });
});
