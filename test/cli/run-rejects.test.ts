// The acceptance case: 1,000 lines of random garbage through access-log-to-csv. Every line is rejected, so by
// default the run fails (the rejection policy); with --max-reject-rate 1 it succeeds with every line in the
// rejects file; with --max-rejects 10 it fails as soon as the 11th line is rejected.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_LINE_PATTERNS } from '../../plan/index.ts';
import { cli, csvRows, prng, tempDir } from './cli-harness.ts';

const dir = tempDir('garbage');
const input = path.join(dir, 'garbage.log');
const ALPHABET = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~éß日本😀';
let garbage: string[];

beforeAll(() => {
  const rnd = prng(20150517);
  const chars = [...ALPHABET];
  garbage = Array.from({ length: 1000 }, () => {
    const len = 1 + Math.floor(rnd() * 160);
    const s = Array.from({ length: len }, () => chars[Math.floor(rnd() * chars.length)]).join('');
    return s.trim() === '' ? `x${s}` : s; // never a blank line
  });
  writeFileSync(input, `${garbage.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('1,000 lines of garbage through access-log-to-csv', () => {
  it('no generated line happens to be a valid log line', () => {
    const re = new RegExp(LOG_LINE_PATTERNS.combined!.regex);
    expect(garbage.filter((l) => re.test(l))).toEqual([]);
  });

  it('by default: exit 1, one line naming the file, the reasons and a hint', async () => {
    const r = await cli(['run', 'access-log-to-csv', '--local', input, '--out', path.join(dir, 'out-default')]);
    expect(r.code).toBe(1);
    const err = r.stderr.replace(/\n$/, '');
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toContain(`input 'logs' (${input}): all 1,000 lines rejected (no-match: 1,000)`);
    expect(err).toContain('--max-reject-rate 1 accepts it');
    expect(r.stdout).toBe('');
  }, 240_000);

  it('with --max-reject-rate 1: exit 0, every line in the rejects file (file:line, reason, raw text), an empty output', async () => {
    const out = path.join(dir, 'out');
    // top-pages has no checks: access-log-to-csv's own would stop its empty output (the test below).
    const r = await cli(['run', 'top-pages', '--local', input, '--out', out, '--max-reject-rate', '1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('│ logs '))!;
    expect(row.split('│').slice(3, 6).map((c) => c.trim())).toEqual(['1,000', '0', '1,000']);
    const rejects = readFileSync(path.join(out, '_rejects', 'logs.rejects'), 'utf8').trimEnd().split('\n');
    expect(rejects).toHaveLength(1000);
    rejects.forEach((line, i) => {
      const [where, reason, raw] = line.split('\t');
      expect(where).toBe(`${input}:${i + 1}`);
      expect(reason).toMatch(/^no-match/);
      expect(raw).toBe(garbage[i]); // the alphabet has no tab or line break, so nothing is escaped
    });
    expect(csvRows(path.join(out, 'top_pages.csv'))).toEqual([]);
  }, 240_000);

  it('with --max-rejects 10: exit 1 and ONE line on stderr naming the file', async () => {
    const r = await cli(['run', 'access-log-to-csv', '--local', input, '--out', path.join(dir, 'out-max'), '--max-rejects', '10']);
    expect(r.code).toBe(1);
    const err = r.stderr.replace(/\n$/, '');
    expect(err.split('\n')).toHaveLength(1);
    expect(err).toContain(input);
    expect(err).toMatch(/input error: .*more than --max-rejects 10/);
    expect(r.stdout).toBe('');
  }, 240_000);

  it('with --max-rejects 1000 the same file still fails (every line rejected); with --max-reject-rate 1 too, its check stops the empty output', async () => {
    const base = ['run', 'access-log-to-csv', '--local', input, '--max-rejects', '1000', '--rows', '0'];
    const failed = await cli([...base, '--out', path.join(dir, 'out-1000')]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('all 1,000 lines rejected');
    const out = path.join(dir, 'out-1000-1');
    const r = await cli([...base, '--out', out, '--max-reject-rate', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("check 'requests not empty' (rowCount, error) on requests at jobs/access-log-to-csv.ts:9 failed: 0 rows");
    expect(existsSync(path.join(out, 'requests.csv'))).toBe(false);
  }, 240_000);
});
