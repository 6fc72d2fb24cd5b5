// What the PySpark compiler refuses, with the reason: docs/codegen.md lists these and the tests check
// that each one raises JobError('unsupported', 'pyspark cannot express ...').
import { PYSPARK_UNSUPPORTED_FUNCTIONS } from './function-catalogue.ts';

export interface UnsupportedCase {
  readonly what: string;
  readonly why: string;
}

export const PYSPARK_UNSUPPORTED: readonly UnsupportedCase[] = [
  { what: 'an output named like an input, or with an empty name', why: 'both become --<name> flags of the script' },
  { what: 'a log format without a line pattern in plan/formats.ts', why: 'the script matches lines with that regex' },
  { what: 'regexExtract of a group the pattern does not have', why: "Spark's regexp_extract fails on every row" },
  { what: 'an input, output or parameter named checks__results or checks__previous_rows in a job with checks', why: "those are the script's flags for its checks" },
  { what: 'a time pattern outside yyyy MM dd HH mm ss SSS and quoted text', why: 'docs/semantics.md defines no other field' },
  ...PYSPARK_UNSUPPORTED_FUNCTIONS.map((f) => ({ what: `the function ${f}`, why: 'no Spark function matches the plan' })),
];
