// The runtime given a folder or a list of files for an input: the same rows as the concatenated file, hidden
// names skipped, rejects and --max-rejects citing the part file and its own line numbers.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import topPages from '../../jobs/top-pages.ts';
import { JobError } from '../../plan/index.ts';
import { runPlan } from '../../runtime/index.ts';
import { walkFolder } from '../../runtime/input-folder.ts';
import { BAD_LINE, writeLogParts, type LogParts } from '../cli/log-parts-fixture.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-many-inputs-'));
let parts: LogParts;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  parts = writeLogParts(dir);
});

const out = (name: string) => path.join(dir, 'out', name);
const rows = (name: string) => readFileSync(path.join(out(name), 'top_pages.csv'), 'utf8');

describe('many-file inputs on the runtime', () => {
  it('lists a folder as Hadoop does: recursively, names starting with _ or . skipped, sorted', () => {
    expect(walkFolder(parts.folder)).toEqual(['part-00000.gz', 'part-00001', 'part-00002', 'sub/part-00003']);
  });

  it('a folder and the same files as a list give what the concatenated file gives', async () => {
    const whole = await runPlan(topPages.plan(), { logs: parts.whole }, { outDir: out('whole') });
    const folder = await runPlan(topPages.plan(), { logs: parts.folder }, { outDir: out('folder') });
    const files = walkFolder(parts.folder).map((f) => path.join(parts.folder, f));
    const list = await runPlan(topPages.plan(), { logs: files }, { outDir: out('list'), batchSize: 97 });
    expect(rows('folder')).toBe(rows('whole'));
    expect(rows('list')).toBe(rows('whole'));
    for (const r of [whole, folder, list]) expect([r.inputs[0].rowsRead, r.inputs[0].rejected]).toEqual([2001, 1]);
    expect(folder.inputs[0].path).toBe(parts.folder);
    expect(folder.inputs[0].firstReject).toBe(`${parts.rejectPart}:${parts.rejectLine}`);
    expect(whole.inputs[0].firstReject).toBe(`${parts.whole}:${1400 + parts.rejectLine}`);
    expect(readFileSync(path.join(out('list'), '_rejects', 'logs.rejects'), 'utf8')).toBe(`${parts.rejectPart}:${parts.rejectLine}\tno-match\t${BAD_LINE}\n`);
  });

  it('--max-rejects names the part file and line of the first reject', async () => {
    const err = await runPlan(topPages.plan(), { logs: parts.folder }, { outDir: out('max'), maxRejects: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobError);
    expect((err as JobError).where).toEqual({ file: parts.rejectPart, line: parts.rejectLine });
    expect((err as JobError).message).toContain(`input 'logs' (${parts.rejectPart}): 1 lines rejected`);
  });

  it('a folder with no file to read is an input error naming it', async () => {
    const empty = path.join(dir, 'marker-only');
    mkdirSync(path.join(empty, '.cache'), { recursive: true });
    writeFileSync(path.join(empty, '_SUCCESS'), '');
    writeFileSync(path.join(empty, '.cache', 'part-0'), readFileSync(parts.whole));
    const err = await runPlan(topPages.plan(), { logs: empty }, { outDir: out('none') }).catch((e: unknown) => e);
    expect((err as JobError).message).toBe(`input 'logs': no file in the folder ${empty} (names starting with _ or . are skipped)`);
  });
});
