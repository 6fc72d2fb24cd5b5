// String functions in UTF-16 code units (as Java and JavaScript count): lower/upper without locale,
// trim of U+0020 only, 0-based clipped substring, concat null if any part is null.
import { strs, type Lane } from '../columns/lane.ts';
import type { FnKernelFactory } from './kernel-types.ts';
import { rowwise } from './rowwise.ts';

const map1 = (type: Lane['type'], f: (s: string) => string | number): FnKernelFactory => () => (args, n) => {
  const s = strs(args[0]);
  return rowwise(type, n, args, (i) => f(s[i]));
};

const test2 = (f: (s: string, t: string) => boolean): FnKernelFactory => () => (args, n) => {
  const s = strs(args[0]);
  const t = strs(args[1]);
  return rowwise('boolean', n, args, (i) => (f(s[i], t[i]) ? 1 : 0));
};

/** The window [start, start+len) of s intersected with the string; empty when it misses it. */
export function clippedSubstring(s: string, start: number, len: number): string {
  const from = Math.max(0, start);
  const to = Math.min(s.length, start + Math.max(0, len));
  return to > from ? s.slice(from, to) : '';
}

export const STRINGS = {
  lower: map1('string', (s) => s.toLowerCase()),
  upper: map1('string', (s) => s.toUpperCase()),
  trim: map1('string', (s) => s.replace(/^ +| +$/g, '')),
  length: map1('int', (s) => s.length),
  substring: () => (args, n) => {
    const s = strs(args[0]);
    const start = args[1].values as Int32Array;
    const len = args[2].values as Int32Array;
    return rowwise('string', n, args, (i) => clippedSubstring(s[i], start[i], len[i]));
  },
  concat: () => (args, n) => {
    const parts = args.map(strs);
    return rowwise('string', n, args, (i) => {
      let out = '';
      for (const p of parts) out += p[i];
      return out;
    });
  },
  startsWith: test2((s, t) => s.startsWith(t)),
  endsWith: test2((s, t) => s.endsWith(t)),
  contains: test2((s, t) => s.includes(t)),
} satisfies Record<string, FnKernelFactory>;
