// The Pig Latin compiler: toPig(plan), what it cannot express, and how its partition folders are named.
export { toPig, PIG_GENERATOR, type PigCompileOptions } from './pig-compiler.ts';
export { PIG_UNSUPPORTED, pigUnsupported, type PigUnsupportedId } from './pig-unsupported.ts';
export { PIG_FUNCTIONS } from './pig-functions.ts';
export { PIG_AGGREGATES } from './pig-aggregates.ts';
export { pigName } from './pig-names.ts';
export { pigString } from './pig-printer.ts';
export { escapePartitionText, HIVE_NULL_PARTITION } from './pig-sink.ts';
export { rejectsArgs, rejectsInputs, rejectsParam } from '../common/rejects-param.ts';
export { pigCommandLineValue, pigParamArgs, pigParamValue, quotePigParamValue } from './pig-params.ts';
export { CHECKS_RESULTS_PARAM, PIG_SCRIPT_PARAM, pigCheckArgs, pigCheckFailure } from './pig-checks.ts';
