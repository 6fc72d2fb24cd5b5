// Binds the job's inputs to files: `--local <path>` for the one input not named by `--input name=path`.
// Every mistake is a usage error (exit 2) that lists the job's inputs.
import { closeSync, existsSync, openSync, statSync } from 'node:fs';
import { inputNames, sources, type Plan } from '../plan/index.ts';
import { unreadableCompression } from '../runtime/readers/compression-sniffer.ts';
import { CliExit, EXIT_USAGE, exitWith } from './exit-codes.ts';

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
 * Input name -> path as given (relative paths stay relative: rejects files and errors cite them as typed).
 * An input neither `--input` nor `--local` binds takes its path template (`templated`, values filled in).
 */
export function bindInputs(plan: Plan, local: string | undefined, named: Record<string, string>, templated: Record<string, string> = {}): Record<string, string> {
  const names = inputNames(plan);
  const listed = `the job's inputs: ${describeInputs(plan)}`;
  for (const n of Object.keys(named)) {
    if (!names.includes(n)) throw exitWith(EXIT_USAGE, 'usage', `--input ${n}=...: the job has no input '${n}' (${listed})`);
  }
  const unbound = names.filter((n) => !(n in named));
  const bound = { ...named };
  if (local !== undefined) {
    if (unbound.length === 0) throw exitWith(EXIT_USAGE, 'usage', `--local ${local}: every input is already bound with --input (${listed})`);
    const target = localInputOf(unbound, templated);
    if (target === undefined) {
      throw exitWith(EXIT_USAGE, 'usage', `--local binds one input, but ${unbound.map((n) => `'${n}'`).join(' and ')} are unbound: add --input name=path for all but one (${listed})`);
    }
    bound[target] = local;
  }
  for (const n of unbound) if (!(n in bound) && n in templated) bound[n] = templated[n];
  const missing = names.filter((n) => !(n in bound));
  if (missing.length) {
    const how = names.length === 1 ? '--local <path>' : '--input name=path for each (or --local <path> for the last one)';
    throw exitWith(EXIT_USAGE, 'usage', `no file for input ${missing.map((n) => `'${n}'`).join(', ')}: give ${how} (${listed})`);
  }
  for (const [name, file] of Object.entries(bound)) {
    if (!existsSync(file)) throw exitWith(EXIT_USAGE, 'input', `no such file (input '${name}')`, { file });
    if (!statSync(file).isFile()) throw exitWith(EXIT_USAGE, 'input', `not a file (input '${name}')`, { file });
    assertReadable(name, file);
    const refused = unreadableCompression(name, file);
    if (refused) throw new CliExit(refused, EXIT_USAGE);
  }
  return bound;
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
