// Typing rules: the type of an expression over a schema, and the output schema of each node kind.
// The DSL builds nodes with these; validation recomputes them to check a plan read from JSON.
import { AGGREGATES, aggParamProblem, FUNCTIONS, fnResult, type AggParam, type FnSpec } from './catalogue.ts';
import type { Expr } from './expr.ts';
import { regexDialectProblem } from './regex-dialect.ts';
import { fixedSchema } from './formats.ts';
import { mlOutputSchema } from './ml.ts';
import { isSemiJoin, type PlanNode, type WindowNode } from './nodes.ts';
import { windowCallProblem, windowResult } from './window.ts';
import { field, isColumnType, isNumeric, widenNumeric, type ColumnType, type Field, type NumericType, type Schema } from './types.ts';

export class TypeRuleError extends Error {}

/** The type of `e` over `schema`; throws TypeRuleError naming what is wrong. */
export function typeOf(e: Expr, schema: Schema): ColumnType {
  switch (e.kind) {
    case 'col': {
      const f = schema.find((x) => x.name === e.name);
      if (!f) throw new TypeRuleError(`no column '${e.name}' (columns: ${schema.map((x) => x.name).join(', ')})`);
      return f.type;
    }
    case 'lit':
      if (!isColumnType(e.type)) throw new TypeRuleError(`literal has unknown type '${e.type}'`);
      return e.type;
    case 'param':
      if (!isColumnType(e.type)) throw new TypeRuleError(`parameter '${e.name}' has unknown type '${e.type}'`);
      return e.type;
    case 'call': {
      const spec = (FUNCTIONS as Record<string, FnSpec>)[e.fn];
      if (!spec) throw new TypeRuleError(`unknown function '${e.fn}'`);
      for (const i of spec.literalArgs ?? []) {
        if (e.args[i]?.kind !== 'lit' || e.args[i].kind === 'lit' && (e.args[i] as { value: unknown }).value === null) {
          throw new TypeRuleError(`${e.fn}: argument ${i + 1} must be a non-null literal`);
        }
      }
      if (e.fn === 'matches' && e.args[1]?.kind === 'lit') {
        const problem = regexDialectProblem(String(e.args[1].value));
        if (problem) throw new TypeRuleError(`matches: pattern ${JSON.stringify(e.args[1].value)} is refused: ${problem}`);
      }
      const r = fnResult(e.fn, e.args.map((a) => typeOf(a, schema)));
      if (!isColumnType(r)) throw new TypeRuleError(`${e.fn}: ${r}`);
      return r;
    }
    case 'case': {
      for (const b of e.branches) {
        const w = typeOf(b.when, schema);
        if (w !== 'boolean') throw new TypeRuleError(`case: a when condition is ${w}, expected boolean`);
      }
      return unify([...e.branches.map((b) => b.then), e.otherwise].map((x) => ({ t: typeOf(x, schema), isNull: x.kind === 'lit' && x.value === null })), 'case');
    }
    case 'cast': {
      const from = typeOf(e.expr, schema);
      if (!castAllowed(from, e.type)) throw new TypeRuleError(`cannot cast ${from} to ${e.type}`);
      return e.type;
    }
  }
}

/** The common type of case branches (null literals adapt); numbers widen. */
export function unify(branches: { t: ColumnType; isNull: boolean }[], what: string): ColumnType {
  const typed = branches.filter((b) => !b.isNull).map((b) => b.t);
  if (typed.length === 0) return branches[0].t;
  if (typed.every(isNumeric)) return typed.reduce((a, b) => widenNumeric(a as NumericType, b as NumericType));
  if (typed.every((t) => t === typed[0])) return typed[0];
  throw new TypeRuleError(`${what}: branches have different types (${typed.join(', ')})`);
}

