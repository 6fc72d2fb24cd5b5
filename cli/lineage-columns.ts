// The lineage of a job's or pipeline's output columns as the CLI prints and draws it, and the column a
// `--column` / `--lineage` flag names.
import { columnLineage, pipelineLineage, type ColumnLineage, type ExprPrinter, type PipelinePlan, type Plan } from '../plan/index.ts';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';
import { aggText, exprText } from './expr-text-printer.ts';

const PRINTER: ExprPrinter = { expr: exprText, agg: aggText };

export type LineageSubject = { readonly pipeline: PipelinePlan } | { readonly plan: Plan };

/** The lineage of every output column of a job or pipeline. */
export function lineageOf(of: LineageSubject): ColumnLineage[] {
  return 'pipeline' in of ? pipelineLineage(of.pipeline, PRINTER) : columnLineage(of.plan, PRINTER);
}

/** `stage.output.column` in a pipeline, `output.column` in a job. */
export const columnKey = (l: ColumnLineage): string => `${l.stage === undefined ? '' : `${l.stage}.`}${l.output}.${l.column}`;

/**
 * The column a flag names: its full key, or in a pipeline `output.column` when one stage has that output;
 * otherwise a usage error listing the valid keys.
 */
export function pickColumn(all: readonly ColumnLineage[], wanted: string, flag: string, owner: string): ColumnLineage {
  const exact = all.find((l) => columnKey(l) === wanted);
  if (exact) return exact;
  const short = all.filter((l) => l.stage !== undefined && `${l.output}.${l.column}` === wanted);
  if (short.length === 1) return short[0];
  const valid = all.map(columnKey).join(', ');
  const form = all.some((l) => l.stage !== undefined) ? '<stage>.<output>.<column>' : '<output>.<column>';
  throw exitWith(EXIT_USAGE, 'usage', `${flag} '${wanted}': ${owner} has no output column of that name (expected ${form}: ${valid})`);
}
