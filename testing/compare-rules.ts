// Compares one plan's outputs from two engines as cell text (null stays null), deciding per output what the
// plan determines: a multiset of rows, or an order (with ties and a `limit` boundary left free), doubles
// within a relative tolerance. A mismatch comes back as a readable diff, never a thrown error.
import { nodeById, sinks, type ColumnType, type Plan, type SinkNode, type SortKey } from '../plan/index.ts';

export type Cell = string | null;
export type Rows = readonly (readonly Cell[])[];
export type CaseOutputs = Record<string, Rows>;

/**
 * What the plan determines about one output's rows (docs/codegen.md, "Conformance"):
 * - `multiset`: the rows, in any order;
 * - `ordered`: the output is a sort (optionally under a limit): the sequence of sort-key tuples must be
 *   equal; rows sharing a key tuple (a tie group) are compared as multisets, except — under a limit that
 *   filled up — the last tie group, which the limit may have cut anywhere: only its key tuples count;
 * - `count`: a limit over unordered rows: only the number of rows is determined.
 */
export type OrderRule =
  | { readonly kind: 'multiset' }
  | {
      readonly kind: 'ordered';
      readonly keys: readonly { readonly index: number; readonly desc: boolean }[];
      readonly limit: number | null;
      /** The rows were sorted, but their order was lost on the way out (partition folders): sort again. */
      readonly resort?: boolean;
    }
  | { readonly kind: 'count' };

export interface CompareOptions {
  /** Relative tolerance for doubles (default 1e-9); NaN equals NaN. */
  readonly relTol?: number;
  /**
   * Treat '' and null as equal in string columns. Only for outputs written by Pig's CSVExcelStorage, which
   * writes both as nothing (docs/engines.md, "Pig cannot tell null from empty string in CSV").
   */
  readonly emptyStringIsNull?: boolean;
  /** Names of the two sides in diffs. */
  readonly labels?: readonly [string, string];
  /** Rows shown per side in a diff (default 8). */
  readonly maxRows?: number;
}

export interface Comparison {
  readonly equal: boolean;
  /** Empty when equal. */
  readonly diff: string;
}

/** The order rule of a sink: decided by the last operation before it. */
export function orderRuleFor(plan: Plan, sink: SinkNode): OrderRule {
  const byId = nodeById(plan);
  const input = byId.get(sink.input)!;
  const keysOf = (keys: readonly SortKey[]) => keys.map((k) => ({ index: sink.schema.findIndex((f) => f.name === k.column), desc: k.desc }));
  // Partition folders lose the row order: a sorted output is a multiset, but a limit's cut still matters.
  const partitioned = sink.partitionBy !== null;
  if (input.kind === 'sort') return partitioned ? { kind: 'multiset' } : { kind: 'ordered', keys: keysOf(input.keys), limit: null };
  if (input.kind === 'limit') {
    const below = byId.get(input.input)!;
    if (below.kind === 'sort') return { kind: 'ordered', keys: keysOf(below.keys), limit: input.n, ...(partitioned ? { resort: true } : {}) };
    return { kind: 'count' };
  }
  return { kind: 'multiset' };
}

/** Compares every output of a plan; outputs missing on either side are differences. */
export function compareCase(plan: Plan, a: CaseOutputs, b: CaseOutputs, opts: CompareOptions = {}): Comparison {
  const diffs: string[] = [];
  for (const s of sinks(plan)) {
    const [la, lb] = opts.labels ?? ['A', 'B'];
    if (!(s.output in a) || !(s.output in b)) {
      diffs.push(`output '${s.output}': missing from ${!(s.output in a) ? la : lb}`);
      continue;
    }
    const types = s.schema.map((f) => f.type);
    // A partition value '' is written to the default partition, as null is (docs/semantics.md, Outputs):
    // read back from the folders it is null, so an in-memory '' compares as null.
    const at = s.partitionBy === null ? -1 : s.schema.findIndex((f) => f.name === s.partitionBy);
    const folded = (rows: Rows): Rows => (at < 0 ? rows : rows.map((r) => (r[at] === '' ? r.map((c, i) => (i === at ? null : c)) : r)));
    const r = compareRows(folded(a[s.output]), folded(b[s.output]), types, orderRuleFor(plan, s), opts);
    if (!r.equal) diffs.push(`output '${s.output}' [${s.schema.map((f) => `${f.name}:${f.type}`).join(', ')}]:\n${r.diff}`);
  }
  return { equal: diffs.length === 0, diff: diffs.join('\n\n') };
}

