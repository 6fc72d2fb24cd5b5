// Gathering engine part files into the runtime's output layout: one header, rows in part-name order.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { field, type SinkNode } from '../../plan/index.ts';
import { collectOutput, csvField } from '../../cli/part-file-collector.ts';
import { countRows, outputParts, previewRows } from '../../cli/output-reader.ts';
import { tempDir } from './cli-harness.ts';

const dir = tempDir('collect');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sink(partial: Partial<SinkNode>): SinkNode {
  return {
    id: 'sink_9',
    kind: 'sink',
    input: 'x',
    output: 'result',
    format: 'csv',
    partitionBy: null,
    loc: { file: 'j.ts', line: 1, column: 1 },
    schema: [field('name', 'string'), field('n', 'long')],
    ...partial,
  };
}

function engineDir(name: string, files: Record<string, string>): string {
  const d = path.join(dir, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
    writeFileSync(path.join(d, f), text);
  }
  return d;
}

describe('collectOutput', () => {
  it('keeps one header when every part has one (Pig WRITE_OUTPUT_HEADER, Spark header=true)', async () => {
    const src = engineDir('headed', {
      'part-r-00001': 'name,n\nb,2\n',
      'part-r-00000': 'name,n\na,1\n"x,y",3\n',
      '_SUCCESS': '',
      '.part-r-00000.crc': 'junk',
    });
    const out = await collectOutput(src, sink({}), path.join(dir, 'out1'));
    expect(out).toBe(path.join(dir, 'out1', 'result.csv'));
    expect(readFileSync(out, 'utf8')).toBe('name,n\na,1\n"x,y",3\nb,2\n');
  });

  it('adds the header when parts have none, skips empty parts, ends every part with a newline', async () => {
    const src = engineDir('bare', { 'part-m-00000': 'a,1', 'part-m-00001': '', 'part-m-00002': 'b,2\n' });
    const out = await collectOutput(src, sink({}), path.join(dir, 'out2'));
    expect(readFileSync(out, 'utf8')).toBe('name,n\na,1\nb,2\n');
  });

  it('does not drop a data row equal to the header when the parts carry no header', async () => {
    const src = engineDir('lookalike', { 'part-m-00000': 'x,1\n', 'part-m-00001': 'name,n\n' });
    const out = await collectOutput(src, sink({}), path.join(dir, 'out3'));
    expect(readFileSync(out, 'utf8')).toBe('name,n\nx,1\nname,n\n');
  });

  it('an output with no rows is a header-only file (Spark writes a header-only part, Pig an empty one)', async () => {
    const spark = await collectOutput(engineDir('empty-spark', { 'part-00000-abc-c000.csv': 'name,n\n' }), sink({}), path.join(dir, 'out4'));
    const pig = await collectOutput(engineDir('empty-pig', { 'part-m-00000': '' }), sink({}), path.join(dir, 'out5'));
    expect(readFileSync(spark, 'utf8')).toBe('name,n\n');
    expect(readFileSync(pig, 'utf8')).toBe('name,n\n');
  });

  it('partitioned outputs keep one folder per value, without the partition column', async () => {
    const s = sink({ partitionBy: 'kind', schema: [field('name', 'string'), field('kind', 'string'), field('n', 'long')] });
    const src = engineDir('parts', {
      'kind=web/part-00000.csv': 'name,n\na,1\n',
      'kind=web/part-00001.csv': 'name,n\nb,2\n',
      'kind=__HIVE_DEFAULT_PARTITION__/part-00000.csv': 'name,n\nc,3\n',
    });
    const out = await collectOutput(src, s, path.join(dir, 'out6'));
    expect(out).toBe(path.join(dir, 'out6', 'result'));
    expect(readFileSync(path.join(out, 'kind=web', 'part-00000.csv'), 'utf8')).toBe('name,n\na,1\nb,2\n');
    expect(readFileSync(path.join(out, 'kind=__HIVE_DEFAULT_PARTITION__', 'part-00000.csv'), 'utf8')).toBe('name,n\nc,3\n');
    const parts = outputParts(out, 'kind');
    expect(await countRows(parts, 'csv')).toBe(3);
    const preview = await previewRows(parts, 'csv', 10);
    expect(preview.columns).toEqual(['name', 'n', 'kind']);
    expect(preview.rows).toEqual([
      ['c', '3', null],
      ['a', '1', 'web'],
      ['b', '2', 'web'],
    ]);
  });

  it('finds partition folders of a column whose name the engines escape (a/b → a%2Fb=…)', async () => {
    const s = sink({ partitionBy: 'a/b', schema: [field('name', 'string'), field('a/b', 'string')] });
    const src = engineDir('escaped', {
      'a%2Fb=x%3Dy/part-00000.csv': 'name\np\n',
      'a%2Fb=__HIVE_DEFAULT_PARTITION__/a%2Fb=__HIVE_DEFAULT_PARTITION__-0,000': 'q\n',
      'other=z/part-00000.csv': 'name\nnot this\n',
    });
    const out = await collectOutput(src, s, path.join(dir, 'out-escaped'));
    const parts = outputParts(out, 'a/b');
    expect(parts.map((p) => p.partition?.value)).toEqual([null, 'x=y']);
    expect((await previewRows(parts, 'csv', 10)).rows).toEqual([
      ['q', null],
      ['p', 'x=y'],
    ]);
  });

  it('JSON lines parts are concatenated with no header', async () => {
    const src = engineDir('json', { 'part-00000.json': '{"name":"a","n":1}\n', 'part-00001.json': '{"name":"b","n":null}' });
    const out = await collectOutput(src, sink({ format: 'jsonl' }), path.join(dir, 'out7'));
    expect(out.endsWith('result.jsonl')).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe('{"name":"a","n":1}\n{"name":"b","n":null}\n');
    expect(await previewRows(outputParts(out, null), 'jsonl', 1)).toEqual({ columns: ['name', 'n'], rows: [['a', 1]] });
  });

  it('replaces what an earlier run left', async () => {
    const target = path.join(dir, 'out8');
    await collectOutput(engineDir('first', { 'part-m-00000': 'a,1\n' }), sink({}), target);
    await collectOutput(engineDir('second', { 'part-m-00000': 'z,9\n' }), sink({}), target);
    expect(readFileSync(path.join(target, 'result.csv'), 'utf8')).toBe('name,n\nz,9\n');
    expect(existsSync(path.join(target, 'result'))).toBe(false);
  });
});

describe('output preview', () => {
  it('tells null (empty field) from the empty string ("")', async () => {
    const f = path.join(dir, 'nulls.csv');
    writeFileSync(f, 'a,b\n,""\n"x",y\n');
    expect((await previewRows(outputParts(f, null), 'csv', 5)).rows).toEqual([
      [null, ''],
      ['x', 'y'],
    ]);
  });

  it('counts records, not lines (quoted line breaks)', async () => {
    const f = path.join(dir, 'multi.csv');
    writeFileSync(f, 'a\n"line1\nline2"\nb\n');
    expect(await countRows(outputParts(f, null), 'csv')).toBe(2);
  });

  it('csvField quotes as docs/semantics.md says', () => {
    expect(['plain', 'a,b', 'say "hi"', '', 'two\nlines'].map(csvField)).toEqual(['plain', '"a,b"', '"say ""hi"""', '""', '"two\nlines"']);
  });
});
