// Compressed inputs are told by their first bytes, not their names: gzip is read whatever the file is called,
// a `.gz` name on plain text is plain text, bzip2 and zstd are refused with how to decompress them.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { JobError } from '../../../plan/index.ts';
import { sniffCompression, unreadableCompression } from '../../../runtime/readers/compression-sniffer.ts';
import { readAll } from '../../../runtime/readers/index.ts';
import { JobInputs } from '../../../runtime/job-inputs.ts';
import { logNode, rows, sample, tempFile } from './reader-fixtures.ts';

const APACHE = sample('access_logs/apache_logs');
const BZIP2 = Buffer.concat([Buffer.from('BZh91AY&SY', 'latin1'), Buffer.alloc(32, 7)]);
const ZSTD = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x04, 0x58, 0x01, 0x00, 0x00, 0x61]);

describe('compression by magic bytes', () => {
  it('sniffs gzip, bzip2 and zstd from the first bytes, whatever the name; anything else is plain', () => {
    expect(sniffCompression(tempFile(gzipSync('x'), 'plain-name.log'))).toBe('gzip');
    expect(sniffCompression(tempFile(BZIP2, 'a.log'))).toBe('bzip2');
    expect(sniffCompression(tempFile(ZSTD, 'a.log'))).toBe('zstd');
    expect(sniffCompression(tempFile('1f 8b is text here', 'a.gz'))).toBeNull();
    expect(sniffCompression(tempFile('B'))).toBeNull();
    expect(sniffCompression(tempFile(''))).toBeNull();
  });

  it('reads a gzip file without a .gz name as the plain file (rows and rejects)', async () => {
    const plain = await readAll(logNode('combined'), APACHE);
    const zipped = await readAll(logNode('combined'), tempFile(gzipSync(readFileSync(APACHE)), 'apache_logs'), { chunkBytes: 4096 });
    expect(rows(zipped.table)).toEqual(rows(plain.table));
    expect([zipped.rejects.rowsRead, zipped.rejects.rejected]).toEqual([10_000, 1]);
  });

  it('reads plain text named .gz as plain text', async () => {
    const text = readFileSync(APACHE, 'utf8').split('\n').slice(0, 50).join('\n');
    const r = await readAll(logNode('combined'), tempFile(text, 'head.log.gz'));
    expect(r.table.numRows).toBe(50);
  });

  it.each([
    ['bzip2', BZIP2, 'bzip2-compressed; decompress it first (bunzip2) or use gzip'],
    ['zstd', ZSTD, 'zstd-compressed; decompress it first (zstd -d) or use gzip'],
  ])('refuses %s: a usage error when the inputs are bound, an input error from the reader', async (_, bytes, why) => {
    const file = tempFile(bytes, 'logs');
    expect(unreadableCompression('logs', file)).toEqual(new JobError('usage', `input 'logs' (${file}): ${why}`, { file }));
    const plan = { job: 'j', nodes: [logNode('combined')] } as unknown as ConstructorParameters<typeof JobInputs>[0];
    expect(() => new JobInputs(plan, { in: file }, { batchSize: 10, rejectsDir: null })).toThrow(`input 'in' (${file}): ${why}`);
    await expect(readAll(logNode('combined'), file)).rejects.toThrow(new JobError('input', `cannot read ${file}: ${why}`, { file }));
  });
});
