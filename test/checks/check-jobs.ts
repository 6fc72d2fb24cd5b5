// Jobs with one check of every kind over a small table, for the runtime and engine tests: `good.csv` passes
// every check, `bad.csv` fails every one (with known failing rows).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { job } from '../../dsl/index.ts';

export const ROWS_SCHEMA = { id: 'int', host: 'string', status: 'int', method: 'string', path: 'string', time: 'timestamp' } as const;

const HEADER = 'id,host,status,method,path,time';
export const GOOD = [
  HEADER,
  '1,a.example,200,GET,/index.html,2015-05-17T10:00:00Z',
  '2,b.example,404,POST,/api/v1,2015-05-17T23:00:00Z',
  '3,a.example,,GET,,2015-05-16T08:00:00Z',
].join('\n');
export const BAD = [
  HEADER,
  '1,a.example,200,GET,/index.html,2015-05-10T10:00:00Z',
  '1,,700,DELETE,index.html,2015-05-11T10:00:00Z',
  '2,zz.example,42,GET,/x y,2015-05-12T10:00:00Z',
  '3,a.example,-1,PUT,/ok,',
].join('\n');
export const HOSTS = ['host', 'a.example', 'b.example', ''].join('\n');

/** One check of each kind over `rows` (id unique, host not null and known, status in range...). */
export const everyCheck = job('every-check', 'one check of each kind', (j) => {
  const day = j.param('date', 'date', { default: '2015-05-17' });
  const hosts = j.csv('hosts', { host: 'string' });
  const rows = j.csv('rows', ROWS_SCHEMA).check('rows', (c) => [
    c.rowCount({ min: 1, max: 3 }),
    c.notNull('host'),
    c.unique('id'),
    c.acceptedValues('method', ['GET', 'POST']),
    c.range('status', { min: 100, max: 599 }),
    c.matches('path', '/[^ ]*'),
    c.references('host', hosts, 'host'),
    c.freshness('time', { within: { hours: 30 }, of: day }),
    c.expr('status below 500', (r) => r.status.lt(500)),
  ]);
  rows.select('id', 'host').writeCsv('ids');
});

/** The same table with warn checks only: the run goes on and reports them. */
export const warnOnly = job('warn-only', 'warn checks', (j) => {
  j.csv('rows', ROWS_SCHEMA)
    .check('rows', (c) => [c.notNull(['host', 'status'], { severity: 'warn', name: 'host and status' }), c.rowCount({ tolerance: 0.5, severity: 'warn' })])
    .writeCsv('rows_out');
});

/** Writes the three CSV files into a fresh folder. */
export function checkInputs(): { dir: string; good: string; bad: string; hosts: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-checks-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, `${text}\n`);
    return p;
  };
  return { dir, good: file('good.csv', GOOD), bad: file('bad.csv', BAD), hosts: file('hosts.csv', HOSTS) };
}
