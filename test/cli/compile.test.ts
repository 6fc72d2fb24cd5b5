// `emr-jobs compile`: the bundle's files, its manifest hashes, byte-for-byte determinism, and what
// happens when a target cannot express the plan.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJobDefinition } from '../../dsl/index.ts';
import { planFromJson, planHash, type Plan } from '../../plan/index.ts';
import { cli, ROOT, tempDir } from './cli-harness.ts';

const dir = tempDir('compile');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
let plan: Plan;
/** A job Pig cannot express (JSON lines output) but PySpark can; its sink is on line 4. */
let jsonOut: string;

beforeAll(async () => {
  const mod = (await import(path.join(ROOT, 'jobs', 'top-pages.ts'))) as { default: unknown };
  if (!isJobDefinition(mod.default)) throw new Error('no job');
  plan = mod.default.plan();
  mkdirSync(path.join(dir, 'jobs'), { recursive: true });
  writeFileSync(path.join(dir, 'jobs', 'package.json'), '{ "type": "module" }\n');
  jsonOut = jobFile('json-out', "export default job('json-out', 'JSON lines output', (j) => {\n  j.accessLog('logs').select('host').writeJson('hosts');\n});");
});

/** A job file in an ESM folder that imports the DSL by absolute path. */
function jobFile(name: string, body: string): string {
  const file = path.join(dir, 'jobs', `${name}.ts`);
  writeFileSync(file, `import { job } from ${JSON.stringify(path.join(ROOT, 'dsl', 'index.ts'))};\n\n${body}\n`);
  return file;
}

