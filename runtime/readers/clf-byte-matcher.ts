// Matches a Common or Combined Log Format line, given as UTF-8 bytes, against the format's regex of
// plan/formats.ts without a RegExp. The regex has a single way to match (each group ends at the first byte
// it cannot take), so one left-to-right pass finds every group. Bytes of 0x80 and up are never Java
// whitespace, quotes, brackets or digits, so matching the bytes means matching the decoded text.

/** Java's `\s`: space, tab, LF, VT, FF, CR. */
export const JAVA_SPACE = new Uint8Array(256);
for (const b of [32, 9, 10, 11, 12, 13]) JAVA_SPACE[b] = 1;

/** Start of each group's range in `ClfByteMatcher.f` (its end follows): the order of the regex's groups. */
export const HOST = 0, IDENT = 2, USER = 4, TIME = 6, REQUEST = 8, STATUS = 10, BYTES = 12, REFERER = 14, AGENT = 16;

const SPACE = 32, QUOTE = 34, DASH = 45, OPEN = 91, BACKSLASH = 92, CLOSE = 93;

const isDigit = (b: number): boolean => b >= 48 && b <= 57;

export class ClfByteMatcher {
  /** Group byte ranges (start, end pairs) of the last match. */
  readonly f = new Int32Array(18);
  private bsOf: Buffer | null = null;
  private nextBackslash = -1;

  constructor(private readonly combined: boolean) {}

  /** True when bytes [s, e) match the regex; the groups are then in `f`. */
  match(buf: Buffer, s: number, e: number): boolean {
    const f = this.f;
    const escapes = this.hasBackslash(buf, s, e);
    let p = s;
    // ^(\S+) (\S+) (\S+) \[
    for (let k = HOST; k <= USER; k += 2) {
      f[k] = p;
      while (p < e && JAVA_SPACE[buf[p]] === 0) p++;
      if (p === f[k] || p >= e || buf[p] !== SPACE) return false;
      f[k + 1] = p++;
    }
    // \[([^\]]+)\]
    if (p >= e || buf[p] !== OPEN) return false;
    f[TIME] = ++p;
    const close = buf.indexOf(CLOSE, p);
    if (close < 0 || close >= e || close === p) return false;
    f[TIME + 1] = close;
    p = close + 1;
    //  "request" (\d{3}) (\d+|-)
    if ((p = this.quoted(buf, p, e, REQUEST, escapes)) < 0) return false;
    if (p + 4 >= e || buf[p] !== SPACE || !isDigit(buf[p + 1]) || !isDigit(buf[p + 2]) || !isDigit(buf[p + 3]) || buf[p + 4] !== SPACE) {
      return false;
    }
    f[STATUS] = p + 1;
    f[STATUS + 1] = p + 4;
    p += 5;
    f[BYTES] = p;
    if (p < e && buf[p] === DASH) p++;
    else while (p < e && isDigit(buf[p])) p++;
    if (p === f[BYTES]) return false;
    f[BYTES + 1] = p;
    //  "referer" "agent"
    if (this.combined) {
      if ((p = this.quoted(buf, p, e, REFERER, escapes)) < 0) return false;
      if ((p = this.quoted(buf, p, e, AGENT, escapes)) < 0) return false;
    }
    // \s*$
    for (; p < e; p++) if (JAVA_SPACE[buf[p]] === 0) return false;
    return true;
  }

  /** Whether a backslash lies in [s, e); the next one's position is kept, so a buffer is searched once. */
  private hasBackslash(buf: Buffer, s: number, e: number): boolean {
    if (buf !== this.bsOf || (this.nextBackslash >= 0 && this.nextBackslash < s)) {
      this.bsOf = buf;
      this.nextBackslash = buf.indexOf(BACKSLASH, s);
    }
    return this.nextBackslash >= 0 && this.nextBackslash < e;
  }

  /** ` "text"` at p: stores the text's range at group g; returns the index after the closing quote or -1. */
  private quoted(buf: Buffer, p: number, e: number, g: number, escapes: boolean): number {
    if (p + 1 >= e || buf[p] !== SPACE || buf[p + 1] !== QUOTE) return -1;
    p += 2;
    this.f[g] = p;
    const q = escapes ? closingQuote(buf, p, e) : buf.indexOf(QUOTE, p);
    if (q < 0 || q >= e) return -1;
    this.f[g + 1] = q;
    return q + 1;
  }
}

/**
 * `(?:[^"\\]|\\.)*"` from p: a backslash takes the next character whatever it is, except one of Java's line
 * terminators (U+0085, U+2028, U+2029 in UTF-8; CR and LF never occur inside a line).
 */
function closingQuote(buf: Buffer, p: number, e: number): number {
  for (; p < e; p++) {
    const b = buf[p];
    if (b === QUOTE) return p;
    if (b !== BACKSLASH) continue;
    if (++p >= e) return -1;
    const c = buf[p];
    if (c === 0xc2 && p + 1 < e && buf[p + 1] === 0x85) return -1;
    if (c === 0xe2 && p + 2 < e && buf[p + 1] === 0x80 && (buf[p + 2] === 0xa8 || buf[p + 2] === 0xa9)) return -1;
  }
  return -1;
}