/** Casts between any two types except boolean <-> temporal. */
export function castAllowed(from: ColumnType, to: ColumnType): boolean {
  if (from === to || from === 'string' || to === 'string') return true;
  const temporal = (t: ColumnType) => t === 'timestamp' || t === 'date';
  if (temporal(from) && temporal(to)) return true;
  if (from === 'boolean' || to === 'boolean') return !temporal(from) && !temporal(to);
  if (temporal(from) || temporal(to)) return false;
  return true;
}

const col = (schema: Schema, name: string, role: string): Field => {
  const f = schema.find((x) => x.name === name);
  if (!f) throw new TypeRuleError(`${role}: no column '${name}' (columns: ${schema.map((x) => x.name).join(', ')})`);
  return f;
};

function uniqueNames(fields: Field[], what: string): Schema {
  const seen = new Set<string>();
  for (const f of fields) {
    if (!f.name) throw new TypeRuleError(`${what}: empty column name`);
    if (seen.has(f.name)) throw new TypeRuleError(`${what}: column '${f.name}' appears twice`);
    seen.add(f.name);
  }
  return Object.freeze(fields);
}

/** Union and the set operations need equal schemas: the same names and types, in the same order. */
function sameSchemas(what: string, inputs: readonly Schema[]): void {
  const sig = (s: Schema) => s.map((f) => `${f.name}:${f.type}`).join(', ');
  for (const s of inputs.slice(1)) {
    if (sig(s) !== sig(inputs[0])) throw new TypeRuleError(`${what}: schemas differ: (${sig(inputs[0])}) vs (${sig(s)})`);
  }
}

