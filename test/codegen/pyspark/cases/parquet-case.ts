// Parquet round trips: the same job writes Parquet on each engine (NYSE_daily's nine columns, and JSON events
// with every other type), and reads back a Parquet folder the runtime wrote.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { job } from '../../../../dsl/index.ts';
import { runPlan } from '../../../../runtime/index.ts';
import { EVENTS_JSONL } from './io-case.ts';

/** Programming Pig's NYSE_daily (public domain; read in place, ../shared/data/README.md). */
export const NYSE_DAILY = '../shared/data/pig/programmingpig/NYSE_daily';
export const NYSE_COLUMNS = {
  exchange: 'string', symbol: 'string', date: 'string', open: 'double', high: 'double', low: 'double', close: 'double', volume: 'long', adj_close: 'double',
} as const;
export const EVENT_COLUMNS = { id: 'int', name: 'string', score: 'double', ok: 'boolean', at: 'timestamp', day: 'date', big: 'long' } as const;

/** Writes Parquet from the tab-separated NYSE excerpt and the JSON events. */
export const parquetWriteJob = job('parquet-write', 'NYSE_daily and events as Parquet', (j) => {
  j.csv('nyse', NYSE_COLUMNS, { header: false, delimiter: '\t' }).writeParquet('nyse_pq');
  j.jsonLines('events', EVENT_COLUMNS).writeParquet('events_pq');
});

/** Writes Parquet as parquetWriteJob does, and reads back the runtime's Parquet folders as CSV. */
export const parquetJob = job('parquet-round-trip', 'Parquet written and read back', (j) => {
  j.csv('nyse', NYSE_COLUMNS, { header: false, delimiter: '\t' }).writeParquet('nyse_pq');
  j.jsonLines('events', EVENT_COLUMNS).writeParquet('events_pq');
  j.parquet('nyse_back', NYSE_COLUMNS).writeCsv('nyse_rows');
  // A subset of the columns, in another order: found by name.
  j.parquet('events_back', { big: 'long', at: 'timestamp', id: 'int', day: 'date', ok: 'boolean', score: 'double', name: 'string' }).writeCsv('events_rows');
});

/**
 * The fixture files (an excerpt of NYSE_daily: every 200th line, 287 rows), and the runtime's Parquet
 * output of parquetWriteJob over them, as the inputs of parquetJob.
 */
export async function parquetInputs(dir: string, root: string): Promise<Record<string, string>> {
  const lines = readFileSync(path.join(root, NYSE_DAILY), 'utf8').split('\n').filter((l, i) => l !== '' && i % 200 === 0);
  const nyse = path.join(dir, 'nyse.tsv');
  writeFileSync(nyse, `${lines.join('\n')}\n`);
  const events = path.join(dir, 'events.jsonl');
  writeFileSync(events, EVENTS_JSONL);
  const outDir = path.join(dir, 'runtime-parquet');
  await runPlan(parquetWriteJob.plan(), { nyse, events }, { outDir });
  return { nyse, events, nyse_back: path.join(outDir, 'nyse_pq'), events_back: path.join(outDir, 'events_pq') };
}