/** Compares the rows of one output under an order rule. */
export function compareRows(a: Rows, b: Rows, types: readonly ColumnType[], rule: OrderRule, opts: CompareOptions = {}): Comparison {
  const [la, lb] = opts.labels ?? ['A', 'B'];
  const width = [...a, ...b].find((r) => r.length !== types.length);
  if (width) return fail(`a row has ${width.length} cells, expected ${types.length}: ${show(width)}`);
  const na = a.map((r) => normalise(r, types, opts));
  const nb = b.map((r) => normalise(r, types, opts));
  const eq = cellEquality(types, opts.relTol ?? 1e-9);
  const counts = `${la} has ${a.length} rows, ${lb} has ${b.length}`;
  if (rule.kind === 'count') return a.length === b.length ? ok : fail(`row counts differ under an unordered limit: ${counts}`);
  if (rule.kind === 'multiset') {
    const m = multisetDiff(na, nb, eq);
    return m.onlyA.length === 0 && m.onlyB.length === 0 ? ok : fail(`${counts} (compared as multisets)\n${sideBySide(m.onlyA, m.onlyB, opts)}`);
  }
  if (rule.resort) {
    const byKeys = (x: Cell[], y: Cell[]) => {
      for (const k of rule.keys) {
        const c = compareCells(x[k.index], y[k.index], types[k.index]);
        if (c !== 0) return k.desc ? -c : c;
      }
      return 0;
    };
    na.sort(byKeys);
    nb.sort(byKeys);
  }
  return compareOrdered(na, nb, rule, eq, opts, counts);
}

const ok: Comparison = { equal: true, diff: '' };
const fail = (diff: string): Comparison => ({ equal: false, diff });

type RowEq = (x: readonly Cell[], y: readonly Cell[], cols?: readonly number[]) => boolean;

function compareOrdered(a: Cell[][], b: Cell[][], rule: Extract<OrderRule, { kind: 'ordered' }>, eq: RowEq, opts: CompareOptions, counts: string): Comparison {
  const keyCols = rule.keys.map((k) => k.index);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (!eq(a[i], b[i], keyCols)) {
      return fail(`${counts}; the sort-key sequence differs first at row ${i + 1} (keys: columns ${keyCols.map((c) => c + 1).join(', ')})\n${sideBySide(a.slice(i, i + 4), b.slice(i, i + 4), opts)}`);
    }
  }
  if (a.length !== b.length) return fail(`${counts}; equal sort keys up to row ${n}\n${sideBySide(a.slice(n), b.slice(n), opts)}`);
  // Tie groups: runs of equal key tuples; the order inside a group is not determined.
  const groups: [number, number][] = [];
  for (let i = 0; i < a.length; ) {
    let j = i + 1;
    while (j < a.length && eq(a[i], a[j], keyCols)) j++;
    groups.push([i, j]);
    i = j;
  }
  const cut = rule.limit !== null && a.length === rule.limit && a.length > 0;
  for (const [g, [from, to]] of groups.entries()) {
    if (cut && g === groups.length - 1) break;
    const m = multisetDiff(a.slice(from, to), b.slice(from, to), eq);
    if (m.onlyA.length || m.onlyB.length) {
      return fail(`${counts}; sort keys agree, but the tie group at rows ${from + 1}-${to} holds other rows\n${sideBySide(m.onlyA, m.onlyB, opts)}`);
    }
  }
  return ok;
}

