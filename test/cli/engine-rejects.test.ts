// Data inputs on the real engines: the records the generated scripts reject (CSV on Pig and Spark, JSON lines
// on Spark) are counted per reason exactly as the local runtime counts them, and cited as it cites them:
// the part file, the line the record starts on and its text, for one file and for a folder of parts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runOnEngine } from '../../cli/engine-job-runner.ts';
import { job } from '../../dsl/index.ts';
import type { Plan } from '../../plan/index.ts';
import { runPlan } from '../../runtime/index.ts';
import { WIDE_TSV } from '../codegen/pig/support/delimited-cases.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-engine-rejects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
};

// Good records, a value of the wrong type, too many and too few fields, a blank line (skipped, not counted).
const CSV = write('t.csv', 'a,b\n1,x\ny,z\n1,2,3\n4\n\n5,"q"\n6,\n');
// Good lines, a double for an int, not JSON, a number for a string, a blank line (skipped), an array.
const JSONL = write('e.jsonl', '{"a":1,"s":"x"}\n{"a":1.5}\nnot json\n\n{"a":2,"s":3}\n[1]\n{"s":"y"}\n');

// A folder of multiline CSV parts, each with its header: a gzipped one with records over several lines (one
// of them rejected), and the same rejected text in two parts (the second copy is cited in the second part).
const CSV_PARTS = path.join(dir, 'csv-parts');
write('csv-parts/part-00000.csv', 'a,b\n1,x\ny,z\n1,2,3\n');
write('csv-parts/part-00001.csv.gz', gzipSync('a,b\n2,"two\nlines"\n3,"multi\nline",extra\n4\n\nbad,"q"\n'));
write('csv-parts/sub/part-00002.csv', 'a,b\n5,ok\n6,\ny,z\n');
write('csv-parts/_SUCCESS', '');
// A folder of default-mode CSV parts (a record per line), each with its header, the first after an empty
// line: malformed quoting (a stray quote, text after a closing quote, a quote open at the end of its line,
// whose next line is read on its own), CRLF lines, a well-formed line with too many fields, and a second
// copy of the header (a record: rejected).
const QUOTED_PARTS = path.join(dir, 'quoted-parts');
write('quoted-parts/part-00000.csv', '\na,b\n1,"x,y"\n2,ab"c\n3,"q"z\n\n4,""\n');
write('quoted-parts/part-00001.csv.gz', gzipSync('a,b\r\n5,"open\r\n6,"say ""hi"""\r\n7,x,y\r\na,b\r\n'));
// A folder of JSON lines parts, one gzipped, with a blank line before its rejects.
const JSONL_PARTS = path.join(dir, 'jsonl-parts');
write('jsonl-parts/part-00000.jsonl', '{"a":1,"s":"x"}\nnot json\n');
write('jsonl-parts/part-00001.jsonl.gz', gzipSync('\n{"a":1.5}\n{"s":"y"}\n[1]\n'));

// delimited-cases.ts's unquoted TSV (stray quotes, lone CRs, blank lines, too few and too many fields) in
// two parts, the second gzipped: records are lines, counted without the blank ones.
const WIDE_LINES = WIDE_TSV.split('\n');
const TSV_PARTS = path.join(dir, 'tsv-parts');
write('tsv-parts/part-00000.tsv', `${WIDE_LINES.slice(0, 7).join('\n')}\n`);
write('tsv-parts/part-00001.tsv.gz', gzipSync(WIDE_LINES.slice(7).join('\n')));
const TICKER = { exchange: 'string', symbol: 'string', close: 'double' } as const;
const UNQUOTED_TSV = { header: false, delimiter: '\t', quote: 'none' } as const;