describe('emr-jobs compile', () => {
  it('writes plan.json, the Pig and PySpark scripts and a manifest whose hashes match the files', async () => {
    const out = path.join(dir, 'a');
    const r = await cli(['compile', 'top-pages', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'plan.json', 'top-pages.pig', 'top-pages.py']);
    const m = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(m).toEqual({
      format: 'emr-jobs/bundle',
      version: 1,
      job: 'top-pages',
      planHash: planHash(plan),
      plan: { file: 'plan.json', sha256: sha(path.join(out, 'plan.json')) },
      inputs: [{ name: 'logs', format: 'combined' }],
      outputs: [{ name: 'top_pages', format: 'csv', partitionBy: null }],
      targets: {
        pig: { script: 'top-pages.pig', sha256: sha(path.join(out, 'top-pages.pig')) },
        pyspark: { script: 'top-pages.py', sha256: sha(path.join(out, 'top-pages.py')) },
      },
    });
    expect(planFromJson(readFileSync(path.join(out, 'plan.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(plan)));
    for (const f of ['plan.json', 'top-pages.pig', 'top-pages.py', 'manifest.json']) expect(r.stdout).toContain(f);
  }, 240_000);

  it('is deterministic: the same plan gives the same bytes, and the scripts are what explain --emit prints', async () => {
    const [a, b] = [path.join(dir, 'd1'), path.join(dir, 'd2')];
    const [r1, r2, pig, py] = await Promise.all([
      cli(['compile', 'top-pages', '--out', a]),
      cli(['compile', 'top-pages', '--out', b]),
      cli(['explain', 'top-pages', '--emit', 'pig']),
      cli(['explain', 'top-pages', '--emit', 'pyspark']),
    ]);
    expect([r1.code, r2.code, pig.code, py.code]).toEqual([0, 0, 0, 0]);
    for (const f of readdirSync(a)) expect(readFileSync(path.join(b, f)), f).toEqual(readFileSync(path.join(a, f)));
    expect(readFileSync(path.join(a, 'top-pages.pig'), 'utf8')).toBe(pig.stdout);
    expect(readFileSync(path.join(a, 'top-pages.py'), 'utf8')).toBe(py.stdout);
  }, 240_000);

  it('--target pig writes only the Pig script and removes a PySpark script left by an earlier compile', async () => {
    const out = path.join(dir, 'pig-only');
    expect((await cli(['compile', 'top-pages', '--out', out])).code).toBe(0);
    const r = await cli(['compile', 'top-pages', '--target', 'pig', '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'plan.json', 'top-pages.pig']);
    expect(Object.keys(JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')).targets)).toEqual(['pig']);
  }, 240_000);

  it('--target all writes the targets that can express the plan and reports the others (exit 0)', async () => {
    const file = jsonOut;
    const out = path.join(dir, 'json-all');
    const r = await cli(['compile', file, '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['json-out.py', 'manifest.json', 'plan.json']);
    expect(r.stderr).toMatch(new RegExp(`^${file}:4:\\d+: unsupported error: pig cannot express JSON lines output`, 'm'));
    expect(r.stderr).toMatch(/not written: pig/);
  }, 240_000);

  it('notes the malformed-quoting difference of a multiline CSV input, per target, at its line; none for a record per line or quote none', async () => {
    const file = jobFile('csv-quoting', [
      "export default job('csv-quoting', 'CSV inputs', (j) => {",
      "  j.csv('quoted', { a: 'string' }, { multiline: true }).writeCsv('a');",
      "  j.csv('plain', { b: 'string' }, { quote: 'none', header: false }).writeCsv('b');",
      "  j.csv('lines', { c: 'string' }).writeCsv('c');",
      '});',
    ].join('\n'));
    const out = path.join(dir, 'csv-quoting');
    const r = await cli(['compile', file, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const notes = r.stderr.trim().split('\n');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(new RegExp(`^${file}:4:\\d+: note: pig: input 'quoted': a multiline record with malformed quoting is rejected by the runtime, but CSVExcelStorage`));
    expect(notes[1]).toMatch(new RegExp(`^${file}:4:\\d+: note: pyspark: input 'quoted': .*but Spark keeps a stray`));
    // The same text where the scripts read the input.
    expect(readFileSync(path.join(out, 'csv-quoting.pig'), 'utf8')).toContain("Note: input 'quoted': a multiline record with malformed quoting");
    expect(readFileSync(path.join(out, 'csv-quoting.py'), 'utf8')).toContain("Note: input 'quoted': a multiline record with malformed quoting");
    expect(r.stderr).not.toContain("'plain'");
    expect(r.stderr).not.toContain("'lines'");
  }, 240_000);

  it('an explicit --target that cannot express the plan exits 2 with the job line and writes nothing', async () => {
    const file = jsonOut;
    const out = path.join(dir, 'json-pig');
    const r = await cli(['compile', file, '--target', 'pig', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(new RegExp(`^${file}:4:\\d+: unsupported error: pig cannot express JSON lines output`));
    expect(existsSync(out)).toBe(false);
  }, 240_000);

  it('explain --emit of a target that cannot express the plan exits 2 with the job line', async () => {
    const file = jsonOut;
    const [pig, py] = await Promise.all([cli(['explain', file, '--emit', 'pig']), cli(['explain', file, '--emit', 'pyspark'])]);
    expect(pig.code).toBe(2);
    expect(pig.stdout).toBe('');
    expect(pig.stderr.trim()).toMatch(new RegExp(`^${file}:4:\\d+: unsupported error: pig cannot express JSON lines output`));
    expect(py.code).toBe(0);
    expect(py.stdout).toContain('def main(argv=None, spark=None)');
  }, 240_000);

  it('--target all exits 1 when no target can express the plan', async () => {
    const file = jobFile(
      'no-target',
      "export default job('no-target', 'JSON lines out and a missing regex group', (j) => {\n  j.accessLog('logs').select((r) => ({ x: r.path.regexExtract('(a)(b)', 3) })).writeJson('out');\n});",
    );
    const out = path.join(dir, 'none');
    const r = await cli(['compile', file, '--out', out]);
    expect(r.code).toBe(1);
    // Pig's compiler finds the missing group first, and reports it as an invalid plan.
    expect(r.stderr).toMatch(/no-target\.ts:4:\d+: plan error: regexExtract: group 3 does not exist/);
    expect(r.stderr).toMatch(/unsupported error: pyspark cannot express/);
    expect(existsSync(out)).toBe(false);
  }, 240_000);
});