/** Rows of each side with no equal row on the other side (exact text first, then within tolerance). */
function multisetDiff(a: Cell[][], b: Cell[][], eq: RowEq): { onlyA: Cell[][]; onlyB: Cell[][] } {
  const pending = new Map<string, Cell[][]>();
  for (const r of b) {
    const k = JSON.stringify(r);
    const list = pending.get(k);
    if (list) list.push(r);
    else pending.set(k, [r]);
  }
  const onlyA: Cell[][] = [];
  for (const r of a) {
    const list = pending.get(JSON.stringify(r));
    if (list && list.length) list.pop();
    else onlyA.push(r);
  }
  const onlyB = [...pending.values()].flat();
  if (onlyA.length > 2000 || onlyB.length > 2000) return { onlyA, onlyB };
  // Doubles within tolerance: match the leftovers pairwise.
  const restA: Cell[][] = [];
  for (const r of onlyA) {
    const j = onlyB.findIndex((x) => eq(r, x));
    if (j >= 0) onlyB.splice(j, 1);
    else restA.push(r);
  }
  return { onlyA: restA, onlyB };
}

function normalise(row: readonly Cell[], types: readonly ColumnType[], opts: CompareOptions): Cell[] {
  return row.map((c, i) => (opts.emptyStringIsNull && types[i] === 'string' && c === '' ? null : c));
}

const DOUBLE_TEXT = /^(?:-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|NaN|-?Infinity)$/;

/** Cells equal as text, or as doubles within `relTol` (NaN = NaN; -0.0 = 0.0). */
export function doublesClose(x: string, y: string, relTol: number): boolean {
  if (x === y) return true;
  if (!DOUBLE_TEXT.test(x) || !DOUBLE_TEXT.test(y)) return false;
  const a = Number(x);
  const b = Number(y);
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b));
}

function cellEquality(types: readonly ColumnType[], relTol: number): RowEq {
  const all = types.map((_, i) => i);
  return (x, y, cols = all) =>
    cols.every((i) => {
      const a = x[i];
      const b = y[i];
      if (a === null || b === null) return a === b;
      return types[i] === 'double' ? doublesClose(a, b, relTol) : a === b;
    });
}

const show = (r: readonly Cell[]) => JSON.stringify(r);

function sideBySide(a: readonly (readonly Cell[])[], b: readonly (readonly Cell[])[], opts: CompareOptions): string {
  const [la, lb] = opts.labels ?? ['A', 'B'];
  const max = opts.maxRows ?? 8;
  const list = (label: string, rows: readonly (readonly Cell[])[]) => [
    `  only in ${label} (${rows.length}):`,
    ...rows.slice(0, max).map((r) => `    ${show(r)}`),
    ...(rows.length > max ? [`    … ${rows.length - max} more`] : []),
  ];
  return [...list(la, a), ...list(lb, b)].join('\n');
}

/**
 * Checks that rows really are in the order a sort node asks for (docs/semantics.md, Ordering): nulls first
 * ascending and last descending, strings by UTF-16 code units, false < true, numbers and instants by value.
 * Returns the first offending row pair, or null.
 */
export function orderViolation(rows: Rows, types: readonly ColumnType[], keys: readonly { index: number; desc: boolean }[]): string | null {
  for (let i = 1; i < rows.length; i++) {
    for (const k of keys) {
      const c = compareCells(rows[i - 1][k.index], rows[i][k.index], types[k.index]);
      const d = k.desc ? -c : c;
      if (d < 0) break;
      if (d > 0) return `rows ${i} and ${i + 1} are out of order on column ${k.index + 1}: ${show(rows[i - 1])} then ${show(rows[i])}`;
    }
  }
  return null;
}

/** Ascending order of two cells of one type, nulls first. */
function compareCells(a: Cell, b: Cell, t: ColumnType): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  switch (t) {
    case 'int':
    case 'long': {
      const x = BigInt(a);
      const y = BigInt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'double':
      return Math.sign(Number(a) - Number(b));
    case 'boolean':
      return a === b ? 0 : a === 'false' ? -1 : 1;
    default:
      // Strings by UTF-16 code units (JS comparison); timestamps and dates as fixed-width ISO text.
      return a < b ? -1 : a > b ? 1 : 0;
  }
}
