// `emr-jobs explain <job>`: the plan as a tree, as JSON, or the text of one compilation stage; with --dag,
// a job's plan or a pipeline drawn as a picture (Mermaid, DOT or SVG).
import { Option, type Command } from 'commander';
import { planToJson } from '../../plan/index.ts';
import { pipelineGraph, planGraph } from '../dag-graph.ts';
import { withLineage } from '../dag-lineage.ts';
import { pictureFormat, writeDagPicture } from '../dag-output.ts';
import { DAG_FORMATS, type DagFormat } from '../dag-renderer.ts';
import { EXIT_USAGE, exitWith } from '../exit-codes.ts';
import { lineageOf, pickColumn } from '../lineage-columns.ts';
import { loadJobOrPipeline } from '../load-job.ts';
import { planTreeText } from '../plan-tree-printer.ts';
import { emitStage, STAGES, type Stage } from '../stage-emitter.ts';

const HELP = `
Examples:
  $ npx emr-jobs explain top-pages                  # the plan as a tree, with job-file lines
  $ npx emr-jobs explain top-pages --json           # the plan as JSON (what \`compile\` writes as plan.json)
  $ npx emr-jobs explain top-pages --emit pig       # the Pig Latin script
  $ npx emr-jobs explain ./my-job.ts --emit pyspark # the PySpark script
  $ npx emr-jobs explain web-analytics --dag --format svg --out web-analytics.svg
  $ npx emr-jobs explain web-analytics --dag        # the pipeline as a Mermaid flowchart
  $ npx emr-jobs explain top-pages --dag --format dot | dot -Tpng > top-pages.png
  $ npx emr-jobs explain web-analytics --dag --lineage --out lineage.svg          # what each output column is made of
  $ npx emr-jobs explain web-analytics --dag --lineage top_pages.hits --out hits.svg  # one column's way, highlighted

--dag draws a pipeline (its inputs with their path templates, formats and columns; each stage with its
engine, job and outputs' columns; the published outputs; an edge per binding, named after the output) or
a job's plan (source -> ... -> sink, each node with its columns). --format defaults to the extension of
--out (.mmd, .dot/.gv, .svg), else mermaid. Without --out the picture goes to stdout; an SVG is not
written to a terminal (use --out, or a pipe). A pipeline is explained with --dag only.
--lineage adds column lineage (as \`emr-jobs lineage\` derives it): each output lists what its columns
are computed from; --lineage <output.column> (pipelines: [<stage>.]<output>.<column>) shows that column's
expression and highlights the boxes and edges its values and the rows behind them pass through.
A node a target cannot express exits 2 with the node's job-file line.`;

interface ExplainOptions {
  readonly json?: boolean;
  readonly emit?: Stage;
  readonly dag?: boolean;
  readonly format?: DagFormat;
  readonly out?: string;
  readonly lineage?: string | true;
}

export function register(program: Command): void {
  program
    .command('explain')
    .description('show the plan of a job, the text of one stage (plan JSON, Pig, PySpark), or draw a job or pipeline as a DAG')
    .argument('<job>', 'a job or pipeline name in jobs/ (top-pages) or a path to a .ts file')
    .option('--json', 'print the plan as JSON')
    .addOption(new Option('--emit <stage>', 'print the text of one stage').choices(STAGES))
    .option('--dag', 'draw the pipeline or the job plan as a graph')
    .addOption(new Option('--format <format>', 'the picture format, with --dag (default: from --out, else mermaid)').choices(DAG_FORMATS))
    .option('--out <file>', 'write the picture to this file instead of stdout, with --dag')
    .option('--lineage [column]', 'with --dag: show column lineage on the outputs; with a column, highlight its way')
    .addHelpText('after', HELP)
    .action(explain);
}

async function explain(job: string, opts: ExplainOptions): Promise<void> {
  const format = opts.dag ? pictureFormat(opts, process.stdout.isTTY === true) : checkNoDagFlags(opts);
  const loaded = await loadJobOrPipeline(job);
  if (format) {
    const graph = 'pipeline' in loaded ? pipelineGraph(loaded.pipeline) : planGraph(loaded.plan);
    const focus = typeof opts.lineage === 'string' ? pickColumn(lineageOf(loaded), opts.lineage, '--lineage', `'${loaded.definition.name}'`) : null;
    await writeDagPicture(opts.lineage === undefined ? graph : withLineage(graph, loaded, focus), format, opts.out);
    return;
  }
  if ('pipeline' in loaded) {
    throw exitWith(EXIT_USAGE, 'usage', `'${loaded.definition.name}' is a pipeline: explain draws it with --dag (--format ${DAG_FORMATS.join('|')}); --json and --emit take a job`);
  }
  const plan = loaded.plan;
  const text = opts.emit ? await emitStage(plan, opts.emit) : opts.json ? planToJson(plan) : planTreeText(plan);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function checkNoDagFlags(opts: ExplainOptions): null {
  const flag = opts.format !== undefined ? `--format ${opts.format}` : opts.out !== undefined ? `--out ${opts.out}` : opts.lineage !== undefined ? '--lineage' : null;
  if (flag) throw exitWith(EXIT_USAGE, 'usage', `${flag} applies to pictures: add --dag`);
  return null;
}
