// `explain`'s view of a plan: a tree from each output down to its inputs, one node per line with its
// kind, key details and job-file location, and its schema underneath.
import {
  formatLoc,
  inputsOf,
  nodeById,
  planChecks,
  sinks,
  visitNode,
  type NodeVisitor,
  type Plan,
  type PlanNode,
  printable,
  type Schema,
} from '../plan/index.ts';
import { aggText, exprText } from './expr-text-printer.ts';

const named = (name: string, text: string) => (name === text ? name : `${name} = ${text}`);

const details: NodeVisitor<string> = {
  source: (n) => {
    const f = n.format;
    const extra = f.kind === 'csv' ? `${f.quote === 'none' ? ', no quoting' : ''}${f.multiline ? ', multiline' : ''}${f.extraFields === 'ignore' ? ', extra fields ignored' : ''}` : '';
    const opts = f.kind === 'csv' ? ` (${f.header ? 'header' : 'no header'}, delimiter ${JSON.stringify(f.delimiter)}${extra})` : '';
    return `read input '${n.input}' as ${f.kind}${opts}`;
  },
  filter: (n) => `where ${exprText(n.predicate)}`,
  project: (n) => {
    const kept = n.columns.filter((c) => c.expr.kind === 'col' && c.expr.name === c.name);
    if (kept.length === n.columns.length || kept.length <= 3) return `select ${n.columns.map((c) => named(c.name, exprText(c.expr))).join(', ')}`;
    // A derive keeps every input column: name only what it computes.
    const computed = n.columns.filter((c) => !kept.includes(c)).map((c) => named(c.name, exprText(c.expr)));
    return `select ${kept.length} columns as they are, ${computed.join(', ')}`;
  },
  aggregate: (n) => {
    const keys = n.keys.length ? `group by ${n.keys.map((k) => named(k.name, exprText(k.expr))).join(', ')}; ` : '';
    return `${keys}compute ${n.aggs.map((a) => `${a.name} = ${aggText(a)}`).join(', ')}`;
  },
  join: (n) => `${n.how} join on ${n.on.map((k) => (k.left === k.right ? k.left : `${k.left} = ${k.right}`)).join(', ')}`,
  cross: (n) => `cross join (at most ${n.maxRows} rows)`,
  setOp: (n) => `${n.op} (distinct rows)`,
  sort: (n) => `order by ${n.keys.map((k) => `${k.column}${k.desc ? ' desc' : ''}`).join(', ')}`,
  limit: (n) => `first ${n.n} rows`,
  distinct: () => 'distinct rows',
  union: (n) => `union all of ${n.inputs.length} inputs`,
  window: (n) => {
    const by = n.partitionBy.length ? `partition by ${n.partitionBy.map(printable).join(', ')}, ` : '';
    const order = n.orderBy.map((k) => `${printable(k.column)}${k.desc ? ' desc' : ''}`).join(', ');
    const calls = n.calls.map((c) => named(c.name, `${c.fn}(${c.arg ? exprText(c.arg) : ''})${c.frame ? ` rows [${c.frame.start ?? 'unbounded'}, ${c.frame.end ?? 'unbounded'}]` : ''}`));
    return `window ${by}order by ${order}: ${calls.join(', ')}`;
  },
  explode: (n) => `explode ${n.column} on ${JSON.stringify(n.separator)} as ${n.as}`,
  sink: (n) => `write output '${n.output}' as ${n.format}${n.partitionBy ? `, partitioned by ${n.partitionBy}` : ''}`,
  split: (n) => `${n.side} rows of a ${n.fraction} split (seed ${n.seed}${n.by ? `, by ${n.by.join(', ')}` : ''})`,
  fit: (n) => `fit ${[...n.stages.map((s) => s.kind), n.estimator.kind].join(' -> ')}`,
  predict: (n) => `predict with ${n.model}`,
  evaluate: (n) => `evaluate ${n.model}: ${n.metrics.join(', ')}`,
  modelParams: (n) => `fitted params of ${n.model}`,
  saveModel: (n) => `save ${n.model} under output '${n.output}'`,
};

/** What a node does, in one line: `where status >= 400`, `read input 'logs' as combined`. */
export function nodeDetails(n: PlanNode): string {
  return visitNode(n, details);
}

export function schemaText(schema: Schema): string {
  return schema.map((f) => `${f.name}: ${f.type}`).join(', ');
}

interface Line {
  readonly head: string;
  readonly loc: string;
  readonly schema: string | null;
  readonly pad: string;
}

export function planTreeText(plan: Plan): string {
  const byId = nodeById(plan);
  const lines: Line[] = [];
  const shown = new Set<string>();
  const walk = (n: PlanNode, prefix: string, branch: string, childPrefix: string) => {
    const again = shown.has(n.id);
    shown.add(n.id);
    // Names, literals and the description may hold control characters: shown escaped, never raw.
    const head = printable(`${prefix}${branch}${n.id} ${n.kind}: ${again ? '(shown above)' : nodeDetails(n)}`);
    const kids = again ? [] : inputsOf(n).map((id) => byId.get(id)!);
    const below = prefix + childPrefix;
    lines.push({ head, loc: formatLoc(n.loc), schema: again ? null : printable(schemaText(n.schema)), pad: below + (kids.length ? '│  ' : '   ') });
    kids.forEach((k, i) => {
      const last = i === kids.length - 1;
      walk(k, below, last ? '└─ ' : '├─ ', last ? '   ' : '│  ');
    });
  };
  for (const s of sinks(plan)) {
    if (lines.length) lines.push({ head: '', loc: '', schema: null, pad: '' });
    walk(s, '', '', '');
  }
  const width = Math.min(100, Math.max(...lines.map((l) => l.head.length)));
  const body = lines.flatMap((l) => [
    `${l.head.padEnd(width)}  ${l.loc}`.trimEnd(),
    ...(l.schema === null ? [] : [`${l.pad}[${l.schema}]`]),
  ]);
  // Checks read nodes no sink may read (their filters, counts, samples): listed by what they check.
  const checks = planChecks(plan).map((c) => printable(`  ${c.severity} ${c.name} (${c.kind}) on ${c.dataset}: reads ${c.input}`).padEnd(width) + `  ${formatLoc(c.loc)}`);
  return [printable(`${plan.job}: ${plan.description}`), '', ...body, ...(checks.length ? ['', 'checks:', ...checks] : [])].join('\n');
}
