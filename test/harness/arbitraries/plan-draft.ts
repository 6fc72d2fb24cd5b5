// Builds a plan node by node the way the DSL does (schemas from plan/derive.ts outputSchema), tracking for
// each node which columns are tame (determined enough to be keys or sum arguments; see cell-values.ts).
import {
  inputsOf, outputSchema, PLAN_FORMAT, PLAN_VERSION, validatePlan,
  type AggCall, type NodeKind, type NodeOf, type ParamDecl, type Plan, type PlanNode,
} from '../../../plan/index.ts';
import type { ColumnSpec } from '../../../testing/cell-values.ts';
import { isTame } from './expr-arb.ts';

type Draft<K extends NodeKind> = Omit<NodeOf<K>, 'id' | 'loc' | 'schema'>;
type AnyDraft = { [K in NodeKind]: Draft<K> & { kind: K } }[NodeKind];

export class PlanDraft {
  readonly nodes: PlanNode[] = [];
  private readonly cols = new Map<string, readonly ColumnSpec[]>();

  constructor(private readonly file = 'test/conformance/random-plan') {}

  columns(id: string): readonly ColumnSpec[] {
    return this.cols.get(id)!;
  }

  /** Adds a node; `sourceColumns` gives a source's columns (with their tameness). */
  add(draft: AnyDraft, sourceColumns?: readonly ColumnSpec[]): PlanNode {
    const id = `${draft.kind}_${this.nodes.length + 1}`;
    const declared = sourceColumns ? sourceColumns.map((c) => ({ name: c.name, type: c.type, nullable: true })) : [];
    const loc = { file: this.file, line: this.nodes.length + 1, column: 1 };
    const raw = { ...draft, id, loc, schema: declared } as PlanNode;
    const byId = new Map(this.nodes.map((n) => [n.id, n]));
    const schema = outputSchema(raw, inputsOf(raw).map((i) => byId.get(i)!.schema));
    const node = { ...raw, schema } as PlanNode;
    this.nodes.push(node);
    this.cols.set(id, sourceColumns ?? this.derive(node));
    return node;
  }

  /** Tameness of a new node's columns from its inputs'. */
  private derive(n: PlanNode): ColumnSpec[] {
    const ins = inputsOf(n).map((i) => this.cols.get(i)!);
    const tameIn = (name: string, cols: readonly ColumnSpec[]) => cols.find((c) => c.name === name)?.tame ?? false;
    return n.schema.map((f) => {
      const spec = (tame: boolean): ColumnSpec => ({ name: f.name, type: f.type, tame: f.type !== 'double' || tame });
      switch (n.kind) {
        case 'project':
          return spec(isTame(n.columns.find((c) => c.name === f.name)!.expr, ins[0]));
        case 'aggregate': {
          const key = n.keys.find((k) => k.name === f.name);
          if (key) return spec(isTame(key.expr, ins[0]));
          return spec(aggTame(n.aggs.find((a) => a.name === f.name)!, ins[0]));
        }
        case 'union':
        case 'setOp':
          return spec(ins.every((cols) => tameIn(f.name, cols)));
        case 'join':
        case 'cross':
          return spec(tameIn(f.name, ins[0].some((c) => c.name === f.name) ? ins[0] : ins[1]));
        default:
          return spec(ins.length > 0 && tameIn(f.name, ins[0]));
      }
    });
  }

  plan(job: string, description: string, params: readonly ParamDecl[] = []): Plan {
    const plan: Plan = { format: PLAN_FORMAT, version: PLAN_VERSION, job, description, nodes: [...this.nodes], ...(params.length ? { params: [...params] } : {}) };
    const errors = validatePlan(plan);
    if (errors.length) throw new Error(`generated an invalid plan: ${errors.map((e) => e.describe()).join('; ')}\n${JSON.stringify(plan)}`);
    return plan;
  }
}

/**
 * sum of tame doubles stays a multiple of 1/8; min, max, approxPercentile, first and last return an input value; avg,
 * percentile and the variances divide or interpolate.
 */
function aggTame(a: AggCall, cols: readonly ColumnSpec[]): boolean {
  if (a.arg === null) return true;
  return (a.fn === 'sum' || a.fn === 'min' || a.fn === 'max' || a.fn === 'approxPercentile' || a.fn === 'first' || a.fn === 'last') && isTame(a.arg, cols);
}
