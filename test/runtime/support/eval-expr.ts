// Test support: evaluates one plan expression over an in-memory table, row values back as test Values.
import type { ColumnType, Expr } from '../../../plan/index.ts';
import { UNKNOWN_LOC } from '../../../plan/index.ts';
import { encodeLane } from '../../../runtime/columns/lane-codec.ts';
import { LaneSource } from '../../../runtime/columns/record-batch.ts';
import { compileExpr } from '../../../runtime/expr/compile-expr.ts';
import { batchOf, fieldsOf, type Row, type Value } from './memory-tables.ts';
import * as arrow from 'apache-arrow';

export const SITE = { loc: UNKNOWN_LOC, nodeId: 'test' };

/** Values of `e` for each row of a table with the given columns. */
export function evalExpr(e: Expr, columns: Record<string, ColumnType>, rows: readonly Row[]): Value[] {
  const fields = fieldsOf(columns);
  const lane = compileExpr(e, SITE)(new LaneSource(batchOf(fields, rows)));
  const vec = arrow.makeVector(encodeLane(lane));
  const out: Value[] = [];
  for (let i = 0; i < rows.length; i++) {
    const v = vec.get(i) as Value;
    out.push(v === null ? null : e.type === 'date' ? Math.round((v as number) / 86_400_000) : v);
  }
  return out;
}

/** Values of an expression with no column inputs (evaluated over one row). */
export function evalConst(e: Expr): Value {
  return evalExpr(e, { dummy: 'int' }, [[0]])[0];
}
