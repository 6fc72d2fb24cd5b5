// An output file written as a stream: each write waits while the OS buffer drains, so memory stays bounded.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { dirname } from 'node:path';
import { JobError } from '../../plan/index.ts';

export class TextFile {
  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {}

  /** Creates (flags 'w') or appends to (flags 'a') a file, making its directory. */
  static async open(path: string, flags: 'w' | 'a' = 'w'): Promise<TextFile> {
    try {
      mkdirSync(dirname(path), { recursive: true });
      const stream = createWriteStream(path, { flags, encoding: 'utf8' });
      await once(stream, 'open');
      return new TextFile(path, stream);
    } catch (e) {
      throw new JobError('runtime', `cannot write ${path}: ${(e as Error).message}`, { file: path });
    }
  }

  async write(text: string): Promise<void> {
    if (text.length > 0 && !this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Bytes to write as they are; the caller must not change them afterwards (they are not copied). */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (bytes.length > 0 && !this.stream.write(bytes)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await finished(this.stream);
  }
}
