// `emr-jobs lineage <job|pipeline>`: where each output column comes from, derived from the plan (nothing runs).
import { Option, type Command } from 'commander';
import { originText, printableJson, type ColumnLineage, type Influence } from '../../plan/index.ts';
import { columnKey, lineageOf, pickColumn } from '../lineage-columns.ts';
import { loadJobOrPipeline } from '../load-job.ts';
import { renderTable } from '../table-printer.ts';

const HELP = `
Examples:
  $ npx emr-jobs lineage top-pages                              # every output column: value, inputs, row influences
  $ npx emr-jobs lineage top-pages --column top_pages.hits      # one column: the nodes and job lines on its way
  $ npx emr-jobs lineage web-analytics --column top-pages.top_pages.hits   # across pipeline stages
  $ npx emr-jobs lineage web-analytics --format json            # the documented JSON shape (docs/cli.md)

"from" lists what the value is computed from: input columns (input.column, with the input's format), the
rows of an input (count()), parameters (param name) and constants. "depends on" lists, apart, the columns
that only decide which rows there are, their groups and order: filters, join, group and sort keys, window
partitions and orders, distinct, limit, explode, split. Nothing is read or run. The same lineage on the
picture: emr-jobs explain <job|pipeline> --dag --lineage [column].`;

/** Formats of `--format`. */
const FORMATS = ['table', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const LINEAGE_FORMAT = 'emr-jobs/lineage';
export const LINEAGE_VERSION = 1;

export function register(program: Command): void {
  program
    .command('lineage')
    .description('show where each output column of a job or pipeline comes from (input columns, expressions, row influences)')
    .argument('<job>', 'a job or pipeline name in jobs/, or a path to a .ts file')
    .option('--column <output.column>', 'one output column (pipelines: <stage>.<output>.<column>)')
    .addOption(new Option('--format <format>', 'table or json').choices(FORMATS).default('table'))
    .addHelpText('after', HELP)
    .action(lineage);
}

async function lineage(job: string, opts: { column?: string; format: Format }): Promise<void> {
  const loaded = await loadJobOrPipeline(job);
  const [what, name] = 'pipeline' in loaded ? (['pipeline', loaded.pipeline.pipeline] as const) : (['job', loaded.plan.job] as const);
  const all = lineageOf(loaded);
  const columns = opts.column === undefined ? all : [pickColumn(all, opts.column, '--column', `${what} '${name}'`)];
  if (opts.format === 'json') {
    process.stdout.write(`${printableJson({ format: LINEAGE_FORMAT, version: LINEAGE_VERSION, [what]: name, columns })}\n`);
    return;
  }
  process.stdout.write(opts.column === undefined ? summaryText(name, columns) : detailText(columns[0]));
}

/** Where a value is computed first, from the output side: the job line to look at. */
const at = (l: ColumnLineage) => (l.steps.length ? ` [${l.steps[0].stage ? `${l.steps[0].stage}: ` : ''}${l.steps[0].loc}]` : '');

/** Influences by origin: `logs.path (group key, sort key)`. */
function dependsText(deps: readonly Influence[]): string {
  const roles = new Map<string, string[]>();
  for (const d of deps) {
    const origins = d.origins.length ? d.origins.map(originText) : [`(${d.text})`];
    for (const o of origins) {
      const r = roles.get(o) ?? [];
      if (!r.includes(d.role)) r.push(d.role);
      roles.set(o, r);
    }
  }
  return [...roles].map(([o, r]) => `${o}: ${r.join(', ')}`).join('; ');
}

function summaryText(name: string, columns: readonly ColumnLineage[]): string {
  const rows = columns.map((l) => [columnKey(l), `← ${l.expression}${at(l)}`, l.origins.map(originText).join(', '), dependsText(l.dependsOn)]);
  return `${name}: lineage of ${columns.length} output column${columns.length === 1 ? '' : 's'}\n${renderTable(['column', 'value', 'from', 'depends on (rows)'], rows, 1000)}\n`;
}

/** The stage outputs an influence's columns were read from (`via parse.requests.path`). */
function crossings(d: Influence): string {
  const via = d.steps.filter((s) => s.kind === 'source').map((s) => s.text.slice(s.text.indexOf(' = ') + 3));
  return via.length ? ` via ${via.join(', ')}` : '';
}

function detailText(l: ColumnLineage): string {
  const where = (x: { stage?: string; node: string }) => `${x.stage === undefined ? '' : `${x.stage}: `}${x.node}`;
  const rows = [
    ...l.origins.map((o) => ['from', originText(o), '', '']),
    ...l.steps.map((s) => ['through', s.text, where(s), s.loc]),
    ...l.dependsOn.map((d) => [`depends on (${d.role})`, `${d.text}${d.origins.length ? ` ← ${d.origins.map(originText).join(', ')}` : ''}${crossings(d)}`, where(d), d.loc]),
  ];
  return `${columnKey(l)} (${l.type}) ← ${l.expression}${at(l)}\n${renderTable(['', 'what', 'node', 'job line'], rows, 1000)}\n`;
}
