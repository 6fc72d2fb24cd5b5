// Text from a job (names, descriptions, literals) made safe to show: on a terminal an ANSI escape would
// recolour or rewrite the screen, in a generated script a line break would end a comment.

/** C0 and C1 controls, DEL, line/paragraph separators and the bidirectional overrides ("Trojan source"). */
const UNPRINTABLE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** `s` with every control character written as `\uXXXX` (ESC is `\u001b`); other text is unchanged. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Whether `s` holds a character `printable` would escape. */
export function hasControlChars(s: string): boolean {
  return new RegExp(UNPRINTABLE.source, 'u').test(s);
}
