// Where a generated script writes an input's rejected lines: a script parameter like an output's path,
// `rejects__<input>`, naming a folder of text part files, one `<reason>\t<text>` line per rejected record.
import { sources, type Plan, type SourceNode } from '../../plan/index.ts';

export const REJECTS_PARAM_PREFIX = 'rejects__';

export const rejectsParam = (input: string): string => `${REJECTS_PARAM_PREFIX}${input}`;

export type RejectsEngine = 'pig' | 'spark';

/** Which source formats each engine's script can split into parsed and rejected records. */
export function reportsRejects(engine: RejectsEngine, source: SourceNode): boolean {
  const kind = source.format.kind;
  if (kind === 'csv') return engine === 'pig';
  if (kind === 'jsonl') return engine === 'spark';
  return true;
}

/** The inputs whose rejects the engine's script writes (each once, from its first source node). */
export function rejectsInputs(plan: Plan, engine: RejectsEngine): string[] {
  return [...new Set(sources(plan).filter((s) => reportsRejects(engine, s)).map((s) => s.input))];
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
