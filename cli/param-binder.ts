// `--param name=value` of run, compile and submit: the job's parameter values, typed (plan/param-values.ts),
// and the input paths their templates give. Every mistake is a usage error (exit 2) naming the parameter,
// raised before any input is read or any output folder made.
import { expandTemplate, inputTemplates, parseParamTexts, paramTexts, paramValueText, planParams, ParamValueError, resolveParamValues, type ParamValues, type Plan } from '../plan/index.ts';
import { CliExit, EXIT_USAGE, exitWith } from './exit-codes.ts';

export interface BoundParams {
  /** Typed values of every parameter (given or default). */
  readonly values: ParamValues;
  /** Their canonical texts, as scripts and manifests carry them. */
  readonly texts: Readonly<Record<string, string>>;
}

/** The run's values: `given` (`--param` texts) over `fallback` texts (a bundle's recorded values), then defaults. */
export function bindParams(plan: Plan, given: Readonly<Record<string, string>>, fallback: Readonly<Record<string, string>> = {}): BoundParams {
  try {
    const values = resolveParamValues(planParams(plan), { ...fallback, ...given });
    return { values, texts: paramTexts(planParams(plan), values) };
  } catch (e) {
    if (e instanceof ParamValueError) throw usage(e.message);
    throw e;
  }
}

/** The canonical texts of the values given, checked (no value is required: `compile` records what it gets). */
export function checkParams(plan: Plan, given: Readonly<Record<string, string>>): Record<string, string> {
  try {
    const typed = parseParamTexts(planParams(plan), given);
    return Object.fromEntries(planParams(plan).filter((d) => d.name in typed).map((d) => [d.name, paramValueText(d.type, typed[d.name])]));
  } catch (e) {
    if (e instanceof ParamValueError) throw usage(e.message);
    throw e;
  }
}

/** Input name -> its path template with the values filled in, for inputs that declare one. */
export function templatedInputs(plan: Plan, params: BoundParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [input, template] of Object.entries(inputTemplates(plan.nodes))) out[input] = expandTemplate(template, (n) => params.texts[n]);
  return out;
}

function usage(message: string): CliExit {
  return exitWith(EXIT_USAGE, 'usage', message);
}