const csvPlan = job('csv-rejects', 'x', (j) => {
  j.csv('t', { a: 'int', b: 'string' }).writeCsv('t_out');
  j.csv('parts', { a: 'int', b: 'string' }, { multiline: true }).writeCsv('parts_out');
  j.csv('quoted', { a: 'int', b: 'string' }).writeCsv('quoted_out');
  j.csv('tsv', TICKER, UNQUOTED_TSV).writeCsv('tsv_out');
}).plan();
const bothPlan = job('data-rejects', 'x', (j) => {
  j.csv('t', { a: 'int', b: 'string' }).writeCsv('t_out');
  j.csv('parts', { a: 'int', b: 'string' }, { multiline: true }).writeCsv('parts_out');
  j.csv('quoted', { a: 'int', b: 'string' }).writeCsv('quoted_out');
  j.csv('tsv', TICKER, UNQUOTED_TSV).writeCsv('tsv_out');
  j.jsonLines('e', { a: 'int', s: 'string' }).writeCsv('e_out');
  j.jsonLines('jparts', { a: 'int', s: 'string' }).writeCsv('jparts_out');
}).plan();

interface Counts {
  readonly read: number;
  readonly parsed: number;
  readonly rejected: number;
  readonly byReason: Record<string, number>;
}

/** Per input counts of a run, and its output folder. */
async function counts(plan: Plan, inputs: Record<string, string>, engine: 'local' | 'pig' | 'spark'): Promise<{ inputs: Record<string, Counts>; out: string }> {
  const out = mkdtempSync(path.join(dir, `${engine}-`));
  if (engine === 'local') {
    const r = await runPlan(plan, inputs, { outDir: out });
    return { out, inputs: Object.fromEntries(r.inputs.map((i) => [i.name, { read: i.rowsRead, parsed: i.rowsParsed, rejected: i.rejected, byReason: i.byReason }])) };
  }
  const r = await runOnEngine(plan, engine, inputs, out, undefined, { maxRejectRate: 1 });
  return { out, inputs: Object.fromEntries(r.inputs.map((i) => [i.input, { read: i.read, parsed: i.parsed, rejected: i.rejected, byReason: i.byReason }])) };
}

const rejectsOf = (out: string, input: string) => readFileSync(path.join(out, '_rejects', `${input}.rejects`), 'utf8').trimEnd().split('\n');
/** The runtime's reason may carry a detail after a colon; the engines give the reason alone. */
const reasonOnly = (l: string) => l.replace(/^([^\t]*\t[^\t:]*):[^\t]*/, '$1');

/** Runs `plan` locally and on `engine`: equal counts, and each input's rejects file equal line for line. */
async function expectSameRejects(plan: Plan, inputs: Record<string, string>, engine: 'pig' | 'spark'): Promise<Record<string, string[]>> {
  const local = await counts(plan, inputs, 'local');
  const other = await counts(plan, inputs, engine);
  expect(other.inputs).toEqual(local.inputs);
  for (const name of Object.keys(inputs)) expect(rejectsOf(other.out, name), name).toEqual(rejectsOf(local.out, name).map(reasonOnly));
  return Object.fromEntries(Object.keys(inputs).map((name) => [name, rejectsOf(local.out, name)]));
}

const part = (name: string) => path.join(CSV_PARTS, name);
/** The runtime's rejects of the CSV folder, stated by hand so that an agreement on nothing cannot pass. */
const CSV_PARTS_REJECTS = [
  `${part('part-00000.csv')}:3\tbad-csv`,
  `${part('part-00000.csv')}:4\twrong-field-count`,
  `${part('part-00001.csv.gz')}:4\twrong-field-count`,
  `${part('part-00001.csv.gz')}:6\twrong-field-count`,
  `${part('part-00001.csv.gz')}:8\tbad-csv`,
  `${part('sub/part-00002.csv')}:4\tbad-csv`,
];