/** Output schema of a node given its inputs' schemas (in `inputsOf` order). */
export function outputSchema(n: PlanNode, inputs: readonly Schema[]): Schema {
  const [a, b] = inputs;
  switch (n.kind) {
    case 'source':
      if (fixedSchema(n.format)) return fixedSchema(n.format)!;
      return uniqueNames([...n.schema], `source '${n.input}'`);
    case 'filter': {
      const t = typeOf(n.predicate, a);
      if (t !== 'boolean') throw new TypeRuleError(`filter: predicate is ${t}, expected boolean`);
      return a;
    }
    case 'project':
      return uniqueNames(n.columns.map((c) => field(c.name, typeOf(c.expr, a))), 'select');
    case 'aggregate': {
      const keys = n.keys.map((k) => field(k.name, typeOf(k.expr, a)));
      const aggs = n.aggs.map((g) => {
        const spec = AGGREGATES[g.fn];
        if (!spec) throw new TypeRuleError(`unknown aggregate '${g.fn}'`);
        if (g.arg === null && g.fn !== 'count') throw new TypeRuleError(`${g.fn}: needs an argument`);
        const names: readonly AggParam[] = 'params' in spec ? spec.params : [];
        const given = g.params ?? [];
        if (given.length !== names.length) throw new TypeRuleError(`${g.fn}(${g.name}): takes ${names.length ? names.join(', ') : 'no parameters'}, got ${given.length} parameter(s)`);
        names.forEach((p, i) => {
          const problem = aggParamProblem(p, given[i]);
          if (problem) throw new TypeRuleError(`${g.fn}(${g.name}): ${problem}`);
        });
        const ordered = 'ordered' in spec && spec.ordered;
        if (ordered && !g.orderBy?.length) throw new TypeRuleError(`${g.fn}(${g.name}): needs orderBy (at least one key)`);
        if (!ordered && g.orderBy !== undefined) throw new TypeRuleError(`${g.fn}(${g.name}): takes no orderBy`);
        g.orderBy?.forEach((k) => {
          if (typeof k.desc !== 'boolean') throw new TypeRuleError(`${g.fn}(${g.name}): an order key's desc must be true or false`);
          typeOf(k.expr, a);
        });
        const r = spec.result(g.arg === null ? null : typeOf(g.arg, a));
        if (!isColumnType(r)) throw new TypeRuleError(`${g.fn}(${g.name}): ${r}`);
        return field(g.name, r);
      });
      return uniqueNames([...keys, ...aggs], 'aggregate');
    }
    case 'join': {
      if (n.on.length === 0) throw new TypeRuleError('join: needs at least one key pair');
      if (n.small && n.how !== 'inner' && n.how !== 'left') {
        throw new TypeRuleError(`join: a small right side is held in memory and joined to each row of the left, so it takes an inner or left join, not ${n.how}`);
      }
      if (n.skew && n.small) throw new TypeRuleError('join: skew and small exclude each other: a small right side is joined in each task with no shuffle, so no key is skewed over reducers (keep one)');
      if (n.skew && isSemiJoin(n.how)) throw new TypeRuleError(`join: skew takes an inner, left, right or full join, not ${n.how}`);
      const merged = new Set<string>();
      for (const k of n.on) {
        const l = col(a, k.left, 'join left key');
        const r = col(b, k.right, 'join right key');
        if (l.type !== r.type && !(isNumeric(l.type) && isNumeric(r.type))) {
          throw new TypeRuleError(`join: key ${k.left} is ${l.type} but ${k.right} is ${r.type}`);
        }
        if (k.left === k.right) merged.add(k.right);
      }
      if (isSemiJoin(n.how)) return a;
      const right = b.filter((f) => !merged.has(f.name));
      return uniqueNames([...a, ...right], 'join (rename clashing columns first)');
    }
    case 'cross':
      if (!Number.isSafeInteger(n.maxRows) || n.maxRows < 0) throw new TypeRuleError(`crossJoin: maxRows ${n.maxRows} is not a non-negative integer`);
      return uniqueNames([...a, ...b], 'crossJoin (rename clashing columns first)');
    case 'setOp':
      sameSchemas(n.op, [a, b]);
      return a;
    case 'sort':
      if (n.keys.length === 0) throw new TypeRuleError('orderBy: needs at least one key');
      n.keys.forEach((k) => col(a, k.column, 'orderBy'));
      return a;
    case 'limit':
      if (!Number.isInteger(n.n) || n.n < 0) throw new TypeRuleError(`limit: ${n.n} is not a non-negative integer`);
      return a;
    case 'distinct':
      return a;
    case 'union':
      if (inputs.length < 2) throw new TypeRuleError('union: needs two or more inputs');
      sameSchemas('union', inputs);
      return a;
    case 'explode': {
      const c = col(a, n.column, 'explode');
      if (c.type !== 'string') throw new TypeRuleError(`explode: column '${n.column}' is ${c.type}, expected string`);
      if (n.separator === '') throw new TypeRuleError('explode: separator is empty');
      return uniqueNames([...a, field(n.as, 'string', false)], 'explode');
    }
    case 'window':
      return windowSchema(n, a);
    case 'sink':
      if (n.partitionBy !== null) col(a, n.partitionBy, 'partitionBy');
      return a;
    default:
      return mlOutputSchema(n, inputs);
  }
}

function windowSchema(n: WindowNode, a: Schema): Schema {
  n.partitionBy.forEach((c) => col(a, c, 'window partitionBy'));
  if (n.orderBy.length === 0) throw new TypeRuleError('window: orderBy needs at least one key');
  n.orderBy.forEach((k) => col(a, k.column, 'window orderBy'));
  if (n.calls.length === 0) throw new TypeRuleError('window: computes no column');
  const added = n.calls.map((c) => {
    const problem = windowCallProblem(c);
    if (problem) throw new TypeRuleError(`window column '${c.name}': ${problem}`);
    const argType = c.arg === null ? null : typeOf(c.arg, a);
    const r = windowResult(c, argType);
    if (!isColumnType(r)) throw new TypeRuleError(`window column '${c.name}': ${r}`);
    if (c.default !== null && !(c.default.kind === 'lit' && c.default.value === null)) {
      const d = typeOf(c.default, a);
      if (d !== r) throw new TypeRuleError(`window column '${c.name}': the default is ${d}, expected ${r}`);
    }
    return field(c.name, r);
  });
  return uniqueNames([...a, ...added], 'window');
}
