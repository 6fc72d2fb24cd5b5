// A run's parameter values as arguments of a generated PySpark script: `--<name>=<text>` (joined with `=`,
// so a value that starts with `-` is not taken for a flag), the text canonical for its type.
import { paramTexts, planParams, type ParamValues, type Plan } from '../../plan/index.ts';

export function sparkParamArgs(plan: Plan, values: ParamValues): string[] {
  return Object.entries(paramTexts(planParams(plan), values)).map(([k, v]) => `--${k}=${v}`);
}
