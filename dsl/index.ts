// The typed DSL: job(), sources, datasets, expressions and aggregates.
export { JobError } from '../plan/index.ts';
export { job, isJobDefinition, JobContext, type JobDefinition, type SchemaSpec, type CsvOptions, type InputOptions, type ParamOptions } from './job.ts';
export { Dataset, Grouped, type SortSpec, type JoinKey } from './dataset.ts';
export { Expression, lit, nullOf, coalesce, when, lower, upper, concat, not, fromEpochSeconds, fromEpochMillis, CaseBuilder } from './expression.ts';
export { Aggregate, count, countDistinct, sum, avg, min, max } from './aggregate.ts';
export type * from './row-types.ts';
