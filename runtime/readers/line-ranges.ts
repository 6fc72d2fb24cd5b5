// Splits a file into physical lines as byte ranges of large buffers, without a string per line: the same
// lines as line-source.ts (LF, CR and CRLF end a line; an end of file right after a line break does not
// start another line), for readers that look at bytes first and decode only what they keep.
import { isUtf8 } from 'node:buffer';
import { readBytes, type ByteSourceOptions } from './byte-source.ts';

const LF = 10;
const CR = 13;

export interface LineRanges {
  readonly buf: Buffer;
  /** Line k is buf[starts[k], ends[k]), its terminator excluded. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
  /** 1-based number of line 0 in the file. */
  readonly firstLine: number;
  /** Every line is valid UTF-8, so its bytes are exactly the UTF-8 of its decoded text. */
  readonly utf8: boolean;
}

const INITIAL_LINES = 1024;

export async function* readLineRanges(path: string, opts: ByteSourceOptions = {}): AsyncGenerator<LineRanges> {
  let starts = new Int32Array(INITIAL_LINES);
  let ends = new Int32Array(INITIAL_LINES);
  let count = 0;
  let next = 1;
  // The start of a line not yet ended, possibly spread over several chunks (kept, not rescanned).
  let carry: Buffer[] = [];
  let skipLf = false; // the previous chunk ended with CR: a LF starting this one belongs to it

  const add = (s: number, e: number): void => {
    if (count === starts.length) {
      const grownStarts = new Int32Array(count * 2);
      const grownEnds = new Int32Array(count * 2);
      grownStarts.set(starts);
      grownEnds.set(ends);
      starts = grownStarts;
      ends = grownEnds;
    }
    starts[count] = s;
    ends[count] = e;
    count++;
  };
  const take = (buf: Buffer, utf8: boolean): LineRanges => {
    const chunk = { buf, starts, ends, count, firstLine: next, utf8 };
    next += count;
    // The consumer may keep the arrays while it works through them: the next chunk gets fresh ones.
    starts = new Int32Array(starts.length);
    ends = new Int32Array(ends.length);
    count = 0;
    return chunk;
  };

  for await (const bytes of readBytes(path, opts)) {
    let from = 0;
    if (skipLf && bytes.length > 0) {
      if (bytes[0] === LF) from = 1;
      skipLf = false;
    }
    const tail = from === 0 ? bytes : bytes.subarray(from);
    let lf = tail.indexOf(LF);
    let cr = tail.indexOf(CR);
    if (lf < 0 && cr < 0) {
      if (tail.length > 0) carry.push(tail);
      continue;
    }
    // A line begun in earlier chunks ends in this one: copied in front of it, so that it is one range.
    let buf = tail;
    if (carry.length > 0) {
      const carried = carry.reduce((n, b) => n + b.length, 0);
      buf = Buffer.concat([...carry, tail]);
      carry = [];
      if (lf >= 0) lf += carried;
      if (cr >= 0) cr += carried;
    }
    let start = 0;
    while (lf >= 0 || cr >= 0) {
      let end: number;
      let after: number;
      if (cr < 0 || (lf >= 0 && lf < cr)) {
        end = lf;
        after = lf + 1;
        lf = buf.indexOf(LF, after);
      } else {
        end = cr;
        after = cr + 1;
        if (after < buf.length && buf[after] === LF) {
          after++;
          lf = buf.indexOf(LF, after);
        } else if (after === buf.length) skipLf = true;
        cr = buf.indexOf(CR, after);
      }
      add(start, end);
      start = after;
    }
    if (start < buf.length) carry.push(buf.subarray(start));
    yield take(buf, isUtf8(buf.subarray(0, ends[count - 1])));
  }
  if (carry.length > 0) {
    const buf = carry.length === 1 ? carry[0] : Buffer.concat(carry);
    add(0, buf.length);
    yield take(buf, isUtf8(buf));
  }
}