const quotedPart = (name: string) => path.join(QUOTED_PARTS, name);
/** The runtime's rejects of the default-mode CSV parts: lines, with their texts whole. */
const QUOTED_PARTS_REJECTS = [
  `${quotedPart('part-00000.csv')}:4\tbad-csv\t2,ab"c`,
  `${quotedPart('part-00000.csv')}:5\tbad-csv\t3,"q"z`,
  `${quotedPart('part-00001.csv.gz')}:2\tbad-csv\t5,"open`,
  `${quotedPart('part-00001.csv.gz')}:4\twrong-field-count\t7,x,y`,
  `${quotedPart('part-00001.csv.gz')}:5\tbad-csv\ta,b`,
];

const tsvPart = (name: string) => path.join(TSV_PARTS, name);
/** The runtime's rejects of the TSV parts (the second part's lines 2 and 3 are one text line cut by a lone CR). */
const TSV_PARTS_REJECTS = [
  `${tsvPart('part-00000.tsv')}:1\twrong-field-count`,
  `${tsvPart('part-00000.tsv')}:3\tbad-csv`,
  `${tsvPart('part-00000.tsv')}:4\twrong-field-count`,
  `${tsvPart('part-00000.tsv')}:7\twrong-field-count`,
  `${tsvPart('part-00001.tsv.gz')}:5\twrong-field-count`,
  `${tsvPart('part-00001.tsv.gz')}:7\twrong-field-count`,
  `${tsvPart('part-00001.tsv.gz')}:8\twrong-field-count`,
];
/** A rejects file's lines as `file:line<TAB>reason`. */
const citations = (lines: readonly string[]) => lines.map((l) => reasonOnly(l).split('\t').slice(0, 2).join('\t'));

describe('data inputs: rejected records counted and cited by the scripts', () => {
  it('CSV on Pig, one file and a folder of parts: the runtime counts, reasons, part files, lines and texts', async () => {
    const local = await expectSameRejects(csvPlan, { t: CSV, parts: CSV_PARTS, quoted: QUOTED_PARTS, tsv: TSV_PARTS }, 'pig');
    expect(citations(local.tsv)).toEqual(TSV_PARTS_REJECTS);
    expect(local.quoted.map(reasonOnly)).toEqual(QUOTED_PARTS_REJECTS);
    expect(local.t.map(reasonOnly)).toEqual([`${CSV}:3\tbad-csv\ty,z`, `${CSV}:4\twrong-field-count\t1,2,3`, `${CSV}:5\twrong-field-count\t4`]);
    expect(citations(local.parts)).toEqual(CSV_PARTS_REJECTS);
    expect(local.parts[2]).toContain('3,"multi\\nline",extra');
  }, 600_000);

  it('CSV and JSON lines on Spark, one file and folders of parts: the runtime counts, reasons, part files, lines and texts', async () => {
    const local = await expectSameRejects(bothPlan, { t: CSV, parts: CSV_PARTS, quoted: QUOTED_PARTS, tsv: TSV_PARTS, e: JSONL, jparts: JSONL_PARTS }, 'spark');
    expect(citations(local.tsv)).toEqual(TSV_PARTS_REJECTS);
    expect(local.quoted.map(reasonOnly)).toEqual(QUOTED_PARTS_REJECTS);
    expect(local.e.map(reasonOnly)).toEqual([`${JSONL}:2\tbad-json\t{"a":1.5}`, `${JSONL}:3\tbad-json\tnot json`, `${JSONL}:5\tbad-json\t{"a":2,"s":3}`, `${JSONL}:6\tbad-json\t[1]`]);
    expect(citations(local.parts)).toEqual(CSV_PARTS_REJECTS);
    const jpart = (name: string) => path.join(JSONL_PARTS, name);
    expect(local.jparts.map(reasonOnly)).toEqual([`${jpart('part-00000.jsonl')}:2\tbad-json\tnot json`, `${jpart('part-00001.jsonl.gz')}:2\tbad-json\t{"a":1.5}`, `${jpart('part-00001.jsonl.gz')}:4\tbad-json\t[1]`]);
  }, 600_000);
});
