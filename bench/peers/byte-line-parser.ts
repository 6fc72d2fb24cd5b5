// The scanner peer matches Combined Log Format lines with the runtime's byte matcher (one left-to-right
// pass, no RegExp; runtime/readers/clf-byte-matcher.ts). What the peer adds is everything around it: no
// Arrow columns, no batches, groups keyed by bytes and CSV written from bytes.
import { ClfByteMatcher } from '../../runtime/readers/clf-byte-matcher.ts';

export { AGENT, BYTES, HOST, IDENT, JAVA_SPACE as WS, REFERER, REQUEST, STATUS, TIME, USER } from '../../runtime/readers/clf-byte-matcher.ts';

/** A matcher for the combined format. */
export class ByteLineParser extends ClfByteMatcher {
  constructor() {
    super(true);
  }
}
