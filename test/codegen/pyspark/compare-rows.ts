// Compares an engine's rows with the runtime's: in order when the output is sorted, else as multisets;
// doubles to 12 significant digits (sums and means may differ in the last bits between engines).
import type { Schema } from '../../../plan/index.ts';

export type Rows = (string | null)[][];

function normalise(rows: Rows, schema: Schema): string[] {
  const doubles = schema.map((f) => f.type === 'double');
  return rows.map((r) =>
    JSON.stringify(
      r.map((v, i) => {
        if (v === null || !doubles[i]) return v;
        const x = Number(v);
        return Number.isFinite(x) && x !== 0 ? x.toPrecision(12) : v;
      }),
    ),
  );
}

/** Differences as text lines (empty when equal): rows only one side has, or the first row out of order. */
export function rowDifferences(engine: Rows, local: Rows, schema: Schema, ordered: boolean): string[] {
  const a = normalise(engine, schema);
  const b = normalise(local, schema);
  if (ordered) {
    const at = a.findIndex((x, i) => x !== b[i]);
    if (at < 0 && a.length === b.length) return [];
    const i = at < 0 ? Math.min(a.length, b.length) : at;
    return [`rows differ from #${i} (engine ${a.length} rows, runtime ${b.length}): engine ${a[i]} / runtime ${b[i]}`];
  }
  const count = new Map<string, number>();
  for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
  for (const x of b) count.set(x, (count.get(x) ?? 0) - 1);
  return [...count].filter(([, n]) => n !== 0).map(([x, n]) => `${n > 0 ? 'engine only' : 'runtime only'} x${Math.abs(n)}: ${x}`);
}
