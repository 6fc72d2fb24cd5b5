// The backfill tests' input: the shared access log split into dt=YYYY-MM-DD folders by each line's own date,
// plus one day whose every line the parser rejects (a stage of it fails).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED_APACHE_LOG } from './log-parts-fixture.ts';

export const DAYS = ['2015-05-17', '2015-05-18', '2015-05-19', '2015-05-20'];
/** Every line of this day is rejected by the parser: the stage fails (more than 10% rejected). */
export const REJECTED_DAY = '2015-05-21';
const MONTHS: Record<string, string> = { May: '05' };

/** Writes `<logs>/dt=<day>/access.log` for each day of the shared log and for REJECTED_DAY; returns the log's days, sorted. */
export function writeDayFolders(logs: string): string[] {
  const byDay = new Map<string, string[]>();
  for (const line of readFileSync(SHARED_APACHE_LOG, 'utf8').split('\n').filter(Boolean)) {
    const m = /\[(\d{2})\/(\w{3})\/(\d{4}):/.exec(line)!;
    const day = `${m[3]}-${MONTHS[m[2]]}-${m[1]}`;
    byDay.set(day, [...(byDay.get(day) ?? []), line]);
  }
  for (const [day, lines] of byDay) {
    mkdirSync(path.join(logs, `dt=${day}`), { recursive: true });
    writeFileSync(path.join(logs, `dt=${day}`, 'access.log'), `${lines.join('\n')}\n`);
  }
  mkdirSync(path.join(logs, `dt=${REJECTED_DAY}`), { recursive: true });
  writeFileSync(path.join(logs, `dt=${REJECTED_DAY}`, 'access.log'), 'not an access log line\nnor this one\n');
  return [...byDay.keys()].sort();
}
