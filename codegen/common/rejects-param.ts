// Where a generated script writes an input's rejected lines: a script parameter like an output's path,
// `rejects__<input>`, naming a folder of text part files, one `<reason>\t<text>` line per rejected record,
// `@<file>\t<line>\t<reason>\t<text>` when the engine knows the record's part file (and line number, else
// an empty field, or `#<n>`: the record's number among the file's records, from Spark's CSV reader), or
// `#<reason>\t<count>` for records an engine can count but not show.
import { sources, type Plan } from '../../plan/index.ts';

export const REJECTS_PARAM_PREFIX = 'rejects__';

export const rejectsParam = (input: string): string => `${REJECTS_PARAM_PREFIX}${input}`;

export type RejectsEngine = 'pig' | 'spark';

/** The inputs whose rejects a script writes (each once, from its first source node): all of them. */
export function rejectsInputs(plan: Plan, _engine: RejectsEngine): string[] {
  return [...new Set(sources(plan).map((s) => s.input))];
}

/** A parameter name that an input or output of the plan already uses, or null. */
export function rejectsParamClash(plan: Plan, names: readonly string[]): string | null {
  const params = new Set(sources(plan).map((s) => rejectsParam(s.input)));
  return names.find((n) => params.has(n)) ?? null;
}

/** `-param` / `--flag` values for a run: `<prefix>rejects__<input>` -> the folder `dirOf(input)` names. */
export function rejectsArgs(plan: Plan, engine: RejectsEngine, dirOf: (input: string) => string, prefix = ''): Record<string, string> {
  return Object.fromEntries(rejectsInputs(plan, engine).map((i) => [`${prefix}${rejectsParam(i)}`, dirOf(i)]));
}

/** Starts a rejects line that names its part file (a reason never starts so). */
export const LOCATED_REJECT_MARK = '@';
