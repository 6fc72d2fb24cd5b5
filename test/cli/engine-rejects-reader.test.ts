// What `run --engine pig|spark` makes of a script's rejects folder: records naming their part file are cited
// as the runtime cites them (`<file>:<line>`, the file as the user named it), Pig's unnumbered records get
// their line from the part file, records without a file keep the input's name, all in reading order.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { engineInputSummaries, parseRejectsLine } from '../../cli/engine-rejects-reader.ts';
import { resolveInput } from '../../cli/input-files.ts';
import { job } from '../../dsl/index.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-rejects-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = job('reader', 'x', (j) => {
  j.textLines('logs').writeCsv('out');
}).plan();

/** A folder of two parts (one gzipped, one in a folder with a space in its name) and a rejects folder. */
function setUp(name: string, rejects: (a: string, b: string) => string[]) {
  const root = path.join(dir, name);
  const folder = path.join(root, 'logs');
  mkdirSync(path.join(folder, 'sub dir'), { recursive: true });
  const a = path.join(folder, 'a.gz');
  const b = path.join(folder, 'sub dir', 'b');
  writeFileSync(a, gzipSync('ok\nbad\nok\nbad\n\nbad\n'));
  writeFileSync(b, 'bad\nok\nodd\ttab\n');
  mkdirSync(path.join(root, 'rejects', 'logs'), { recursive: true });
  writeFileSync(path.join(root, 'rejects', 'logs', 'part-00000'), rejects(a, b).map((l) => `${l}\n`).join(''));
  return { root, folder, a, b };
}

const rejectsOf = (out: string) => readFileSync(path.join(out, '_rejects', 'logs.rejects'), 'utf8');

