// `emr-jobs engines status`: reads what the installer left, without starting an engine.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from './cli-harness.ts';

const empty = tempDir('no-engines');
afterAll(() => rmSync(empty, { recursive: true, force: true }));

const row = (stdout: string, engine: string) =>
  stdout
    .split('\n')
    .find((l) => l.startsWith(`│ ${engine} `))
    ?.split('│')
    .slice(1, -1)
    .map((c) => c.trim());

describe('emr-jobs engines status', () => {
  it('reports the installed engines with the versions pinned in engines/', async () => {
    const r = await cli(['engines', 'status']);
    expect(r.code).toBe(0);
    const pinned = readFileSync(path.join(ROOT, 'engines', 'requirements.txt'), 'utf8');
    const spark = /pyspark==(\S+)/.exec(pinned)![1];
    expect(row(r.stdout, 'spark')?.slice(0, 3)).toEqual(['spark', 'yes', spark]);
    expect(row(r.stdout, 'pig')?.[2]).toMatch(/^0\.17\.0 \(hadoop [\d.]+\)$/);
    expect(row(r.stdout, 'java')?.[1]).toBe('yes');
  }, 180_000);

  it('says "no" for engines missing from the engines folder, and still exits 0', async () => {
    const r = await cli(['engines', 'status'], { EMR_JOBS_ENGINES_DIR: path.join(empty, 'none') });
    expect(r.code).toBe(0);
    expect(row(r.stdout, 'pig')?.[1]).toBe('no');
    expect(row(r.stdout, 'spark')?.[1]).toBe('no');
  }, 180_000);
});
