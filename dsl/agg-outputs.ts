// Turns the object an agg() callback returns into plan nodes. Aggregates become the aggregate node's calls;
// an expression over aggregates (`sum(r.bytes).div(count())`) gets its aggregates as extra columns of that
// node, and a project after it computes the expression and keeps the keys and outputs in order.
import * as P from '../plan/index.ts';
import type { AggCall, ColumnType, Expr, NamedExpr, SourceLoc } from '../plan/index.ts';
import { Aggregate, aggregateOf } from './aggregate.ts';
import { Expression } from './expression.ts';
import type { JobBuilder } from './job-builder.ts';

/** Adds the nodes for `outputs` after `input`, grouped by `keys`; returns the last node. */
export function addAggregate(job: JobBuilder, input: string, keys: readonly NamedExpr[], outputs: Record<string, unknown>, loc: SourceLoc): P.PlanNode {
  const entries = Object.entries(outputs);
  const calls: AggCall[] = [];
  const columnOf = new Map<Aggregate<ColumnType>, string>();
  const taken = new Set([...keys.map((k) => k.name), ...entries.map(([name]) => name)]);
  const call = (name: string, a: Aggregate<ColumnType>): AggCall =>
    Object.freeze({ name, fn: a.fn, arg: a.arg, ...(a.params.length ? { params: a.params } : {}), ...(a.orderBy.length ? { orderBy: a.orderBy } : {}) });

  for (const [name, v] of entries) {
    if (v instanceof Aggregate && !columnOf.has(v)) {
      columnOf.set(v, name);
      calls.push(call(name, v));
    } else if (!(v instanceof Expression)) {
      throw new P.JobError('job', `agg: '${name}' is not an aggregate (use count(), sum(), ... or an expression over them)`, loc);
    }
  }
  let hidden = 0;
  const columnFor = (a: Aggregate<ColumnType>): string => {
    let name = columnOf.get(a);
    if (name === undefined) {
      do name = `agg_${++hidden}`;
      while (taken.has(name));
      taken.add(name);
      columnOf.set(a, name);
      calls.push(call(name, a));
    }
    return name;
  };
  const computed = entries.map(([name, v]): NamedExpr => ({ name, expr: overAggregates(name, (v as Expression<ColumnType>).node, columnFor, loc) }));

  const aggregate = job.add({ kind: 'aggregate', input, keys, aggs: calls }, loc);
  const plain = entries.every(([name, v]) => v instanceof Aggregate && columnOf.get(v) === name);
  if (plain) return aggregate;
  const columns = [...keys.map((k) => ({ name: k.name, expr: P.col(k.name, fieldType(aggregate, k.name)) })), ...computed];
  return job.add({ kind: 'project', input: aggregate.id, columns }, loc);
}

const fieldType = (n: P.PlanNode, name: string): ColumnType => n.schema.find((f) => f.name === name)!.type;

/** `e` with each aggregate replaced by its column; a column read outside an aggregate is an error. */
function overAggregates(output: string, e: Expr, columnFor: (a: Aggregate<ColumnType>) => string, loc: SourceLoc): Expr {
  const walk = (x: Expr): Expr => {
    const a = aggregateOf(x);
    if (a) return P.col(columnFor(a), x.type);
    switch (x.kind) {
      case 'col':
        throw new P.JobError('job', `agg: '${output}' reads column '${x.name}' outside an aggregate (group by it, or wrap it in min(), max(), ...)`, loc);
      case 'lit':
      case 'param':
        return x;
      case 'call':
        return P.call(x.fn, x.args.map(walk), x.type);
      case 'case':
        return P.caseWhen(x.branches.map((b) => ({ when: walk(b.when), then: walk(b.then) })), walk(x.otherwise), x.type);
      case 'cast':
        return P.cast(walk(x.expr), x.type);
    }
  };
  return walk(e);
}
