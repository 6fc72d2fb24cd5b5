// What every reader shares: gzip, projection, batch and chunk boundaries, line breaks, progress, early
// stop, and input errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { JobError } from '../../../plan/index.ts';
import { readAll, readSource } from '../../../runtime/readers/index.ts';
import { RejectCollector } from '../../../runtime/rejects.ts';
import { logNode, rows, sample, sourceNode, tempDir, tempFile } from './reader-fixtures.ts';

const APACHE = sample('access_logs/apache_logs');

describe('reader plumbing', () => {
  it('reads .gz files transparently (same rows and rejects as the plain file)', async () => {
    const plain = await readAll(logNode('combined'), APACHE);
    const gz = join(tempDir(), 'apache_logs.gz');
    writeFileSync(gz, gzipSync(readFileSync(APACHE)));
    const zipped = await readAll(logNode('combined'), gz, { chunkBytes: 4096 });
    expect(zipped.table.numRows).toBe(9_999);
    expect(rows(zipped.table)).toEqual(rows(plain.table));
    expect(zipped.rejects.byReason).toEqual({ 'no-match': 1 });
  });

  it('gives identical data for batch sizes 1, 7 and 1000 and tiny read chunks, every batch within its size', async () => {
    const path = sample('aws/alb/beats/example-alb-http.log');
    const reference = rows((await readAll(logNode('alb'), path, { batchSize: 1000 })).table);
    for (const [batchSize, chunkBytes] of [[1, 1], [7, 5], [1000, 64]]) {
      const rejects = new RejectCollector({ input: 'in', file: path, rejectsPath: null });
      const batches: arrow.RecordBatch[] = [];
      for await (const b of readSource(logNode('alb'), path, { batchSize, chunkBytes, rejects })) batches.push(b);
      expect(batches.every((b) => b.numRows >= 1 && b.numRows <= batchSize)).toBe(true);
      expect(batches).toHaveLength(Math.ceil(9 / batchSize));
      expect(rows(new arrow.Table(batches))).toEqual(reference);
      expect(rejects.rowsRead).toBe(10);
    }
  });

  it('materialises only the projected columns, in schema order, and rejects the same lines', async () => {
    const { table, rejects } = await readAll(logNode('combined'), APACHE, { columns: ['status', 'host'] });
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['host:Utf8', 'status:Int32']);
    expect(table.numRows).toBe(9_999);
    expect(rejects.rejected).toBe(1);
    const none = await readAll(logNode('combined'), APACHE, { columns: [] });
    expect([none.table.numRows, none.table.numCols]).toEqual([9_999, 0]);
    await expect(readAll(logNode('combined'), APACHE, { columns: ['nope'] })).rejects.toThrow(/no column nope/);
  });

  it('builds Arrow columns of the plan types with nulls in the validity bitmap', async () => {
    const { table } = await readAll(logNode('combined'), APACHE, { batchSize: 100 });
    expect(table.schema.fields.map((f) => String(f.type))).toEqual([
      'Utf8', 'Utf8', 'Utf8', 'Timestamp<MILLISECOND, UTC>', 'Utf8', 'Utf8', 'Utf8', 'Int32', 'Int64', 'Utf8', 'Utf8',
    ]);
    expect(table.batches).toHaveLength(100);
    const bytes = table.getChild('bytes')!;
    expect(bytes.nullCount).toBe(669);
    expect(table.getChild('ident')!.nullCount).toBe(9_999);
  });

  it('splits lines on LF, CRLF and lone CR (as Hadoop does); a final line break ends no extra line', async () => {
    const a = '1.1.1.1 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 1';
    const b = a.replace('/a', '/b');
    const text = `${a}\r\n\r\n${b}\r${a}\n\n${b}\n`;
    for (const chunkBytes of [1, 2, 3, 1000]) {
      const dir = tempDir();
      const { table, rejects } = await readAll(logNode('common'), tempFile(text), { chunkBytes, rejectsPath: join(dir, 'r') });
      expect(rows(table).map((r) => r.path)).toEqual(['/a', '/b', '/a', '/b']);
      // lines 2 and 5 are empty lines: read and rejected
      expect(readFileSync(join(dir, 'r'), 'utf8').split('\n').map((l) => l.split('\t')[0].split(':').pop())).toEqual(['2', '5', '']);
      expect(rejects.rowsRead).toBe(6);
    }
  });

  it('decodes multi-byte UTF-8 split across chunks; invalid bytes become U+FFFD', async () => {
    const line = '1.1.1.1 - - [17/May/2015:10:05:03 +0000] "GET /caf\u00e9/\u{1F600} HTTP/1.1" 200 1 "-" "\u65e5\u672c"\n';
    const bytes = Buffer.concat([Buffer.from(line), Buffer.from('1.1.1.1 - - [17/May/2015:10:05:03 +0000] "GET /'), Buffer.from([0xff]), Buffer.from(' HTTP/1.1" 200 1 "-" "-"\n')]);
    const { table } = await readAll(logNode('combined'), tempFile(bytes), { chunkBytes: 1 });
    expect(rows(table).map((r) => [r.path, r.agent])).toEqual([['/caf\u00e9/\u{1F600}', '\u65e5\u672c'], ['/\uFFFD', null]]);
  });

  it('reports progress in bytes of the file on disk, ending at its size', async () => {
    const seen: [number, number][] = [];
    const size = readFileSync(APACHE).length;
    await readAll(logNode('combined'), APACHE, { chunkBytes: 256 * 1024, onBytes: (n, total) => seen.push([n, total]) });
    expect(seen.length).toBe(Math.ceil(size / (256 * 1024)));
    expect(seen.at(-1)).toEqual([size, size]);
    expect(seen.every(([n], i) => i === 0 || n > seen[i - 1][0])).toBe(true);
  });

  it('stops reading when the consumer stops', async () => {
    const rejects = new RejectCollector({ input: 'in', file: APACHE, rejectsPath: null });
    let got = 0;
    for await (const b of readSource(logNode('combined'), APACHE, { batchSize: 10, rejects, chunkBytes: 4096 })) {
      got += b.numRows;
      if (got >= 30) break;
    }
    expect(got).toBe(30);
    expect(rejects.rowsRead).toBeLessThan(200);
  });

  it('turns a missing file, a directory or a corrupt gzip into an input error naming the path', async () => {
    const node = sourceNode({ kind: 'jsonl' }, { a: 'string' });
    const missing = join(tempDir(), 'missing.jsonl');
    await expect(readAll(node, missing)).rejects.toThrow(new JobError('input', `cannot read ${missing}: no such file`, { file: missing }));
    const dir = tempDir();
    await expect(readAll(node, dir)).rejects.toThrow(/is a directory/);
    // gzip's magic bytes, then a stream cut short.
    const bad = tempFile(gzipSync(Buffer.from('{"a":"x"}\n'.repeat(1000))).subarray(0, 40), 'x.jsonl.gz');
    const err = await readAll(node, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobError);
    expect((err as JobError).message).toMatch(/not a valid gzip file/);
    expect((err as JobError).where).toEqual({ file: bad });
  });

  it('yields no batch for an empty input; readAll gives an empty table with the schema', async () => {
    const { table, rejects } = await readAll(sourceNode({ kind: 'csv', header: true, delimiter: ',' }, { a: 'int' }), tempFile(''));
    expect([table.numRows, table.schema.fields.length, rejects.rowsRead]).toEqual([0, 1, 0]);
  });
});
