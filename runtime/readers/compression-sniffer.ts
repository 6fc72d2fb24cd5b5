// Tells compressed inputs by their first bytes, not their names: gzip is read through node:zlib; bzip2 and
// zstd have no decoder here (Node 20 has none for zstd), so they are refused before anything is written.
import { closeSync, openSync, readSync } from 'node:fs';
import { JobError } from '../../plan/index.ts';

export type Compression = 'gzip' | 'bzip2' | 'zstd';

const MAGIC: readonly (readonly [Compression, readonly number[]])[] = [
  ['gzip', [0x1f, 0x8b]],
  ['bzip2', [0x42, 0x5a, 0x68]], // "BZh"
  ['zstd', [0x28, 0xb5, 0x2f, 0xfd]],
];

/** The compression a file's first bytes announce, or null (plain, or unreadable: the read reports that). */
export function sniffCompression(path: string): Compression | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    return MAGIC.find(([, bytes]) => n >= bytes.length && bytes.every((b, i) => head[i] === b))?.[0] ?? null;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

const HOW: Record<Exclude<Compression, 'gzip'>, string> = {
  bzip2: 'bzip2-compressed; decompress it first (bunzip2) or use gzip',
  zstd: 'zstd-compressed; decompress it first (zstd -d) or use gzip',
};

/** Why the file cannot be read (`bzip2-compressed; decompress it first ...`), or null when it can. */
export function compressionProblem(path: string): string | null {
  const c = sniffCompression(path);
  return c === null || c === 'gzip' ? null : HOW[c];
}

/** A usage error (exit 2) for an input whose compression cannot be read, else null. */
export function unreadableCompression(input: string, path: string): JobError | null {
  const problem = compressionProblem(path);
  return problem === null ? null : new JobError('usage', `input '${input}' (${path}): ${problem}`, { file: path });
}
