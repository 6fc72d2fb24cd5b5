// The generators themselves: plans are valid and cover the catalogues, targets get only what they can
// express, and generated tables read back through the runtime's CSV reader exactly as generated.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AGG_NAMES, COLUMN_TYPES, FN_NAMES, PLAN_FORMAT, PLAN_VERSION, timePatternTokens, validatePlan,
  type ColumnType, type Expr, type Plan, type PlanNode,
} from '../../plan/index.ts';
import { executePlan, tableToRows } from '../../runtime/index.ts';
import { csvFormatOf, csvLines, HOSTILE_NAMES, unquotedField, REGEX_PATTERNS, schemaArb, schemaOf, tableArb, TIME_PATTERNS, type TableSpec } from '../harness/arbitraries/index.ts';
import { drawCases } from './support/conformance-run.ts';
import { isPlainPigName } from '../../codegen/pig/pig-names.ts';
import { writeCaseInputs } from './support/case-files.ts';

const work = mkdtempSync(path.join(tmpdir(), 'emr-jobs-arbitraries-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function exprsOf(n: PlanNode): Expr[] {
  switch (n.kind) {
    case 'filter':
      return [n.predicate];
    case 'project':
      return n.columns.map((c) => c.expr);
    case 'aggregate':
      return [...n.keys.map((k) => k.expr), ...n.aggs.flatMap((a) => [...(a.arg ? [a.arg] : []), ...(a.orderBy ?? []).map((k) => k.expr)])];
    default:
      return [];
  }
}

function calls(e: Expr, out: { fn: string; type: ColumnType }[] = []): { fn: string; type: ColumnType }[] {
  if (e.kind === 'call') {
    out.push({ fn: e.fn, type: e.type });
    e.args.forEach((a) => calls(a, out));
  } else if (e.kind === 'case') {
    e.branches.forEach((b) => (calls(b.when, out), calls(b.then, out)));
    calls(e.otherwise, out);
  } else if (e.kind === 'cast') calls(e.expr, out);
  return out;
}

const fnsOf = (p: Plan) => p.nodes.flatMap(exprsOf).flatMap((e) => calls(e));

describe.each(['pig', 'spark'] as const)('random plans for %s', (target) => {
  const cases = drawCases(target, 4242, 400);

  it('are valid plans', () => {
    for (const c of cases) {
      expect(c.plan.format).toBe(PLAN_FORMAT);
      expect(c.plan.version).toBe(PLAN_VERSION);
      expect(validatePlan(c.plan).map((e) => e.describe())).toEqual([]);
      const inputs = new Set(c.plan.nodes.flatMap((n) => (n.kind === 'source' ? [n.input] : [])));
      expect(new Set(c.tables.map((t) => t.input))).toEqual(inputs);
    }
  });

  it('use every function, aggregate, node kind, join kind and column type', () => {
    const fns = new Set(cases.flatMap((c) => fnsOf(c.plan).map((f) => f.fn)));
    expect(FN_NAMES.filter((f) => !fns.has(f))).toEqual([]);
    const aggs = new Set(cases.flatMap((c) => c.plan.nodes.flatMap((n) => (n.kind === 'aggregate' ? n.aggs.map((a) => a.fn) : []))));
    expect(AGG_NAMES.filter((a) => !aggs.has(a))).toEqual([]);
    const kinds = new Set(cases.flatMap((c) => c.plan.nodes.map((n) => n.kind)));
    expect(['source', 'filter', 'project', 'aggregate', 'join', 'cross', 'setOp', 'sort', 'limit', 'distinct', 'union', 'explode', 'window', 'sink'].filter((k) => !kinds.has(k as PlanNode['kind']))).toEqual([]);
    const hows = new Set(cases.flatMap((c) => c.plan.nodes.flatMap((n) => (n.kind === 'join' ? [n.how] : []))));
    expect([...hows].sort()).toEqual(['anti', 'full', 'inner', 'left', 'right', 'semi']);
    const ops = new Set(cases.flatMap((c) => c.plan.nodes.flatMap((n) => (n.kind === 'setOp' ? [n.op] : []))));
    expect([...ops].sort()).toEqual(['except', 'intersect']);
    const types = new Set(cases.flatMap((c) => c.tables.flatMap((t) => t.columns.map((col) => col.type))));
    expect(COLUMN_TYPES.filter((t) => !types.has(t))).toEqual([]);
    expect(cases.some((c) => c.plan.nodes.some((n) => n.kind === 'sink' && n.partitionBy !== null))).toBe(true);
    const formats = new Set(cases.flatMap((c) => c.plan.nodes.flatMap((n) => (n.kind === 'source' ? [n.format.kind] : []))));
    expect([...formats].sort()).toEqual(['cloudfront', 'csv', 'parquet', 'text']);
  });

  it('declare run-time parameters of every type, given as values and as defaults, and read them', () => {
    const decls = cases.flatMap((c) => (c.plan.params ?? []).map((p) => ({ p, given: p.name in c.params })));
    expect(COLUMN_TYPES.filter((t) => !decls.some((x) => x.p.type === t))).toEqual([]);
    expect([decls.some((x) => x.given && x.p.default === null), decls.some((x) => !x.given && x.p.default !== null)]).toEqual([true, true]);
    // Every declared parameter without a default has a value, and the plan reads parameters somewhere.
    expect(decls.filter((x) => x.p.default === null && !x.given)).toEqual([]);
    expect(cases.some((c) => JSON.stringify(c.plan.nodes).includes('"kind":"param"'))).toBe(true);
  });

  it('give the target only what it can express', () => {
    const modDouble = cases.some((c) => fnsOf(c.plan).some((f) => f.fn === 'mod' && f.type === 'double'));
    const jsonl = cases.some((c) => c.plan.nodes.some((n) => n.kind === 'sink' && n.format === 'jsonl'));
    // codegen/pig/pig-unsupported.ts: 'mod-double', 'jsonl-sink'.
    expect(modDouble).toBe(target === 'spark');
    expect(jsonl).toBe(target === 'spark');
    // Parquet outputs on both, never partitioned; Pig's only of plain names and no times ('parquet-time', 'parquet-name').
    const parquet = cases.flatMap((c) => c.plan.nodes.filter((n) => n.kind === 'sink' && n.format === 'parquet'));
    expect(parquet.length).toBeGreaterThan(10);
    expect(parquet.filter((n) => n.kind === 'sink' && n.partitionBy !== null)).toEqual([]);
    // Parquet inputs on both; Pig's under the same limits as its outputs.
    const parquetIn = cases.flatMap((c) => c.plan.nodes.filter((n) => n.kind === 'source' && n.format.kind === 'parquet'));
    expect(parquetIn.length).toBeGreaterThan(5);
    if (target === 'pig') {
      expect(parquetIn.flatMap((n) => n.schema.filter((f) => f.type === 'timestamp' || f.type === 'date' || !isPlainPigName(f.name)))).toEqual([]);
      const refused = parquet.flatMap((n) => n.schema.filter((f) => f.type === 'timestamp' || f.type === 'date' || !isPlainPigName(f.name)));
      expect(refused).toEqual([]);
    }
  });

  it('draw literal arguments every engine reads alike: time patterns the plan accepts', () => {
    for (const p of TIME_PATTERNS) expect(Array.isArray(timePatternTokens(p)), p).toBe(true);
    for (const [pattern, groups] of REGEX_PATTERNS) expect(new RegExp(`${pattern}|`).exec('')!.length - 1, pattern).toBe(groups);
  });

  it('the same seed gives the same cases', () => {
    expect(JSON.stringify(drawCases(target, 4242, 5))).toBe(JSON.stringify(cases.slice(0, 5)));
    expect(JSON.stringify(drawCases(target, 4243, 5))).not.toBe(JSON.stringify(cases.slice(0, 5)));
  });
});

describe('schemas and tables', () => {
  it('schemas have 1-6 uniquely named columns, hostile names among them', () => {
    const schemas = fc.sample(schemaArb(), { seed: 1, numRuns: 200 });
    for (const s of schemas) {
      expect(s.length).toBeGreaterThanOrEqual(1);
      expect(s.length).toBeLessThanOrEqual(6);
      expect(new Set(s.map((c) => c.name)).size).toBe(s.length);
    }
    const names = new Set(schemas.flatMap((s) => s.map((c) => c.name)));
    expect(HOSTILE_NAMES.filter((n) => names.has(n)).length).toBeGreaterThan(HOSTILE_NAMES.length / 2);
  });

  it('read back through the runtime CSV reader as generated: no rejects, every value equal', async () => {
    const tables = fc.sample(schemaArb().chain((cols) => tableArb(cols)), { seed: 2, numRuns: 150 });
    let cells = 0;
    for (const [i, t] of tables.entries()) {
      const inputs = await writeCaseInputs(path.join(work, `t${i}`), [t]);
      const { tables: out, inputs: stats } = await executePlan(identityPlan(t), inputs.exact);
      expect(stats[0].rejected, JSON.stringify(stats[0].byReason)).toBe(0);
      const rows = tableToRows(out.o);
      // Blank lines are skipped: an empty line, or unquoted, one of only characters up to U+0020 (docs/semantics.md).
      const lines = csvLines(t);
      const blank = (k: number) => (t.unquoted ? /^[\x00-\x20]*$/.test(lines[k]) : lines[k] === '');
      const asRead = (c: string | null) => (t.unquoted && c !== null ? unquotedField(c, t.delimiter) || null : c);
      const expected = t.rows.filter((_, k) => !blank(k)).map((r) => r.map((c, j) => canonical(t.columns[j].type, asRead(c))));
      expect(rows.map((r) => r.map((c, j) => canonical(t.columns[j].type, c)))).toEqual(expected);
      cells += rows.length * t.columns.length;
    }
    expect(cells).toBeGreaterThan(1000);
  });
});

/** source -> sink over one table. */
function identityPlan(t: TableSpec): Plan {
  const loc = { file: 'arbitraries.test', line: 1, column: 1 };
  const schema = schemaOf(t.columns);
  return {
    format: PLAN_FORMAT, version: PLAN_VERSION, job: 'identity', description: '',
    nodes: [
      { id: 's', kind: 'source', loc, schema, input: t.input, format: csvFormatOf(t) },
      { id: 'k', kind: 'sink', loc, schema, input: 's', output: 'o', format: 'csv', partitionBy: null },
    ],
  };
}

/**
 * A value's meaning from its text, written independently of the runtime from docs/semantics.md (Data inputs):
 * numbers and booleans may carry spaces and signs; timestamps are `yyyy-MM-dd[(T| )HH:mm[:ss[.f]]][zone]`.
 */
function canonical(t: ColumnType, text: string | null): string | null {
  if (text === null) return null;
  const s = text.replace(/^ +| +$/g, '');
  switch (t) {
    case 'int':
    case 'long':
      return BigInt(s.replace(/^\+/, '')).toString();
    case 'double':
      return Object.is(Number(s), -0) ? '-0' : String(Number(s.replace(/^\+/, '')));
    case 'boolean':
      return s.toLowerCase();
    case 'timestamp': {
      const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(s);
      if (!m) throw new Error(`not a timestamp: ${s}`);
      const ms = (m[4] ?? '0').padEnd(3, '0').slice(0, 3);
      const zone = !m[5] || m[5] === 'Z' ? 'Z' : m[5].length === 3 ? `${m[5]}:00` : m[5].length === 5 ? `${m[5].slice(0, 3)}:${m[5].slice(3)}` : m[5];
      return new Date(`${m[1]}T${m[2] ?? '00:00'}:${m[3] ?? '00'}.${ms}${zone}`).toISOString();
    }
    default:
      return text;
  }
}
