// An output named `..` (partitioned) or `../x` is refused by every command that loads the job, exit 2,
// citing the writeCsv line, before anything is written or deleted: a sentinel beside --out survives.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APACHE_LOGS, cli, ROOT, tempDir } from './cli-harness.ts';

const dir = tempDir('names');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The folder holding --out and a sentinel file beside it. */
const sandbox = path.join(dir, 'sandbox');
const out = path.join(sandbox, 'out');
const sentinel = path.join(sandbox, 'sentinel.txt');

interface HostileJob {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

function jobFile(name: string, sink: string): HostileJob {
  const lines = [
    `import { job } from ${JSON.stringify(path.join(ROOT, 'dsl', 'index.ts'))};`,
    '',
    `export default job('${name}', 'an output that would leave its folder', (j) => {`,
    `  j.accessLog('logs').select('method', 'path')${sink};`,
    '});',
    '',
  ];
  const file = path.join(dir, 'jobs', `${name}.ts`);
  writeFileSync(file, lines.join('\n'));
  return { file, line: 4, column: lines[3].indexOf('.writeCsv') + 2 };
}

let parted: HostileJob;
let climbing: HostileJob;
let config: string;

beforeAll(() => {
  mkdirSync(path.join(dir, 'jobs'), { recursive: true });
  writeFileSync(path.join(dir, 'jobs', 'package.json'), '{ "type": "module" }\n');
  parted = jobFile('dot-dot', ".writeCsv('..', { partitionBy: 'method' })");
  climbing = jobFile('climbing', ".writeCsv('../x')");
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'kept.txt'), 'an earlier output\n');
  writeFileSync(sentinel, 'must survive\n');
  // A dead endpoint: a dry run sends nothing anyway, and anything that tried would fail loudly.
  config = path.join(dir, 'emr-jobs.config.json');
  const profile = {
    region: 'us-east-1', bucket: 'emr-jobs-test', prefix: 'ej', serviceRole: 'EMR_DefaultRole', jobFlowRole: 'EMR_EC2_DefaultRole',
    releaseLabel: 'emr-7.5.0', master: { instanceType: 'm5.xlarge' }, core: { instanceType: 'm5.xlarge', count: 1 }, endpoint: 'http://127.0.0.1:9',
  };
  writeFileSync(config, JSON.stringify({ defaultProfile: 'test', prices: { 'm5.xlarge': { ec2: 0.192, emr: 0.048 } }, profiles: { test: profile } }));
});

const commands: Record<string, (file: string) => string[]> = {
  run: (file) => ['run', file, '--local', APACHE_LOGS, '--out', out],
  compile: (file) => ['compile', file, '--out', out],
  explain: (file) => ['explain', file],
  'submit --dry-run': (file) => ['submit', file, '--emr', '--local', APACHE_LOGS, '--dry-run', '--config', config],
};

describe('output names that would leave their folder', () => {
  const cases = Object.keys(commands).flatMap((c) => [
    { command: c, job: 'dot-dot', message: "output name '..' would write outside its own folder" },
    { command: c, job: 'climbing', message: "output name '../x' is a path, not a folder name" },
  ]);

  it.each(cases)('$command refuses $job at the writeCsv line, exit 2', async ({ command, job, message }) => {
    const j = job === 'dot-dot' ? parted : climbing;
    const r = await cli(commands[command](j.file));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`${j.file}:${j.line}:${j.column}: plan error: ${message} (use letters, digits and _, starting with a letter)`);
  }, 180_000);

  it('wrote and deleted nothing: the sentinel beside --out and the earlier output survive', () => {
    expect(readdirSync(sandbox).sort()).toEqual(['out', 'sentinel.txt']);
    expect(readFileSync(sentinel, 'utf8')).toBe('must survive\n');
    expect(readdirSync(out)).toEqual(['kept.txt']);
    expect(existsSync(path.join(sandbox, 'x'))).toBe(false);
    expect(existsSync(path.join(dir, 'x'))).toBe(false);
  });
});
