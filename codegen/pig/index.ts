// The Pig Latin compiler: toPig(plan), what it cannot express, and how its outputs are laid out.
export { toPig, PIG_GENERATOR, type PigCompileOptions } from './pig-compiler.ts';
export { PIG_UNSUPPORTED, pigUnsupported, type PigUnsupportedId } from './pig-unsupported.ts';
export { PIG_FUNCTIONS } from './pig-functions.ts';
export { PIG_AGGREGATES } from './pig-aggregates.ts';
export { pigName } from './pig-names.ts';
export { pigString } from './pig-printer.ts';