describe('engine rejects folders', () => {
  it('parses the forms of a rejects line', () => {
    expect(parseRejectsLine('#bad-csv\t3')).toEqual({ kind: 'count', reason: 'bad-csv', n: 3 });
    expect(parseRejectsLine('no-match\tx\ty')).toEqual({ kind: 'record', file: null, reject: { line: null, record: null, reason: 'no-match', text: 'x\ty' } });
    expect(parseRejectsLine('@file:/a/b\t\tno-match\tx\ty')).toEqual({ kind: 'record', file: 'file:/a/b', reject: { line: null, record: null, reason: 'no-match', text: 'x\ty' } });
    expect(parseRejectsLine('@s3://b/k\t12\tbad-time\t')).toEqual({ kind: 'record', file: 's3://b/k', reject: { line: 12, record: null, reason: 'bad-time', text: '' } });
    expect(parseRejectsLine('@file:/a/b\t#3\tbad-csv\t')).toEqual({ kind: 'record', file: 'file:/a/b', reject: { line: null, record: 3, reason: 'bad-csv', text: '' } });
  });

  it("Pig's records (path, no line): each copy of a text gets the next line holding it, in reading order", async () => {
    const { root, folder, a, b } = setUp('pig', (a, b) => [
      `@file:${b}\t\todd\todd\ttab`, `@file:${a}\t\tno-match\tbad`, `@file:${b}\t\tno-match\tbad`,
      `@file:${a}\t\tno-match\t`, `@file:${a}\t\tno-match\tbad`, `@file:${a}\t\tno-match\tbad`,
    ]);
    const input = resolveInput('logs', [folder]);
    const out = path.join(root, 'out');
    const [s] = await engineInputSummaries(plan, { logs: input }, path.join(root, 'rejects'), out, { logs: folder });
    expect(s).toMatchObject({ read: 9, rejected: 6, parsed: 3, byReason: { 'no-match': 5, odd: 1 } });
    expect(rejectsOf(out)).toBe([
      `${a}:2\tno-match\tbad`, `${a}:4\tno-match\tbad`, `${a}:5\tno-match\t`, `${a}:6\tno-match\tbad`,
      `${b}:1\tno-match\tbad`, `${b}:3\todd\todd\\ttab`, '',
    ].join('\n'));
  });

  it("Spark's records (URL-encoded file URI and line), read from a folder of links, cite the user's files", async () => {
    const { root, folder, a, b } = setUp('spark', () => []);
    // The engine was given a folder of links named by the parts' keys (as for a glob or a list).
    const linked = path.join(root, 'work', 'inputs', 'logs');
    mkdirSync(path.join(linked, 'sub dir'), { recursive: true });
    symlinkSync(a, path.join(linked, 'a.gz'));
    symlinkSync(b, path.join(linked, 'sub dir', 'b'));
    const uri = (f: string) => pathToFileURL(f).href;
    expect(uri(path.join(linked, 'sub dir', 'b'))).toContain('sub%20dir');
    writeFileSync(path.join(root, 'rejects', 'logs', 'part-00000'), [
      `@${uri(path.join(linked, 'sub dir', 'b'))}\t1\tno-match\tbad`, `@${uri(path.join(linked, 'a.gz'))}\t6\tno-match\tbad`,
      `@${uri(path.join(linked, 'a.gz'))}\t2\tno-match\tbad`, 'no-match\tunplaced', '',
    ].join('\n'));
    const input = resolveInput('logs', [`${folder}/**/*`]);
    const out = path.join(root, 'out');
    const [s] = await engineInputSummaries(plan, { logs: input }, path.join(root, 'rejects'), out, { logs: linked });
    expect(s.rejected).toBe(4);
    expect(rejectsOf(out)).toBe(`${a}:2\tno-match\tbad\n${a}:6\tno-match\tbad\n${b}:1\tno-match\tbad\n${folder}/**/*\tno-match\tunplaced\n`);
  });

  it('one file given as itself: the file as the user typed it, with the line', async () => {
    const { root, b } = setUp('single', (_a, b) => [`@file:${b}\t\tno-match\tbad`]);
    const rel = path.relative(process.cwd(), b);
    const out = path.join(root, 'out');
    await engineInputSummaries(plan, { logs: resolveInput('logs', [rel]) }, path.join(root, 'rejects'), out, { logs: b });
    expect(rejectsOf(out)).toBe(`${rel}:1\tno-match\tbad\n`);
  });

  describe('CSV records', () => {
    const csvPlan = job('csv-reader', 'x', (j) => {
      j.csv('t', { a: 'int', b: 'string' }, { multiline: true }).writeCsv('out');
    }).plan();
    /** Two multiline CSV parts with headers: records over several lines, a blank line, the same fields in both. */
    function csvSetUp(name: string, rejects: (a: string, b: string) => string[]) {
      const root = path.join(dir, name);
      const folder = path.join(root, 't');
      mkdirSync(path.join(root, 'rejects', 't'), { recursive: true });
      mkdirSync(folder, { recursive: true });
      const a = path.join(folder, 'a.csv.gz');
      const b = path.join(folder, 'b.csv');
      writeFileSync(a, gzipSync('a,b\n1,"x\ny"\n\nq,"two\nlines",3\n2,z\nq,w\n'));
      writeFileSync(b, 'a,b\nq,w\n1,\n');
      writeFileSync(path.join(root, 'rejects', 't', 'part-00000'), rejects(a, b).map((l) => `${l}\n`).join(''));
      return { root, folder, a, b };
    }
    const csvRejectsOf = (out: string) => readFileSync(path.join(out, '_rejects', 't.rejects'), 'utf8');

    it("Spark's records (part file and record number) get the record's first line and text", async () => {
      const { root, folder, a, b } = csvSetUp('csv-spark', (a, b) => [
        `@${pathToFileURL(b).href}\t#1\tbad-csv\t`, `@${pathToFileURL(a).href}\t#4\tbad-csv\t`, `@${pathToFileURL(a).href}\t#2\twrong-field-count\t`,
      ]);
      const out = path.join(root, 'out');
      const [s] = await engineInputSummaries(csvPlan, { t: resolveInput('t', [folder]) }, path.join(root, 'rejects'), out, { t: folder });
      expect(s).toMatchObject({ read: 6, rejected: 3, byReason: { 'bad-csv': 2, 'wrong-field-count': 1 } });
      expect(csvRejectsOf(out)).toBe(`${a}:5\twrong-field-count\tq,"two\\nlines",3\n${a}:8\tbad-csv\tq,w\n${b}:2\tbad-csv\tq,w\n`);
    });

    it("Pig's records (fields joined again, no file) are found in reading order, the k-th copy in the k-th record", async () => {
      const { root, folder, a, b } = csvSetUp('csv-pig', () => ['bad-csv\tq,w', 'wrong-field-count\tq,two lines,3', 'bad-csv\tq,w', 'bad-csv\tnowhere,1']);
      const out = path.join(root, 'out');
      await engineInputSummaries(csvPlan, { t: resolveInput('t', [folder]) }, path.join(root, 'rejects'), out, { t: folder });
      expect(csvRejectsOf(out)).toBe(`${a}:5\twrong-field-count\tq,"two\\nlines",3\n${a}:8\tbad-csv\tq,w\n${b}:2\tbad-csv\tq,w\n${folder}\tbad-csv\tnowhere,1\n`);
    });

    it("default-mode records are lines: Pig's (part file and text) get the k-th line of that text after the header", async () => {
      const lines = job('csv-lines', 'x', (j) => {
        j.csv('t', { a: 'int', b: 'string' }).writeCsv('out');
      }).plan();
      const root = path.join(dir, 'csv-lines');
      const folder = path.join(root, 't');
      mkdirSync(path.join(root, 'rejects', 't'), { recursive: true });
      mkdirSync(folder, { recursive: true });
      const a = path.join(folder, 'a.csv');
      // The header (line 2, after an empty line) is no record: the rejected copies of its text are lines 4 and 6.
      writeFileSync(a, '\na,b\n1,x\na,b\n2,"open\r\na,b\n');
      const file = pathToFileURL(a).href.replace('file://', 'file:');
      writeFileSync(path.join(root, 'rejects', 't', 'part-m-00000'), [`@${file}\t\tbad-csv\ta,b`, `@${file}\t\tbad-csv\t2,"open`, `@${file}\t\tbad-csv\ta,b`].map((l) => `${l}\n`).join(''));
      const out = path.join(root, 'out');
      const [s] = await engineInputSummaries(lines, { t: resolveInput('t', [folder]) }, path.join(root, 'rejects'), out, { t: folder });
      expect(s).toMatchObject({ read: 4, rejected: 3, byReason: { 'bad-csv': 3 } });
      expect(csvRejectsOf(out)).toBe(`${a}:4\tbad-csv\ta,b\n${a}:5\tbad-csv\t2,"open\n${a}:6\tbad-csv\ta,b\n`);
    });
  });
});
