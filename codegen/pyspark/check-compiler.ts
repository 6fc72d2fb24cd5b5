// Data-quality checks in a PySpark script. A check reads ordinary plan nodes (compiled like any other), so
// here they are only counted and sampled: after every node but the outputs, the results document is written
// beside the outputs, then a failed error check stops the run before any output is written (the runtime
// commits nothing then either). The checked nodes are cached for the checks and the outputs.
import { formatLoc, planChecks, sinks, type CheckDecl, type Plan } from '../../plan/index.ts';
import type { CompileContext } from './compile-context.ts';
import { binop, call, dict, float, index, int, list, method, name, none, str, type Py, type PyStmt } from './py-ast.ts';
import { helpText, pyString } from './py-printer.ts';
import { pathOf } from './source-compiler.ts';

/** Where the results folder goes (default: `_checks.json` beside the first output). */
export const CHECKS_RESULTS_PARAM = 'checks__results';
/** The previous run's row counts, `{"check name": rows}`, for rowCount tolerances. */
export const PREVIOUS_ROWS_PARAM = 'checks__previous_rows';

/** Whether the script takes the previous run's row counts: some rowCount check has a tolerance. */
export const takesPreviousRows = (plan: Plan): boolean => planChecks(plan).some((c) => c.tolerance !== undefined);

/** The flags a script with checks takes beside its inputs, outputs and parameters. */
export function checkParams(plan: Plan): string[] {
  if (!planChecks(plan).length) return [];
  return [CHECKS_RESULTS_PARAM, ...(takesPreviousRows(plan) ? [PREVIOUS_ROWS_PARAM] : [])];
}

/** `--checks__previous_rows=<json>` for a run, when the script takes it. */
export function sparkPreviousRowsArgs(plan: Plan, previousRows: Readonly<Record<string, number>>): string[] {
  return takesPreviousRows(plan) ? [`--${PREVIOUS_ROWS_PARAM}=${JSON.stringify(previousRows)}`] : [];
}

/** main()'s argparse lines for the check flags. */
export function checkArguments(plan: Plan): string[] {
  if (!planChecks(plan).length) return [];
  const first = sinks(plan)[0]?.output;
  const results = first === undefined
    ? `required=True, help=${helpText('folder for the data-quality check results (one part file)')}`
    : `default=None, help=${helpText(`folder for the data-quality check results (one part file); default: _checks.json beside output '${first}'`)}`;
  return [
    `    parser.add_argument(${pyString(`--${CHECKS_RESULTS_PARAM}`)}, dest=${pyString(CHECKS_RESULTS_PARAM)}, metavar="PATH", ${results})`,
    ...(takesPreviousRows(plan)
      ? [
          `    parser.add_argument(${pyString(`--${PREVIOUS_ROWS_PARAM}`)}, dest=${pyString(PREVIOUS_ROWS_PARAM)}, default="{}", metavar="JSON", ` +
            `help=${helpText('the previous run\'s row counts for rowCount tolerances: {"check name": rows, ...}')})`,
        ]
      : []),
  ];
}

/** The `# Run:` line's part for the check flags. */
export const checkUsage = (plan: Plan): string =>
  planChecks(plan).length ? ` [--${CHECKS_RESULTS_PARAM} PATH]${takesPreviousRows(plan) ? ` [--${PREVIOUS_ROWS_PARAM}=JSON]` : ''}` : '';

/** What a check is, at compile time: its result's fixed fields and its rule. */
function declTable(c: CheckDecl): Py {
  const entries: [string, Py][] = [
    ['name', str(c.name)],
    ['kind', str(c.kind)],
    ['dataset', str(c.dataset)],
    ['severity', str(c.severity)],
    ['rule', str(c.rule)],
    ...(c.minRows !== undefined ? [['min', int(c.minRows)] as [string, Py]] : []),
    ...(c.maxRows !== undefined ? [['max', int(c.maxRows)] as [string, Py]] : []),
    ...(c.tolerance !== undefined ? [['tolerance', float(c.tolerance)] as [string, Py]] : []),
    ['line', str(`${c.loc.file}:${c.loc.line}`)],
  ];
  return dict(entries.map(([k, v]) => [str(k), v]));
}

const comment = (text: string): PyStmt => ({ kind: 'comment', text });
const expr = (value: Py): PyStmt => ({ kind: 'expr', value });
const assign = (target: string, value: Py): PyStmt => ({ kind: 'assign', target, value });
const describe = (c: CheckDecl) => `${formatLoc(c.loc)} check '${c.name}' (${c.kind}, ${c.severity}) on ${c.dataset}`;

/**
 * `checks`: the statements between the nodes and the outputs; `release`: those after the outputs
 * (the cached nodes unpersisted). Both empty for a plan without checks.
 */
export function compileChecks(plan: Plan, ctx: CompileContext): { checks: PyStmt[]; release: PyStmt[] } {
  const decls = planChecks(plan);
  if (!decls.length) return { checks: [], release: [] };
  // Every check counts its input, and the outputs read it too: read once. A selected node is read again
  // only for the samples of a failed check.
  const cached = [...new Set(decls.map((c) => c.input))];
  const unpersist = cached.map((id) => expr(method(ctx.varOf(id), 'unpersist')));
  const counted = [...new Set(decls.flatMap((c) => [c.input, ...(c.selected !== undefined ? [c.selected] : [])]))];
  const table = ctx.constant('CHECKS', list(decls.map(declTable)));
  const results = ctx.fresh('checks');
  const previous = ctx.fresh('previous');
  const counts = ctx.fresh('counts');
  const failed = ctx.fresh('failed');
  const countOf = (id: string) => index(name(counts), int(counted.indexOf(id)));
  const out: PyStmt[] = [
    comment('data-quality checks (docs/semantics.md, "Checks"): counted before any output is written'),
    ...cached.map((id) => expr(method(ctx.varOf(id), 'cache'))),
    assign(previous, takesPreviousRows(plan) ? call(ctx.helper('previous_rows'), [pathOf(PREVIOUS_ROWS_PARAM)]) : dict([])),
    comment(`rows of ${counted.join(', ')}`),
    assign(counts, call(ctx.helper('count_rows'), [list(counted.map((id) => ctx.varOf(id)))])),
    assign(results, list([])),
  ];
  decls.forEach((c, i) => {
    const selected = c.selected !== undefined ? countOf(c.selected) : none;
    const samples = c.samples !== undefined ? ctx.varOf(c.samples) : none;
    const result = call(ctx.helper('check_result'), [index(table, int(i)), countOf(c.input), selected, samples, name(previous)]);
    out.push(comment(describe(c)), expr(method(name(results), 'append', result)));
  });
  const first = sinks(plan)[0];
  ctx.helper('checks_failure');
  out.push(
    expr(call(ctx.helper('write_check_results'), [name('spark'), str(plan.job), name(results), pathOf(CHECKS_RESULTS_PARAM), first ? pathOf(first.output) : none])),
    assign(failed, call(name('first_failed_error'), [name(results)])),
    { kind: 'if', test: binop('>=', name(failed), int(0)), body: unpersist },
  );
  // One raise per error check, under its citation: the traceback's line leads back to the check's job line.
  decls.forEach((c, i) => {
    if (c.severity !== 'error') return;
    out.push(comment(describe(c)), {
      kind: 'if',
      test: binop('==', name(failed), int(i)),
      body: [{ kind: 'raise', value: call(name('ChecksFailed'), [call(name('checks_failure'), [name(results)])]) }],
    });
  });
  return { checks: out, release: [comment('the checks\' cached nodes are no longer needed'), ...unpersist] };
}
