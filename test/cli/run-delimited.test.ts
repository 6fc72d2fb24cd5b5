// A Pig user's TSV through `emr-jobs run`: two of the nine NYSE_daily columns (../shared/data/pig/
// programmingpig, public domain, read in place) with quote 'none' and extraFields 'ignore'. Locally every
// one of its 57,391 lines is read and none rejected; Pig and Spark give the same counts over an excerpt.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, csvHeader, csvRows, ROOT, tempDir } from './cli-harness.ts';
import { esmDir, writeJobFile } from './job-file-fixture.ts';
import { NYSE_DAILY, nyseExcerpt } from '../codegen/pig/support/delimited-cases.ts';

const SHARED = path.join(ROOT, '../shared/data');
const DAILY = path.join(SHARED, NYSE_DAILY);
const dir = tempDir('delimited');
let jobFile = '';
beforeAll(() => {
  esmDir(dir);
  jobFile = writeJobFile(path.join(dir, 'esm'), 'nyse-symbols', [
    "export default job('nyse-symbols', 'trading days per exchange and symbol', (j) => {",
    "  j.csv('daily', { exchange: 'string', symbol: 'string' }, { header: false, delimiter: '\\t', quote: 'none', extraFields: 'ignore' })",
    "    .groupBy('exchange', 'symbol')",
    '    .agg(() => ({ days: count() }))',
    "    .orderBy('exchange', 'symbol')",
    "    .writeCsv('per_symbol');",
    '});',
  ], 'quote').file;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Days per exchange and symbol worked out from the file's text by hand. */
function perSymbol(text: string): string[][] {
  const counts = new Map<string, number>();
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const [exchange, symbol] = line.split('\t');
    counts.set(`${exchange}\t${symbol}`, (counts.get(`${exchange}\t${symbol}`) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => [...k.split('\t'), String(n)]);
}

const inputRow = (stdout: string) => stdout.split('\n').find((l) => l.startsWith('│ daily '))!.split('│').slice(3, 6).map((c) => c.trim());

describe('a 2-column schema over the 9-column NYSE_daily TSV', () => {
  it('reads every line on the local runtime: 57,391 read, 0 rejected', async () => {
    const out = path.join(dir, 'local');
    const r = await cli(['run', jobFile, '--local', DAILY, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(inputRow(r.stdout)).toEqual(['57,391', '57,391', '0']);
    const csv = path.join(out, 'per_symbol.csv');
    expect(csvHeader(csv)).toEqual(['exchange', 'symbol', 'days']);
    expect(csvRows(csv)).toEqual(perSymbol(readFileSync(DAILY, 'utf8')));
  }, 120_000);

  it.each(['pig', 'spark'] as const)('reads every line of an excerpt on %s', async (engine) => {
    const excerpt = path.join(dir, `nyse-excerpt-${engine}.tsv`);
    writeFileSync(excerpt, nyseExcerpt(SHARED, 1000));
    const out = path.join(dir, engine);
    const r = await cli(['run', jobFile, '--local', excerpt, '--out', out, '--engine', engine]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(inputRow(r.stdout)).toEqual(['1,000', '1,000', '0']);
    expect(csvRows(path.join(out, 'per_symbol.csv'))).toEqual(perSymbol(readFileSync(excerpt, 'utf8')));
  }, 300_000);
});
