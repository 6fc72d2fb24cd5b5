// Splits a file into physical lines, chunk by chunk, as Hadoop's line reader does (the one Pig and Spark
// use): LF, CR and CRLF end a line; an end of file right after a line break does not start another line.
import { isAscii } from 'node:buffer';
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

const LF = 10;

/**
 * A streaming UTF-8 decoder that copies ASCII chunks as Latin-1 (a plain copy, far cheaper than decoding).
 * That is only exact while the decoder holds no partial sequence; one ASCII chunk through the decoder
 * completes any such sequence, so the fast path resumes at the chunk after it. A decoder that has not seen
 * the file's first bytes must keep a byte order mark: only the file's first one is dropped (stripBom).
 */
function chunkDecoder(stripBom: boolean): (bytes: Buffer | null) => string {
  let decoder = new TextDecoder('utf-8', { ignoreBOM: !stripBom });
  let atStart = true;
  let clean = true;
  return (bytes) => {
    if (bytes === null) return decoder.decode();
    const ascii = isAscii(bytes);
    if (ascii && clean) {
      if (atStart && bytes.length > 0) {
        atStart = false;
        if (stripBom) decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      }
      return bytes.toString('latin1');
    }
    atStart = false;
    clean = ascii;
    return decoder.decode(bytes, { stream: true });
  };
}

export async function* readLines(path: string, opts: LineSourceOptions = {}): AsyncGenerator<LineChunk> {
  const decode = chunkDecoder(opts.stripBom === true);
  let carry = '';
  let skipLf = false; // the previous chunk ended with CR: a LF starting this one belongs to it
  let next = 1;
  // Only the new text is scanned: a long line spread over many chunks grows `carry` without rescanning it.
  // CR is rare: it is searched for once per chunk, and again only after one is found.
  const split = (text: string, final: boolean): LineChunk | null => {
    let start = 0;
    if (skipLf && text.length > 0) {
      if (text.charCodeAt(0) === LF) start = 1;
      skipLf = false;
    }
    const lines: string[] = [];
    let lf = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    while (lf >= 0 || cr >= 0) {
      let end: number;
      let after: number;
      if (cr < 0 || (lf >= 0 && lf < cr)) {
        end = lf;
        after = lf + 1;
        lf = text.indexOf('\n', after);
      } else {
        end = cr;
        after = cr + 1;
        if (after < text.length && text.charCodeAt(after) === LF) {
          after++;
          lf = text.indexOf('\n', after);
        } else if (after === text.length && !final) skipLf = true;
        cr = text.indexOf('\r', after);
      }
      lines.push(carry + text.slice(start, end));
      carry = '';
      start = after;
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
    const chunk = split(decode(bytes), false);
    if (chunk) yield chunk;
  }
  const last = split(decode(null), true);
  if (last) yield last;
}
