// The rejection policy on every engine (an input rejected entirely, or beyond the rate, fails the run with
// one line naming it, its reasons and a hint), engine runs reporting the same read / parsed / rejected as
// local, and compressed inputs told by their first bytes (gzip read, bzip2 and zstd refused).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APACHE_LOGS, cli, csvRows, prng, ROOT, tempDir } from './cli-harness.ts';

const dir = tempDir('policy');
const DSL = path.join(ROOT, 'dsl', 'index.ts');
const file = (name: string) => path.join(dir, name);
const ALB_JOB = file('esm/alb-requests.ts');
const NARROW_JOB = file('esm/narrow-tsv.ts');

/** The shared log with a few lines broken: no match (text, a status or byte count not a number, empty), a bad time. */
const MUTATIONS: Record<number, (l: string) => string> = {
  10: () => 'not a log line',
  20: (l) => l.replace(/" (\d{3}) (\d+|-) /, '" 2OO $2 '),
  30: (l) => l.replace(/\[\d\d\/\w{3}\//, '[32/Foo/'),
  40: (l) => l.replace(/ (\d+) "/, ' 12x "'),
  50: () => '',
};

beforeAll(() => {
  mkdirSync(file('esm'), { recursive: true });
  writeFileSync(file('esm/package.json'), '{ "type": "module" }\n');
  writeFileSync(ALB_JOB, `import { job } from ${JSON.stringify(DSL)};\nexport default job('alb-requests', 'ALB requests', (j) => {\n  j.albLog('logs').writeCsv('requests');\n});\n`);
  writeFileSync(
    NARROW_JOB,
    `import { job } from ${JSON.stringify(DSL)};\nexport default job('narrow-tsv', 'two columns', (j) => {\n` +
      `  j.csv('t', { a: 'string', b: 'string' }, { delimiter: '\\t', header: false }).writeCsv('rows');\n});\n`,
  );
  writeFileSync(file('wide.tsv'), Array.from({ length: 40 }, (_, i) => Array.from({ length: 9 }, (_, k) => `r${i}c${k}`).join('\t')).join('\n') + '\n');
  const rnd = prng(7);
  writeFileSync(file('random.bin'), Buffer.from(Array.from({ length: 64 * 1024 }, () => Math.floor(rnd() * 256)).map((b) => (b === 0x1f || b === 0x42 || b === 0x28 ? 0 : b))));
  const lines = readFileSync(path.join(ROOT, APACHE_LOGS), 'utf8').split('\n');
  const mutated = lines.map((l, i) => (MUTATIONS[i + 1] ? MUTATIONS[i + 1](l) : l));
  writeFileSync(file('mutated.log'), mutated.join('\n'));
  writeFileSync(file('logs.gz'), gzipSync(readFileSync(path.join(ROOT, APACHE_LOGS))));
  writeFileSync(file('logs-gzip-no-ext'), readFileSync(file('logs.gz')));
  writeFileSync(file('logs.zst'), Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x00, 0x00]));
  try {
    writeFileSync(file('logs.bz2'), execFileSync('bzip2', ['-c', path.join(ROOT, APACHE_LOGS)], { maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] }));
  } catch {
    // No bzip2 here: the magic bytes and a block header are what the reader looks at.
    writeFileSync(file('logs.bz2'), Buffer.from('BZh91AY&SY\x00\x00', 'latin1'));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The input table's row for `input`: [read, parsed, rejected, reasons]. */
function inputRow(stdout: string, input: string): string[] {
  const row = stdout.split('\n').find((l) => l.startsWith(`│ ${input} `));
  if (!row) throw new Error(`no input row for '${input}' in:\n${stdout}`);
  return row.split('│').slice(3, 7).map((c) => c.trim());
}

const oneLine = (stderr: string) => {
  const lines = stderr.replace(/\n$/, '').split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
};

describe('rejection policy (local)', () => {
  it('an access log fed to an ALB job: exit 1, one line naming the input, its reasons and a hint', async () => {
    const r = await cli(['run', ALB_JOB, '--local', APACHE_LOGS, '--out', file('out-alb'), '--rows', '0']);
    expect(r.code).toBe(1);
    const err = oneLine(r.stderr);
    expect(err).toContain(`input 'logs' (${APACHE_LOGS})`);
    expect(err).toContain('all 10,000 lines rejected (no-match: 10,000)');
    expect(err).toMatch(/wrong log format .*compressed or binary file/);
    expect(err).toContain('--max-reject-rate 1 accepts it');
  }, 120_000);

  it('--max-reject-rate 1 lets the same run pass with 0 rows', async () => {
    const out = file('out-alb-1');
    const r = await cli(['run', ALB_JOB, '--local', APACHE_LOGS, '--out', out, '--rows', '0', '--max-reject-rate', '1']);
    expect(r.code).toBe(0);
    expect(inputRow(r.stdout, 'logs')).toEqual(['10,000', '0', '10,000', 'no-match: 10,000']);
    expect(csvRows(path.join(out, 'requests.csv'))).toEqual([]);
  }, 120_000);

  it('a 2-column TSV schema over a 9-column file: wrong-field-count and a delimiter hint', async () => {
    const r = await cli(['run', NARROW_JOB, '--local', file('wide.tsv'), '--out', file('out-narrow'), '--rows', '0']);
    expect(r.code).toBe(1);
    const err = oneLine(r.stderr);
    expect(err).toContain(`input 't' (${file('wide.tsv')}): all 40 lines rejected (wrong-field-count: 40)`);
    expect(err).toContain('wrong delimiter');
  }, 120_000);

  it('random bytes through access-log-to-csv fail the same way', async () => {
    const r = await cli(['run', 'access-log-to-csv', '--local', file('random.bin'), '--out', file('out-random'), '--rows', '0']);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toMatch(/input 'logs' .*random\.bin\): all [\d,]+ lines rejected \(no-match: [\d,]+\)/);
  }, 120_000);

  it('the rate: more than 10% rejected fails by default; --max-reject-rate and --max-rejects set the limit', async () => {
    const head = readFileSync(file('mutated.log'), 'utf8').split('\n').slice(0, 30).join('\n');
    writeFileSync(file('head.log'), `${head}\njunk\n`); // 31 lines, 4 rejected: 12.9%
    const base = ['run', 'access-log-to-csv', '--local', file('head.log'), '--rows', '0'];
    const failed = await cli([...base, '--out', file('out-rate')]);
    expect(failed.code).toBe(1);
    expect(oneLine(failed.stderr)).toMatch(/4 of 31 lines rejected \(12\.9%\) \(no-match: 3, bad-time: 1\); .*more than the default 10%/);
    expect(oneLine(failed.stderr)).toMatch(new RegExp(`; first rejected line: ${file('head.log').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+;`));
    // The failed run committed no output but kept its rejected lines, and says where.
    expect(oneLine(failed.stderr)).toContain(`the rejected lines are in ${file('out-rate')}/_rejects.failed/`);
    expect(existsSync(file('out-rate/_SUCCESS'))).toBe(false);
    expect(readFileSync(file('out-rate/_rejects.failed/logs.rejects'), 'utf8').trim().split('\n')).toHaveLength(4);
    // A run that succeeds into the same folder commits its own rejects and removes the failed run's.
    expect((await cli([...base, '--out', file('out-rate'), '--max-reject-rate', '0.2'])).code).toBe(0);
    expect(existsSync(file('out-rate/_rejects.failed'))).toBe(false);
    expect(readFileSync(file('out-rate/_rejects/logs.rejects'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect((await cli([...base, '--out', file('out-rate2'), '--max-reject-rate', '0.2'])).code).toBe(0);
    expect((await cli([...base, '--out', file('out-rate3'), '--max-rejects', '4'])).code).toBe(0);
    const both = await cli([...base, '--out', file('out-rate4'), '--max-rejects', '4', '--max-reject-rate', '0.1']);
    expect(both.code).toBe(1);
    expect(oneLine(both.stderr)).toContain('more than --max-reject-rate 0.1');
  }, 240_000);

  it('a bad --max-reject-rate is a usage error', async () => {
    const r = await cli(['run', 'top-pages', '--local', APACHE_LOGS, '--max-reject-rate', '1.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected a fraction from 0 to 1');
  }, 60_000);

  it('the bundled sample (1 truncated line in 10,000) passes', async () => {
    const r = await cli(['run', 'top-pages', '--local', APACHE_LOGS, '--out', file('out-sample'), '--rows', '0']);
    expect(r.code).toBe(0);
    expect(inputRow(r.stdout, 'logs')).toEqual(['10,000', '9,999', '1', 'no-match: 1']);
  }, 120_000);
});

describe('compressed inputs (local)', () => {
  it('gzip is read by its magic bytes, with or without a .gz name, equal to the plain file', async () => {
    const plain = await cli(['run', 'top-pages', '--local', APACHE_LOGS, '--out', file('out-plain'), '--rows', '0']);
    const expected = csvRows(path.join(file('out-plain'), 'top_pages.csv'));
    for (const f of ['logs.gz', 'logs-gzip-no-ext']) {
      const out = file(`out-${f}`);
      const r = await cli(['run', 'top-pages', '--local', file(f), '--out', out, '--rows', '0']);
      expect(r.code, r.stderr).toBe(0);
      expect(inputRow(r.stdout, 'logs')).toEqual(inputRow(plain.stdout, 'logs'));
      expect(csvRows(path.join(out, 'top_pages.csv'))).toEqual(expected);
    }
  }, 240_000);

  it.each([
    ['logs.bz2', 'bzip2-compressed; decompress it first (bunzip2) or use gzip'],
    ['logs.zst', 'zstd-compressed; decompress it first (zstd -d) or use gzip'],
  ])('%s is refused: exit 2 before any output, one line naming the file', async (name, why) => {
    for (const engine of ['local', 'pig', 'spark']) {
      const out = file(`out-${name}-${engine}`);
      const r = await cli(['run', 'top-pages', '--local', file(name), '--out', out, '--engine', engine]);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toContain(`input 'logs' (${file(name)}): ${why}`);
      expect(existsSync(out)).toBe(false);
    }
  }, 120_000);
});

describe.each(['pig', 'spark'] as const)('--engine %s: rejects counted by the script, the same policy', (engine) => {
  it('a log with a few broken lines: read / parsed / rejected and reasons equal to local', async () => {
    const local = await cli(['run', 'top-pages', '--local', file('mutated.log'), '--out', file(`out-mut-local-${engine}`), '--rows', '0']);
    expect(local.code).toBe(0);
    expect(inputRow(local.stdout, 'logs')).toEqual(['10,000', '9,994', '6', 'no-match: 5, bad-time: 1']);
    const out = file(`out-mut-${engine}`);
    const r = await cli(['run', 'top-pages', '--local', file('mutated.log'), '--out', out, '--rows', '0', '--engine', engine]);
    expect(r.code, r.stderr).toBe(0);
    expect(inputRow(r.stdout, 'logs')).toEqual(inputRow(local.stdout, 'logs'));
    const rejects = readFileSync(path.join(out, '_rejects', 'logs.rejects'), 'utf8').trimEnd().split('\n');
    expect(rejects.map((l) => l.split('\t')[1]).sort()).toEqual(['bad-time', 'no-match', 'no-match', 'no-match', 'no-match', 'no-match']);
    expect(rejects).toContain(`${file('mutated.log')}:10\tno-match\tnot a log line`);
    // The local rejects file line for line (file:line, reason, text); the runtime's reason may add a detail.
    const localRejects = readFileSync(path.join(file(`out-mut-local-${engine}`), '_rejects', 'logs.rejects'), 'utf8').trimEnd().split('\n');
    const reasonOnly = (l: string) => l.replace(/^([^\t]*\t[^\t:]*):[^\t]*/, '$1');
    expect(rejects).toEqual(localRejects.map(reasonOnly));
    expect(csvRows(path.join(out, 'top_pages.csv'))).toEqual(csvRows(path.join(file(`out-mut-local-${engine}`), 'top_pages.csv')));
  }, 600_000);

  it('an access log fed to an ALB job: exit 1 with the same message as local', async () => {
    const out = file(`out-alb-${engine}`);
    const r = await cli(['run', ALB_JOB, '--local', APACHE_LOGS, '--out', out, '--rows', '0', '--engine', engine]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toContain(`input 'logs' (${APACHE_LOGS}): all 10,000 lines rejected (no-match: 10,000)`);
    expect(existsSync(path.join(out, 'requests.csv'))).toBe(false);
  }, 600_000);

  it('a 2-column TSV schema over a 9-column file: exit 1, wrong-field-count', async () => {
    const r = await cli(['run', NARROW_JOB, '--local', file('wide.tsv'), '--out', file(`out-narrow-${engine}`), '--rows', '0', '--engine', engine]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toContain(`input 't' (${file('wide.tsv')}): all 40 lines rejected (wrong-field-count: 40)`);
  }, 600_000);

  it('a gzip file without a .gz name is read as gzip', async () => {
    const out = file(`out-gz-${engine}`);
    const r = await cli(['run', 'top-pages', '--local', file('logs-gzip-no-ext'), '--out', out, '--rows', '0', '--engine', engine]);
    expect(r.code, r.stderr).toBe(0);
    expect(inputRow(r.stdout, 'logs')).toEqual(['10,000', '9,999', '1', 'no-match: 1']);
    expect(csvRows(path.join(out, 'top_pages.csv'))).toHaveLength(10);
  }, 600_000);
});
