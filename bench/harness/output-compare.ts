// Checks an implementation's output against the reference: the same header and rows (in order when the
// job orders them, as a multiset otherwise), text equal except doubles, which may differ by 1e-9 relative.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { parseCsv, type Record } from './csv-records.ts';

export interface CompareSpec {
  readonly ordered: boolean;
  /** Indexes of double columns. */
  readonly doubles: ReadonlySet<number>;
}

export function sameBytes(a: string, b: string): boolean {
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  const ba = Buffer.allocUnsafe(1 << 20);
  const bb = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const na = readSync(fa, ba, 0, ba.length, null);
      const nb = readSync(fb, bb, 0, bb.length, null);
      if (na !== nb || ba.compare(bb, 0, nb, 0, na) !== 0) return false;
      if (na === 0) return true;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

function cellsEqual(x: string | null, y: string | null, double: boolean): boolean {
  if (x === y) return true;
  if (!double || x === null || y === null) return false;
  const a = Number(x);
  const b = Number(y);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** Null when equal, else a description of the first difference. */
export function compareOutputs(reference: string, candidate: string, spec: CompareSpec): string | null {
  if (sameBytes(reference, candidate)) return null;
  const [refHead, ...refRows] = parseCsv(readFileSync(reference, 'utf8'));
  const [candHead, ...candRows] = parseCsv(readFileSync(candidate, 'utf8'));
  let ref = refRows;
  let cand = candRows;
  const show = (r: Record | undefined) => (r ? JSON.stringify(r) : 'no row');
  if (show(refHead) !== show(candHead)) return `header ${show(candHead)}, expected ${show(refHead)}`;
  if (!spec.ordered) {
    // Doubles are left out of the sort key, so rows that differ only within tolerance still pair up.
    const sorted = (rows: Record[]) =>
      rows
        .map((r) => ({ r, k: JSON.stringify(r.map((v, c) => (spec.doubles.has(c) ? 0 : v))) }))
        .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
        .map((x) => x.r);
    ref = sorted(ref);
    cand = sorted(cand);
  }
  const n = Math.max(ref.length, cand.length);
  for (let i = 0; i < n; i++) {
    const a = ref[i];
    const b = cand[i];
    const bad = !a || !b || a.length !== b.length || a.some((v, c) => !cellsEqual(v, b[c], spec.doubles.has(c)));
    if (bad) {
      const where = spec.ordered ? `row ${i + 1}` : `sorted row ${i + 1}`;
      return `${cand.length} rows (expected ${ref.length}); first difference at ${where}: ${show(b)}, expected ${show(a)}`;
    }
  }
  return null;
}
