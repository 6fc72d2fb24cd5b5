// The text of one stage of a plan (`--emit plan|pig|pyspark`): the plan's JSON or a compiled script.
// Compilers load on demand: `list` and `run` never pay for them.
import { planToJson, type Plan } from '../plan/index.ts';

export const STAGES = ['plan', 'pig', 'pyspark'] as const;
export type Stage = (typeof STAGES)[number];

export async function emitStage(plan: Plan, stage: Stage): Promise<string> {
  switch (stage) {
    case 'plan':
      return planToJson(plan);
    case 'pig':
      return (await import('../codegen/pig/index.ts')).toPig(plan);
    case 'pyspark':
      return (await import('../codegen/pyspark/index.ts')).toPySpark(plan);
  }
}
