// emr-jobs/testing: unit- and property-test jobs in your own project (docs/testing.md). Run a job in memory
// on the local runtime, generate valid and malformed log lines and rows of any schema with fast-check, and
// check that the Pig and Spark scripts a job compiles to give the runtime's outputs.
export { runJob, type JobRun, type InputResult, type RejectedLine, type RunJobOptions, type JobLike } from './run-job.ts';
export type { JobInput } from './input-files.ts';
export type { Row, Value } from './job-values.ts';
export type { CheckResult } from '../plan/index.ts';
export { expectEnginesAgree, type EnginesAgreeOptions } from './engines-agree.ts';
export type { EngineName } from './engine-runs.ts';
export { logLine, type LogLineOptions } from './log-line-writer.ts';
export { logLineOf, logLinesOf, logRecordOf, logRowOf } from './log-arbitraries.ts';
export { malformedLineOf, malformedLinesOf, type MalformedLine } from './malformed-log-arbitraries.ts';
export { rowOf, rowsOf, type RowArbOptions, type RowFormat, type SchemaLike } from './row-arbitraries.ts';
// The fast-check these arbitraries are built with: properties that mix them with `fc.*` arbitraries must use
// this one (a CommonJS project's own `import fc from 'fast-check'` gets the CommonJS copy's types).
export { default as fc } from 'fast-check';
