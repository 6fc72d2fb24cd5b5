// The text lines reader: every line as it is, line breaks as Hadoop's line reader ends them, nothing rejected.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readAll } from '../../../runtime/readers/index.ts';
import { rows, sample, sourceNode, tempFile } from './reader-fixtures.ts';

const node = sourceNode({ kind: 'text' });

describe('text lines reader', () => {
  it('LF, CRLF and CR end a line; empty lines are rows; a last line without a break is a row', async () => {
    const { table, rejects } = await readAll(node, tempFile('a\r\nb\rc\n\n  d \t\n{"not":"parsed"}\ne'), { batchSize: 2 });
    expect(rows(table).map((r) => r.line)).toEqual(['a', 'b', 'c', '', '  d \t', '{"not":"parsed"}', 'e']);
    expect([rejects.rowsRead, rejects.rejected]).toEqual([7, 0]);
  });

  it('an end of file right after a line break starts no line; an empty file has no rows', async () => {
    expect(rows((await readAll(node, tempFile('x\n'))).table)).toEqual([{ line: 'x' }]);
    expect(rows((await readAll(node, tempFile('\n'))).table)).toEqual([{ line: '' }]);
    expect((await readAll(node, tempFile(''))).table.numRows).toBe(0);
  });

  it('reads gzip files and a whole real log line for line', async () => {
    const { table } = await readAll(node, tempFile(gzipSync('one\ntwo\n'), 'x.gz'));
    expect(rows(table).map((r) => r.line)).toEqual(['one', 'two']);
    const real = await readAll(node, sample('pig/apache-pig-pigunit/top_queries_input_data.txt'));
    expect(real.table.numRows).toBe(10);
    expect(real.rejects.rejected).toBe(0);
  });
});
