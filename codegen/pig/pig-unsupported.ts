// What Pig cannot express, as an explicit list: the compiler raises these by id, and docs/codegen.md and the
// support-matrix test read the same list.
import { JobError, type PlanNode, type SourceLoc } from '../../plan/index.ts';

export const PIG_UNSUPPORTED = {
  'mod-double': {
    what: 'mod on double operands',
    why: "Pig's % takes only int and long, and no built-in computes Java's floating remainder exactly",
  },
  'jsonl-source': {
    what: 'JSON lines input',
    why: "Pig 0.17's JsonLoader takes values by position, not by key (`{\"b\":\"y\",\"a\":2}` loads as two nulls)",
  },
  'cloudtrail-source': {
    what: 'CloudTrail input',
    why: "Pig 0.17's JsonLoader reads one object per line by position: it cannot read a pretty-printed `{\"Records\":[...]}` file, expand its Records, or take fields by key",
  },
  'jsonl-sink': {
    what: 'JSON lines output',
    why: "JsonStorage writes Pig's field names and its own number and datetime formats, not the plan's",
  },
  'parquet-time': {
    what: 'a timestamp or date column in Parquet input or output',
    why: "parquet-pig maps no Parquet type to Pig's datetime (write the time as epoch milliseconds, a long)",
  },
  'parquet-name': {
    what: 'a Parquet column whose name is not a plain Pig identifier',
    why: "parquet-pig takes the columns as a Pig schema string and names the file's columns after Pig's aliases",
  },
  'ml-stage': {
    what: 'an ML stage (split, fit, predict, evaluate, model parameters, saved model)',
    why: 'Pig has no machine learning library; run the job as a PySpark step',
  },
  'csv-delimiter': {
    what: 'a CSV delimiter of more than one character, or a backslash',
    why: "piggybank's CSVExcelStorage takes one character, as a literal, and a literal cannot end in a backslash in a Pig script",
  },
  'csv-unquoted-header': {
    what: "a header line with quote 'none'",
    why: 'PigStorage and TextLoader cannot skip the first line of each file, and CSVExcelStorage (which can) always reads quotes',
  },
  'param-name': {
    what: 'an input or output name that is not a Pig parameter name',
    why: 'paths are passed as `-param <name>=<path>`, and a parameter name is letters, digits and _ (not starting with a digit)',
  },
  'param-clash': {
    what: 'an input and an output with the same name',
    why: 'both would be the one parameter `$<name>`',
  },
  'rejects-param': {
    what: 'an input or output named rejects__<input> for an input of the job',
    why: "`$rejects__<input>` is the parameter naming that input's rejects folder",
  },
} as const satisfies Record<string, { readonly what: string; readonly why: string }>;

export type PigUnsupportedId = keyof typeof PIG_UNSUPPORTED;

/** The error for an unsupported feature used by `node` (or, with no node, the plan as a whole). */
export function pigUnsupported(id: PigUnsupportedId, node: Pick<PlanNode, 'loc' | 'id'> | null, detail?: string): JobError {
  const u = PIG_UNSUPPORTED[id];
  const where: SourceLoc | null = node?.loc ?? null;
  return new JobError('unsupported', `pig cannot express ${u.what}${detail ? ` (${detail})` : ''}: ${u.why}`, where, node?.id ?? null);
}
