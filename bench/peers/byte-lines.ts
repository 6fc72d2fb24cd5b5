// Reads a file in large chunks and hands each line to a callback as a byte range of one Buffer: no string
// per line. LF, CR and CRLF end a line (as Hadoop's reader, and so the runtime, split them).
import { closeSync, openSync, readSync } from 'node:fs';

export type LineFn = (buf: Buffer, start: number, end: number) => void;

export function forEachLine(path: string, fn: LineFn, chunkBytes = 4 << 20): void {
  const fd = openSync(path, 'r');
  let buf = Buffer.allocUnsafe(chunkBytes);
  let len = 0;
  let eof = false;
  try {
    while (!eof || len > 0) {
      if (!eof) {
        const n = readSync(fd, buf, len, buf.length - len, null);
        if (n === 0) eof = true;
        len += n;
      }
      // A view of the valid bytes, so indexOf never looks at stale bytes past them.
      const view = buf.subarray(0, len);
      let s = 0;
      let cr = view.indexOf(13);
      if (cr < 0) cr = len;
      for (;;) {
        if (cr < s) {
          cr = view.indexOf(13, s);
          if (cr < 0) cr = len;
        }
        let lf = view.indexOf(10, s);
        if (lf < 0) lf = len;
        const end = lf < cr ? lf : cr;
        if (end === len) break;
        let next = end + 1;
        if (end === cr) {
          if (next === len && !eof) break; // a LF may follow in the next chunk
          if (next < len && view[next] === 10) next++;
        }
        fn(view, s, end);
        s = next;
      }
      if (eof) {
        if (s < len) fn(view, s, len);
        len = 0;
        continue;
      }
      if (s === 0 && len === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, len);
        buf = bigger;
      } else {
        buf.copy(buf, 0, s, len);
        len -= s;
      }
    }
  } finally {
    closeSync(fd);
  }
}
