// Binds the job's inputs to files: `--local <path...>` for the one input not named by `--input name=path`;
// each input takes files, folders and globs (input-files.ts). Every mistake is a usage error (exit 2).
import { closeSync, openSync } from 'node:fs';
import { inputNames, JobError, sources, type Plan } from '../plan/index.ts';
import { unreadableCompression } from '../runtime/readers/compression-sniffer.ts';
import { CliExit, EXIT_USAGE, exitWith } from './exit-codes.ts';
import { resolveInput, type ResolvedInput } from './input-files.ts';

function describeInputs(plan: Plan): string {
  const fmt = new Map(sources(plan).map((s) => [s.input, s.format.kind]));
  return inputNames(plan).map((n) => `${n} (${fmt.get(n)})`).join(', ');
}

/**
 * The input `--local` binds among those `--input` leaves unbound: the only one, or else the only one
 * without a path template (the others then take their templates); undefined when that is not one input.
 */
export function localInputOf(unbound: readonly string[], templated: Readonly<Record<string, string>>): string | undefined {
  if (unbound.length === 1) return unbound[0];
  const plain = unbound.filter((n) => !(n in templated));
  return plain.length === 1 ? plain[0] : undefined;
}

/**
 * Input name -> paths as given (relative paths stay relative: rejects files and errors cite them as typed).
 * An input neither `--input` nor `--local` binds takes its path template (`templated`, values filled in).
 */
export function bindInputPaths(
  names: readonly string[],
  listed: string,
  local: readonly string[] | undefined,
  named: Readonly<Record<string, readonly string[]>>,
  templated: Readonly<Record<string, string>> = {},
): Record<string, readonly string[]> {
  for (const n of Object.keys(named)) {
    if (!names.includes(n)) throw exitWith(EXIT_USAGE, 'usage', `--input ${n}=...: the job has no input '${n}' (${listed})`);
  }
  const unbound = names.filter((n) => !(n in named));
  const bound: Record<string, readonly string[]> = { ...named };
  if (local !== undefined && local.length > 0) {
    const shown = local.join(' ');
    if (unbound.length === 0) throw exitWith(EXIT_USAGE, 'usage', `--local ${shown}: every input is already bound with --input (${listed})`);
    const target = localInputOf(unbound, templated);
    if (target === undefined) {
      throw exitWith(EXIT_USAGE, 'usage', `--local binds one input, but ${unbound.map((n) => `'${n}'`).join(' and ')} are unbound: add --input name=path for all but one (${listed})`);
    }
    bound[target] = local;
  }
  for (const n of unbound) if (!(n in bound) && n in templated) bound[n] = [templated[n]];
  const missing = names.filter((n) => !(n in bound));
  if (missing.length) {
    const how = names.length === 1 ? '--local <path>' : '--input name=path for each (or --local <path> for the last one)';
    throw exitWith(EXIT_USAGE, 'usage', `no file for input ${missing.map((n) => `'${n}'`).join(', ')}: give ${how} (${listed})`);
  }
  return bound;
}

/** Input name -> the files it reads (checked readable, compression known), from the paths bindInputPaths gives. */
export function bindInputs(
  plan: Plan,
  local: readonly string[] | undefined,
  named: Readonly<Record<string, readonly string[]>>,
  templated: Readonly<Record<string, string>> = {},
): Record<string, ResolvedInput> {
  const bound = bindInputPaths(inputNames(plan), `the job's inputs: ${describeInputs(plan)}`, local, named, templated);
  const out: Record<string, ResolvedInput> = {};
  for (const [name, given] of Object.entries(bound)) {
    let resolved: ResolvedInput;
    try {
      resolved = resolveInput(name, given);
    } catch (e) {
      throw e instanceof JobError ? new CliExit(e, EXIT_USAGE) : e;
    }
    for (const { file } of resolved.parts) {
      assertReadable(name, file);
      const refused = unreadableCompression(name, file);
      if (refused) throw new CliExit(refused, EXIT_USAGE);
    }
    out[name] = resolved;
  }
  return out;
}

/** Opening the file now turns a permission problem into a usage error before the run starts. */
function assertReadable(name: string, file: string): void {
  try {
    closeSync(openSync(file, 'r'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw exitWith(EXIT_USAGE, 'input', `cannot read the file (input '${name}': ${code})`, { file });
  }
}
