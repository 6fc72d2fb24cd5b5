// The typed DSL: job(), sources, datasets, expressions and aggregates.
export { JobError } from '../plan/index.ts';
export { job, isJobDefinition, JobContext, type JobDefinition, type SchemaSpec, type JsonSchemaSpec, type JsonPathSpec, type JsonRowOf, type CsvOptions, type InputOptions, type ParamOptions, type JobOptions } from './job.ts';
export { Checks, Check, type CheckOptions, type Duration, type RowCountOptions, type FreshnessOptions } from './checks.ts';
export { Dataset, Grouped, type SortSpec, type JoinKey, type WindowSpec, type SessionizeOptions, type Gap } from './dataset.ts';
export { WindowFunctions, WindowValue, type FrameSpec } from './window.ts';
export { Expression, lit, nullOf, coalesce, when, lower, upper, concat, not, fromEpochSeconds, fromEpochMillis, CaseBuilder } from './expression.ts';
export {
  Aggregate, count, countDistinct, sum, avg, min, max, percentile, median, approxPercentile, varSamp, varPop, stddevSamp, stddevPop, first, last,
  type AggSortSpec, type OrderedOptions,
} from './aggregate.ts';
export type * from './row-types.ts';
export {
  pipeline, isPipelineDefinition, PipelineContext, StageRef, StageOutputRef, PipelineInputRef,
  type PipelineDefinition, type StageOptions, type PipelineInputOptions, type PublishOptions, type LoadOptions,
} from './pipeline.ts';
