// Streams an input file's bytes in bounded chunks, gunzipping gzip files (told by their first bytes, whatever
// their name), and reports progress in bytes of the file on disk. Errors become input errors naming the file.
import { createReadStream, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { JobError } from '../../plan/index.ts';
import { compressionProblem, sniffCompression } from './compression-sniffer.ts';

export interface ByteSourceOptions {
  /** Bytes read from disk per chunk. */
  readonly chunkBytes?: number;
  readonly onBytes?: (bytesSoFar: number, bytesTotal: number) => void;
}

export const DEFAULT_CHUNK_BYTES = 256 * 1024;

function inputError(path: string, e: unknown): JobError {
  const err = e as NodeJS.ErrnoException;
  const why =
    err.code === 'ENOENT' ? 'no such file'
    : err.code === 'EISDIR' ? 'is a directory (name a file)'
    : err.code === 'EACCES' ? 'permission denied'
    : err.code?.startsWith('Z_') ? `not a valid gzip file (${err.message})`
    : err.message;
  return new JobError('input', `cannot read ${path}: ${why}`, { file: path });
}

/** The file's (decompressed) bytes; the stream is closed when the consumer stops early. */
export async function* readBytes(path: string, opts: ByteSourceOptions = {}): AsyncGenerator<Buffer> {
  let total: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    total = st.size;
  } catch (e) {
    throw inputError(path, e);
  }
  const problem = compressionProblem(path);
  if (problem !== null) throw new JobError('input', `cannot read ${path}: ${problem}`, { file: path });
  const file = createReadStream(path, { highWaterMark: opts.chunkBytes ?? DEFAULT_CHUNK_BYTES });
  const gz = sniffCompression(path) === 'gzip';
  const stream = gz ? file.pipe(createGunzip({ chunkSize: opts.chunkBytes ?? DEFAULT_CHUNK_BYTES })) : file;
  // pipe() does not forward errors: a read failure must end the gunzip stream too.
  if (gz) file.on('error', (e) => stream.destroy(e));
  let reported = -1;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (opts.onBytes && file.bytesRead !== reported) {
        reported = file.bytesRead;
        opts.onBytes(reported, total);
      }
      yield chunk;
    }
  } catch (e) {
    throw e instanceof JobError ? e : inputError(path, e);
  } finally {
    file.destroy();
    if (gz) stream.destroy();
  }
}
