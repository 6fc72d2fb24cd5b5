// Splits a file into physical lines, chunk by chunk, as Hadoop's line reader does (the one Pig and Spark
// use): LF, CR and CRLF end a line; an end of file right after a line break does not start another line.
import { readBytes, type ByteSourceOptions } from './byte-source.ts';

export interface LineChunk {
  /** Lines without their terminators, UTF-8 decoded (invalid bytes become U+FFFD). */
  readonly lines: string[];
  /** 1-based number of lines[0] in the file. */
  readonly firstLine: number;
}

export interface LineSourceOptions extends ByteSourceOptions {
  /** Drop a UTF-8 byte order mark at the start of the file (data formats; logs keep it, as Hadoop does). */
  readonly stripBom?: boolean;
}

const BREAK = /\r\n?|\n/g;

export async function* readLines(path: string, opts: LineSourceOptions = {}): AsyncGenerator<LineChunk> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: !opts.stripBom });
  let carry = '';
  let skipLf = false; // the previous chunk ended with CR: a LF starting this one belongs to it
  let next = 1;
  // Only the new text is scanned: a long line spread over many chunks grows `carry` without rescanning it.
  const split = (text: string, final: boolean): LineChunk | null => {
    let start = 0;
    if (skipLf && text.length > 0) {
      if (text.charCodeAt(0) === 10) start = 1;
      skipLf = false;
    }
    const lines: string[] = [];
    BREAK.lastIndex = start;
    for (let m = BREAK.exec(text); m !== null; m = BREAK.exec(text)) {
      lines.push(carry + text.slice(start, m.index));
      carry = '';
      start = m.index + m[0].length;
      if (m[0] === '\r' && start === text.length && !final) skipLf = true;
    }
    carry += text.slice(start);
    if (final && carry.length > 0) {
      lines.push(carry);
      carry = '';
    }
    if (lines.length === 0) return null;
    const chunk = { lines, firstLine: next };
    next += lines.length;
    return chunk;
  };
  for await (const bytes of readBytes(path, opts)) {
    const chunk = split(decoder.decode(bytes, { stream: true }), false);
    if (chunk) yield chunk;
  }
  const last = split(decoder.decode(), true);
  if (last) yield last;
}
