// Collects the nodes a job's DSL calls create, in call order (which is topological order).
import * as P from '../plan/index.ts';
import type { PlanNode, Schema, SourceLoc } from '../plan/index.ts';
import { AGGREGATE_MARK } from './aggregate.ts';
import { addParamDecl } from './param-decl.ts';

type Draft = { [K in PlanNode['kind']]: Omit<P.NodeOf<K>, 'id' | 'schema' | 'loc'> }[PlanNode['kind']];

export class JobBuilder {
  readonly nodes: PlanNode[] = [];
  readonly params: P.ParamDecl[] = [];
  readonly checks: P.CheckDecl[] = [];
  private readonly inputs = new Map<string, string>();

  constructor(
    readonly job: string,
    readonly description: string,
  ) {}

  /** Adds a node, computing its schema; a typing problem becomes a JobError at the caller's line. */
  add(draft: Draft, loc: SourceLoc, declared: Schema = []): PlanNode {
    const id = `${draft.kind}_${this.nodes.length + 1}`;
    const node = { ...draft, id, loc, schema: declared } as PlanNode;
    if (node.kind === 'source') this.checkInput(node, loc);
    const byId = new Map(this.nodes.map((n) => [n.id, n]));
    try {
      const schema = P.outputSchema(node, P.inputsOf(node).map((i) => byId.get(i)!.schema));
      const done = Object.freeze({ ...node, schema }) as PlanNode;
      this.nodes.push(done);
      return done;
    } catch (e) {
      if (e instanceof P.TypeRuleError) throw new P.JobError('job', aggregateMisplaced(e.message) ?? e.message, loc, id);
      throw e;
    }
  }

  private checkInput(node: P.SourceNode, loc: SourceLoc): void {
    const key = P.canonicalJson([node.format, node.path ?? null]);
    const prev = this.inputs.get(node.input);
    if (prev !== undefined && prev !== key) {
      throw new P.JobError('job', `input '${node.input}' is read twice with different formats or path templates`, loc);
    }
    for (const name of node.path === undefined ? [] : P.templateParams(node.path)) {
      if (!this.params.some((p) => p.name === name)) {
        throw new P.JobError('job', `input '${node.input}': path template names '{${name}}': declare it first with j.param('${name}', ...)`, loc);
      }
    }
    this.inputs.set(node.input, key);
  }

  /** Declares a run-time parameter; a bad or repeated name, or a default not of its type, is a JobError here. */
  addParam(decl: P.ParamDecl): void {
    addParamDecl(this.params, decl);
  }

  /** Declares a data-quality check over nodes already added. */
  addCheck(decl: P.CheckDecl): void {
    this.checks.push(Object.freeze(decl));
  }

  plan(): P.Plan {
    const plan: P.Plan = {
      format: P.PLAN_FORMAT,
      version: P.PLAN_VERSION,
      job: this.job,
      description: this.description,
      nodes: [...this.nodes],
      ...(this.params.length ? { params: [...this.params] } : {}),
      ...(this.checks.length ? { checks: [...this.checks] } : {}),
    };
    const errors = P.validatePlan(plan);
    if (errors.length) throw errors[0];
    return plan;
  }
}

/** The message for an aggregate used where rows are computed (its placeholder column is unknown there). */
function aggregateMisplaced(message: string): string | null {
  const start = `no column '${AGGREGATE_MARK}`;
  const at = message.indexOf(start);
  if (at < 0) return null;
  const fn = /^\w+/.exec(message.slice(at + start.length))![0];
  return `${fn}(...) is an aggregate: use it, or an expression over it, only as an output of agg(...)`;
}
