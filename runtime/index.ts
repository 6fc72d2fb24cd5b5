// The local runtime: runs a plan on Apache Arrow record batches, reading input files and writing outputs.
export { runPlan } from './run-plan.ts';
export { executePlan } from './execute-plan.ts';
export type { RunOptions, InputBinding, InputStats, OutputStats, RunResult } from './run-types.ts';
export { formatValue } from './writers/format-value.ts';
export { formatDouble } from './writers/format-double.ts';
export { tableToRows } from './writers/table-rows.ts';
export { buildSinkStreams, buildPlanStreams, type OpenInput, type SinkStream, type CheckStreams } from './plan-executor.ts';
export { arrowType, arrowSchema } from './arrow-types.ts';
