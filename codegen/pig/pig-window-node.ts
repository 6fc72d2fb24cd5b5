// Window: piggybank's Over and Stitch in a nested FOREACH over the partitions. The rows first get the
// partition keys, the order keys (with a NaN flag per double key) and each call's argument as extra fields;
// GROUP BY the partition keys (or ALL); per group, a nested ORDER puts the bag in window order and
// Stitch(bag, Over(...), ...) appends one value per row; a last FOREACH keeps the input columns and the new ones.
import type { ColumnType, WindowCall, WindowNode } from '../../plan/index.ts';
import { and, bincond, binop, call, cast, int, isNull, konst, ref, str, type GenerateItem, type PigExpr, type PigType } from './pig-ast.ts';
import { isNaN, NAN } from './pig-compare.ts';
import type { PigContext } from './pig-context.ts';
import { pigValue } from './pig-expr-compiler.ts';
import { pigName } from './pig-names.ts';
import { sameColumns, zeroSigned } from './pig-row-nodes.ts';
import { pigType } from './pig-types.ts';

const OVER = 'org.apache.pig.piggybank.evaluation.Over';
const STITCH = 'org.apache.pig.piggybank.evaluation.Stitch';

/** One argument field of the rows relation, and how a call reads it. */
interface ArgField {
  readonly name: string;
  readonly expr: PigExpr;
}

/** One Over application: its function name and type, its argument field (null: the whole bag), its extra arguments. */
interface OverUse {
  readonly fn: string;
  readonly type: PigType;
  readonly field: string | null;
  readonly extra: readonly PigExpr[];
}

/** What a call needs: fields computed before grouping, Over applications, and its value over their results. */
interface CallPlan {
  readonly fields: readonly ArgField[];
  readonly overs: readonly OverUse[];
  readonly value: (results: readonly PigExpr[]) => PigExpr;
}

const frameArgs = (c: WindowCall): PigExpr[] => {
  const { start, end } = c.frame!;
  // Over counts rows before and after the current one; -1 is unbounded on either side.
  return [int(start === null ? -1 : -start), int(end === null ? -1 : end)];
};

const orderable = (t: ColumnType): string => (t === 'string' ? 'chararray' : t === 'int' ? 'int' : t === 'long' ? 'long' : 'double');

function planCall(c: WindowCall, j: number, arg: PigExpr | null, rankFields: readonly PigExpr[], dflt: PigExpr | null): CallPlan {
  const a = `w__a${j}`;
  const f = `w__f${j}`;
  const one = (fn: string, type: PigType, field: string | null, extra: PigExpr[], fields: ArgField[] = []): CallPlan => ({
    fields, overs: [{ fn, type, field, extra }], value: ([r]) => r,
  });
  const t = c.arg?.type ?? null;
  switch (c.fn) {
    case 'rowNumber':
      return one('row_number', 'int', null, []);
    case 'rank':
      return one('rank', 'int', null, [int(-1), int(-1), ...rankFields]);
    case 'denseRank':
      return one('dense_rank', 'int', null, [int(-1), int(-1), ...rankFields]);
    case 'lag':
    case 'lead':
      return one(c.fn, pigType(t!), a, [int(-1), int(-1), int(c.offset!), ...(dflt ? [dflt] : [])], [{ name: a, expr: arg! }]);
    case 'count':
      return one('count', 'long', a, frameArgs(c), [{ name: a, expr: arg ?? int(1) }]);
    case 'sum':
    case 'avg': {
      const type = t === 'double' ? 'double' : 'long';
      // Over's long sum and average read Longs: ints are widened first.
      return one(`${c.fn}(${type})`, c.fn === 'avg' ? 'double' : type, a, frameArgs(c), [{ name: a, expr: type === 'long' ? cast('long', arg!) : arg! }]);
    }
    case 'min':
    case 'max': {
      if (t === 'timestamp' || t === 'date') {
        // Over has no datetime min/max: compare the instants as milliseconds.
        const p = one(`${c.fn}(long)`, 'long', a, frameArgs(c), [{ name: a, expr: call('ToMilliSeconds', arg!) }]);
        return { ...p, value: ([r]) => call('ToDate', r) };
      }
      if (t !== 'double') return one(`${c.fn}(${orderable(t!)})`, pigType(t!), a, frameArgs(c), [{ name: a, expr: arg! }]);
      // Over's double min/max compare with < and >, which leaves NaN nowhere in particular; the plan puts NaN above
      // every number. So: the min/max of the other numbers, and the max of a NaN flag (1 NaN, 0 number, null null).
      const fields = [
        { name: a, expr: bincond(isNaN(arg!), konst('(double)null'), arg!) },
        { name: f, expr: bincond(isNaN(arg!), int(1), int(0)) },
      ];
      const overs = [
        { fn: `${c.fn}(double)`, type: 'double' as const, field: a, extra: frameArgs(c) },
        { fn: 'max(int)', type: 'int' as const, field: f, extra: frameArgs(c) },
      ];
      const sawNaN = (flag: PigExpr) => binop('==', flag, int(1));
      return {
        fields, overs,
        value: ([v, flag]) => (c.fn === 'max' ? bincond(sawNaN(flag), NAN, v) : bincond(and(isNull(v), sawNaN(flag)), NAN, v)),
      };
    }
  }
}

