// What each node's compiler gets: the aliases of the nodes already compiled, and a way to emit statements
// under a comment naming the job line of the node and what the statement does.
import { formatLoc, type PlanNode, type Schema } from '../../plan/index.ts';
import { ref, type CommentedStatement, type PigExpr, type PigStatement } from './pig-ast.ts';
import type { PigExprEnv } from './pig-expr-compiler.ts';
import { helperAlias, pigName } from './pig-names.ts';

export class PigContext {
  readonly statements: CommentedStatement[] = [];
  private readonly nodes: Map<string, PlanNode>;
  private readonly claimed = new Set<string>();

  constructor(
    nodes: readonly PlanNode[],
    private readonly prefix = '',
  ) {
    this.nodes = new Map(nodes.map((n) => [n.id, n]));
  }

  /** The relation holding a node's rows: fields named pigName(column), in schema order. */
  alias(nodeId: string): string {
    return `${this.prefix}${pigName(nodeId)}`;
  }

  /** The script parameter holding the path of an input or output, or a run-time parameter's value. */
  param(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** True the first time an input asks: only one source node of an input stores its rejects. */
  claimRejects(input: string): boolean {
    return this.firstTime(`rejects ${input}`);
  }

  /** True the first time `key` is asked for in this script (a statement the script needs once). */
  firstTime(key: string): boolean {
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }

  helper(node: PlanNode, step: string): string {
    return helperAlias(this.alias(node.id), step);
  }

  node(id: string): PlanNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`internal: no node ${id}`);
    return n;
  }

  emit(node: PlanNode, what: string, statement: PigStatement): void {
    const loc = formatLoc(node.loc).replace(/:\d+$/, '');
    this.statements.push({ comment: `${loc} ${node.id}: ${what}`, statement });
  }

  /** Expressions over the rows of relation `input` (a node's output, or a helper with the same fields). */
  env(node: PlanNode, schema: Schema, prefix = ''): PigExprEnv {
    return { node, ref: (c) => columnRef(schema, c, prefix), param: (name) => this.param(name) };
  }
}

export function columnRef(schema: Schema, column: string, prefix = ''): PigExpr {
  if (!schema.some((f) => f.name === column)) throw new Error(`internal: no column '${column}'`);
  return ref(`${prefix}${pigName(column)}`);
}
