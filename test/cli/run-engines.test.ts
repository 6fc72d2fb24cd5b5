// `run --engine pig|spark` on the real local engines: outputs gathered into the runtime's layout and
// equal to the results computed from the raw log; a missing engine is exit 2 with how to install it.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOG_LINE_PATTERNS } from '../../plan/index.ts';
import { parsedLines, rawLines, statusByHost, topPages } from './apache-log-oracle.ts';
import { APACHE_LOGS, cli, csvHeader, csvRows, HOSTS_CSV, tempDir } from './cli-harness.ts';
import { BAD_LINE, writeLogParts } from './log-parts-fixture.ts';

const out = tempDir('engines');
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.each(['pig', 'spark'] as const)('run --engine %s', (engine) => {
  it('top-pages: one top_pages.csv with one header and the rows computed from the raw log', async () => {
    const dir = path.join(out, `${engine}-top`);
    const r = await cli(['run', 'top-pages', '--local', APACHE_LOGS, '--out', dir, '--engine', engine, '--rows', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['_SUCCESS', '_emr-jobs.json', '_rejects', 'top_pages.csv']);
    // The script's own rejects: the same counts as the local runtime (the shared log has one truncated line).
    const row = r.stdout.split('\n').find((l) => l.startsWith('│ logs '))!;
    expect(row.split('│').slice(3, 6).map((c) => c.trim())).toEqual(['10,000', '9,999', '1']);
    expect(readdirSync(path.join(dir, '_rejects'))).toEqual(['logs.rejects']);
    // Cited as the runtime cites it: the file as given, the line number, the reason, the raw line.
    const re = new RegExp(LOG_LINE_PATTERNS.combined!.regex);
    const expected = rawLines().flatMap((l, i) => (re.test(l) ? [] : [`${APACHE_LOGS}:${i + 1}\tno-match\t${l}\n`]));
    expect(readFileSync(path.join(dir, '_rejects', 'logs.rejects'), 'utf8')).toBe(expected.join(''));
    const csv = path.join(dir, 'top_pages.csv');
    expect(csvHeader(csv)).toEqual(['path', 'hits', 'bytes']);
    expect(csvRows(csv)).toEqual(topPages(parsedLines()));
    expect(r.stdout).toContain(`done on ${engine} in`);
    expect(r.stdout).toContain('top_pages: first 2 of 10 rows');
  }, 300_000);

  it('status-by-host: two inputs (--local and --input), a join and a sort; --max-rejects applies here too', async () => {
    const dir = path.join(out, `${engine}-hosts`);
    const r = await cli(['run', 'status-by-host', '--local', APACHE_LOGS, '--input', `hosts=${HOSTS_CSV}`, '--out', dir, '--engine', engine, '--max-rejects', '5']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const row = r.stdout.split('\n').find((l) => l.startsWith('│ hosts '))!;
    expect(row.split('│')[5].trim()).toBe('0');
    expect(csvRows(path.join(dir, 'status_by_host.csv'))).toEqual(statusByHost(parsedLines()));
  }, 300_000);

  it('a folder of gzip and plain parts (nested, beside hidden files) gives what the concatenated file gives', async () => {
    // Every gzip part named .gz: the engine is given the folder itself and lists it as on S3.
    const parts = writeLogParts(path.join(out, `${engine}-parts`), { misnamedGzip: false });
    const local = path.join(out, `${engine}-parts-local`);
    expect((await cli(['run', 'top-pages', '--local', parts.whole, '--out', local, '--rows', '0'])).code).toBe(0);
    const localParts = path.join(out, `${engine}-parts-local-folder`);
    expect((await cli(['run', 'top-pages', '--local', parts.folder, '--out', localParts, '--rows', '0'])).code).toBe(0);
    const dir = path.join(out, `${engine}-parts-out`);
    const r = await cli(['run', 'top-pages', '--local', parts.folder, '--out', dir, '--engine', engine, '--rows', '0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('│ logs '))!;
    expect(row.split('│').slice(3, 6).map((c) => c.trim())).toEqual(['2,001', '2,000', '1']);
    expect(csvRows(path.join(dir, 'top_pages.csv'))).toEqual(csvRows(path.join(local, 'top_pages.csv')));
    // The same rejects as the runtime's on the folder: the part file, its line, the reason and the text.
    const rejects = (d: string) => readFileSync(path.join(d, '_rejects', 'logs.rejects'), 'utf8');
    expect(rejects(dir)).toBe(`${parts.rejectPart}:${parts.rejectLine}\tno-match\t${BAD_LINE}\n`);
    expect(rejects(dir)).toBe(rejects(localParts));
  }, 300_000);

  it('a missing engine exits 2 with how to install it', async () => {
    const r = await cli(['run', 'top-pages', '--local', APACHE_LOGS, '--out', path.join(out, `${engine}-missing`), '--engine', engine], {
      EMR_JOBS_ENGINES_DIR: path.join(out, 'no-engines-here'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/engine error: .*not available.*emr-jobs engines install/);
  }, 240_000);
});
