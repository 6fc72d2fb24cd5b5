// A job whose description, column names, string literals and data hold ANSI escapes and other control
// characters: generated scripts and everything printed to the terminal carry them escaped (`\u001b`), never raw.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { printErrors } from '../../cli/error-printer.ts';
import { planTreeText } from '../../cli/plan-tree-printer.ts';
import { renderTable } from '../../cli/table-printer.ts';
import { job, lit } from '../../dsl/index.ts';
import { JobError } from '../../plan/index.ts';
import { cli, ROOT, tempDir } from './cli-harness.ts';

/** Any control character but the line feed that ends lines, and the bidirectional overrides. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const dir = tempDir('controls');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let file: string;
let input: string;

beforeAll(() => {
  mkdirSync(path.join(dir, 'jobs'), { recursive: true });
  writeFileSync(path.join(dir, 'jobs', 'package.json'), '{ "type": "module" }\n');
  // The job file itself is plain ASCII: the control characters are JavaScript escapes in it.
  file = path.join(dir, 'jobs', 'hostile-text.ts');
  writeFileSync(
    file,
    [
      `import { job, lit } from ${JSON.stringify(path.join(ROOT, 'dsl', 'index.ts'))};`,
      '',
      "export default job('hostile-text', 'clears \\u001b[2J the screen \\u0007 and \\u202e reverses', (j) => {",
      "  j.csv('rows', { 'name\\u001b[31m': 'string', v: 'int' })",
      "    .select((r) => ({ 'name\\u001b[31m': r['name\\u001b[31m'], tagged: r['name\\u001b[31m'].concat(lit('\\u001b]0;title\\u0007')), v: r.v }))",
      "    .writeCsv('rows_out');",
      '});',
      '',
    ].join('\n'),
  );
  input = path.join(dir, 'rows.csv');
  writeFileSync(input, '"name\u001b[31m",v\n"a\u001b[1mbold",1\n"b\u0000\u0008",2\n');
});

describe('control characters never reach the terminal or a script raw', () => {
  it.each([[[]], [['--emit', 'pig']], [['--emit', 'pyspark']], [['--json']]])('explain %j', async (extra) => {
    const r = await cli(['explain', file, ...extra]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stderr).toBe('');
    if (extra.length === 0) {
      expect(r.stdout).toContain('hostile-text: clears \\u001b[2J the screen \\u0007 and \\u202e reverses');
      expect(r.stdout).toContain('name\\u001b[31m: string');
    }
    if (extra[1] === 'pig') expect(r.stdout).toContain('-- job hostile-text: clears \\\\u001b[2J the screen');
    if (extra[1] === 'pyspark') expect(r.stdout).toContain('# hostile-text: clears \\u001b[2J the screen');
  }, 180_000);

  it('compile writes scripts without raw control characters', async () => {
    const out = path.join(dir, 'bundle');
    const r = await cli(['compile', file, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    for (const f of readdirSync(out)) expect(readFileSync(path.join(out, f), 'utf8'), f).not.toMatch(RAW);
  }, 180_000);

  it('run prints its summary and preview with the data and names escaped', async () => {
    const r = await cli(['run', file, '--local', input, '--out', path.join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('name\\u001b[31m');
    expect(r.stdout).toContain('a\\u001b[1mbold');
    expect(r.stdout).toContain('b\\u0000\\u0008');
  }, 180_000);
});

describe('the printers', () => {
  const written: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    written.length = 0;
  });

  it('error lines escape control characters in the message', () => {
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (written.push(String(s)), true));
    printErrors([new JobError('plan', "column 'x\u001b[2J' is bad\u0007", { file: 'jobs/a.ts', line: 3, column: 5 })]);
    expect(written).toEqual(["jobs/a.ts:3:5: plan error: column 'x\\u001b[2J' is bad\\u0007\n"]);
  });

  it('tables escape heads and cells; the explain tree escapes names and literals', () => {
    const table = renderTable(['col\u001b[0m'], [['\u001b[31mred'], ['\u009b6n']]);
    expect(table).not.toMatch(RAW);
    expect(table).toContain('\\u001b[31mred');
    expect(table).toContain('col\\u001b[0m');
    const plan = job('tree', 'x', (j) => {
      j.csv('t', { 'c\u001b': 'string' }).filter((r) => r['c\u001b'].eq(lit('\u0007'))).writeCsv('o');
    }).plan();
    const tree = planTreeText(plan);
    expect(tree).not.toMatch(RAW);
    expect(tree).toContain('\\u0007');
  });
});
