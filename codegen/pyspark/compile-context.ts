// State of one compilation: Python names given to nodes, helpers and module constants the script needs,
// and which nodes' rows are in a meaningful order.
import type { PlanNode, Schema } from '../../plan/index.ts';
import type { ExprEnv } from './expr-env.ts';
import { col, name, type Py } from './py-ast.ts';
import { HELPER_ORDER, type HelperName } from './script-helpers.ts';

const RESERVED = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or',
  'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'spark', 'paths', 'argv', 'F', 'T',
]);

export class CompileContext {
  readonly helpers = new Set<HelperName>();
  /** Module-level constants (NAME = value), in first-use order. */
  readonly constants = new Map<string, Py>();
  /** Module-level code blocks (imports and functions of an optional feature, e.g. ML), by key. */
  readonly preludes = new Map<string, string>();
  private readonly vars = new Map<string, string>();
  private readonly schemas = new Map<string, Schema>();
  private readonly ordered = new Set<string>();
  private readonly taken = new Set<string>([...RESERVED, ...HELPER_ORDER]);
  private readonly rejectsClaimed = new Set<string>();

  /** A fresh Python identifier built from `base` (any text). */
  fresh(base: string): string {
    let id = base.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(id)) id = `_${id}`;
    let candidate = id;
    for (let n = 2; this.taken.has(candidate); n++) candidate = `${id}_${n}`;
    this.taken.add(candidate);
    return candidate;
  }

  /** Gives the node its variable (call once per node, in plan order). */
  declare(n: PlanNode, ordered: boolean): string {
    const v = this.fresh(`df_${n.id}`);
    this.vars.set(n.id, v);
    this.schemas.set(n.id, n.schema);
    if (ordered) this.ordered.add(n.id);
    return v;
  }

  target(id: string): string {
    const v = this.vars.get(id);
    if (!v) throw new Error(`internal: node ${id} has no variable yet`);
    return v;
  }

  schemaOf(id: string): Schema {
    return this.schemas.get(id)!;
  }

  varOf(id: string): Py {
    const v = this.vars.get(id);
    if (!v) throw new Error(`internal: node ${id} has no variable yet`);
    return name(v);
  }

  isOrdered(id: string): boolean {
    return this.ordered.has(id);
  }

  /** True the first time an input asks: only one source node of an input writes its rejects folder. */
  claimRejects(input: string): boolean {
    if (this.rejectsClaimed.has(input)) return false;
    this.rejectsClaimed.add(input);
    return true;
  }

  helper(h: HelperName): Py {
    this.helpers.add(h);
    return name(h);
  }

  prelude(key: string, code: string): void {
    this.preludes.set(key, code);
  }

  constant(n: string, value: Py): Py {
    this.constants.set(n, value);
    return name(n);
  }

  /** Expressions over one input, whose columns are referenced by name. */
  env(n: PlanNode): ExprEnv {
    return { loc: n.loc, nodeId: n.id, col: (c) => col(c), helper: (h) => this.helper(h) };
  }
}