export function compileWindow(node: WindowNode, ctx: PigContext): void {
  const input = ctx.node(node.input);
  const env = ctx.env(node, input.schema);
  const typeOf = (c: string) => input.schema.find((f) => f.name === c)!.type;
  const col = (c: string) => ref(pigName(c));

  const extra: GenerateItem[] = [];
  const position = (name: string) => input.schema.length + extra.findIndex((g) => 'as' in g && g.as === name);
  node.partitionBy.forEach((c, i) => extra.push({ expr: zeroSigned(col(c), typeOf(c)), as: `w__p${i}` }));
  const orderKeys: { field: string; desc: boolean }[] = [];
  node.orderBy.forEach((k, i) => {
    // As compileSort: a NaN flag before each double key; -0.0 as 0.0 so that they are peers.
    if (typeOf(k.column) === 'double') {
      extra.push({ expr: bincond(isNaN(col(k.column)), int(1), int(0)), as: `w__n${i}` });
      orderKeys.push({ field: `w__n${i}`, desc: k.desc });
    }
    extra.push({ expr: zeroSigned(col(k.column), typeOf(k.column)), as: `w__o${i}` });
    orderKeys.push({ field: `w__o${i}`, desc: k.desc });
  });
  const rankFields = orderKeys.map((k) => int(position(k.field)));
  const plans = node.calls.map((c, j) =>
    planCall(c, j, c.arg === null ? null : pigValue(c.arg, env), rankFields, c.default === null || (c.default.kind === 'lit' && c.default.value === null) ? null : pigValue(c.default, env)),
  );
  plans.forEach((p) => p.fields.forEach((f) => extra.push({ expr: f.expr, as: f.name })));

  const rows = ctx.helper(node, 'rows');
  ctx.emit(node, 'the rows with their partition keys, order keys and window arguments', {
    kind: 'foreach', alias: rows, input: ctx.alias(input.id), items: [...sameColumns(input.schema), ...extra],
  });
  const groups = ctx.helper(node, 'partitions');
  const keys = node.partitionBy.map((_, i) => ref(`w__p${i}`));
  ctx.emit(node, keys.length ? 'one group per partition (null keys form one)' : 'one partition of all rows', {
    kind: 'group', alias: groups, input: rows, keys: keys.length ? keys : 'ALL',
  });

  const ordered = 'w__ordered';
  const overs: PigExpr[] = [];
  let k = 0;
  for (const p of plans) {
    for (const o of p.overs) {
      const fn = ctx.helper(node, `over${k}`);
      ctx.emit(node, `piggybank's Over returning a ${o.type}`, { kind: 'define', alias: fn, fn: OVER, args: [`w${k}:${o.type}`] });
      overs.push(call(fn, ref(o.field === null ? ordered : `${ordered}.${o.field}`), str(o.fn), ...o.extra));
      k++;
    }
  }
  const stitched = ctx.helper(node, 'stitched');
  const width = input.schema.length + extra.length;
  const flat = [...Array.from({ length: width }, (_, i) => `w__in${i}`), ...overs.map((_, i) => `w__out${i}`)];
  ctx.emit(node, 'per partition: the rows in window order, each with its window values (Over keeps the bag order)', {
    kind: 'foreach', alias: stitched, input: groups,
    nested: [{ alias: ordered, op: 'ORDER', input: rows, keys: orderKeys }],
    items: [{ flatten: call(STITCH, ref(ordered), ...overs), as: flat }],
  });

  let r = 0;
  const added: GenerateItem[] = plans.map((p, j) => {
    const results = p.overs.map(() => ref(`w__out${r++}`));
    const c = node.calls[j];
    return { expr: cast(pigType(node.schema.find((f) => f.name === c.name)!.type), p.value(results)), as: pigName(c.name) };
  });
  ctx.emit(node, 'the input columns, then the window columns', {
    kind: 'foreach', alias: ctx.alias(node.id), input: stitched,
    items: [...input.schema.map((f, i) => ({ expr: ref(`w__in${i}`), as: pigName(f.name) })), ...added],
  });
}
