// Many files per input on the local runtime: a folder (recursive, hidden names skipped, gzip and plain parts
// mixed), a glob, a shell-expanded list and repeated --local / --input all read what the one concatenated
// file holds; rejects name the part file and its line; a path that matches no file is an input error.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, csvRows, tempDir } from './cli-harness.ts';
import { BAD_LINE, writeLogParts, type LogParts } from './log-parts-fixture.ts';

const dir = tempDir('inputs');
let parts: LogParts;
let whole: string[][];

/** Read / parsed / rejected of the logs input, as the summary prints them. */
const logsRow = (stdout: string) => stdout.split('\n').find((l) => l.startsWith('│ logs '))!.split('│').slice(2, 6).map((c) => c.trim());

async function topPages(out: string, ...inputArgs: string[]): Promise<{ rows: string[][]; stdout: string }> {
  const r = await cli(['run', 'top-pages', ...inputArgs, '--out', path.join(dir, out), '--rows', '0']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return { rows: csvRows(path.join(dir, out, 'top_pages.csv')), stdout: r.stdout };
}

beforeAll(async () => {
  parts = writeLogParts(dir);
  whole = (await topPages('whole', '--local', parts.whole)).rows;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run --local with many files', () => {
  it('a folder of gzip and plain parts reads what the concatenated file holds; hidden names are skipped', async () => {
    expect(whole.length).toBe(10);
    const r = await topPages('folder', '--local', parts.folder);
    expect(r.rows).toEqual(whole);
    expect(logsRow(r.stdout)).toEqual([`${parts.folder} (4 files)`, '2,001', '2,000', '1']);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'folder', '_emr-jobs.json'), 'utf8'));
    expect(manifest.inputs[0].path).toBe(parts.folder);
    expect(manifest.inputs[0].files.map((f: string) => path.relative(parts.folder, f))).toEqual(['part-00000.gz', 'part-00001', 'part-00002', 'sub/part-00003']);
  });

  it('rejects name the part file and its line, in the rejects file and the summary', async () => {
    const r = await topPages('rejects', '--local', parts.folder);
    const rejects = readFileSync(path.join(dir, 'rejects', '_rejects', 'logs.rejects'), 'utf8').trimEnd().split('\n');
    expect(rejects).toEqual([`${parts.rejectPart}:${parts.rejectLine}\tno-match\t${BAD_LINE}`]);
    expect(r.stdout).toContain(`logs: first rejected line at ${parts.rejectPart}:${parts.rejectLine}\n`);
  });

  it('a shell-expanded list and repeated --local flags read every file named', async () => {
    const f = (n: string) => path.join(parts.folder, n);
    const expanded = await topPages('expanded', '--local', f('part-00000.gz'), f('part-00001'), f('part-00002'), f('sub'));
    expect(expanded.rows).toEqual(whole);
    expect(logsRow(expanded.stdout).slice(1)).toEqual(['2,001', '2,000', '1']);
    const repeated = await topPages('repeated', '--local', f('part-00000.gz'), '--local', f('part-00001'), '--local', f('part-00002'), '--local', f('sub'));
    expect(repeated.rows).toEqual(whole);
    // Only the first two parts: a different answer, so every --local counts.
    const two = await topPages('two', '--local', f('part-00000.gz'), '--local', f('part-00001'));
    expect(logsRow(two.stdout).slice(1)).toEqual(['1,100', '1,100', '0']);
  });

  it('a quoted glob and a repeated --input name= read the files they match', async () => {
    const glob = await topPages('glob', '--local', `${parts.folder}/**/part-*`);
    expect(glob.rows).toEqual(whole);
    expect(logsRow(glob.stdout).slice(1)).toEqual(['2,001', '2,000', '1']);
    const named = await topPages('named', '--input', `logs=${parts.folder}/part-0000[01]*`, '--input', `logs=${parts.folder}/part-00002`, '--input', `logs=${parts.folder}/sub`);
    expect(named.rows).toEqual(whole);
  });

  it('a glob or folder that matches no file is an input error naming it; nothing is written', async () => {
    const out = path.join(dir, 'none');
    const glob = await cli(['run', 'top-pages', '--local', `${parts.folder}/*.bz2`, '--out', out]);
    expect(glob.code).toBe(2);
    expect(glob.stderr).toContain(`${parts.folder}/*.bz2: input error: the glob matches no file`);
    const markerOnly = path.join(dir, 'marker-only');
    mkdirSync(path.join(markerOnly, '.cache'), { recursive: true });
    writeFileSync(path.join(markerOnly, '_SUCCESS'), '');
    writeFileSync(path.join(markerOnly, '.cache', 'part-0'), readFileSync(parts.whole));
    const hiddenOnly = await cli(['run', 'top-pages', '--local', markerOnly, '--out', out]);
    expect(hiddenOnly.code).toBe(2);
    expect(hiddenOnly.stderr).toContain(`${markerOnly}: input error: no file in this folder`);
    const missing = await cli(['run', 'top-pages', '--local', parts.whole, '--local', path.join(dir, 'nope.log'), '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${path.join(dir, 'nope.log')}: input error: no such file or folder (input 'logs')`);
    expect(() => readFileSync(path.join(out, 'top_pages.csv'))).toThrow();
  });
});
