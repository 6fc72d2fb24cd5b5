// EMR step definitions for a staged job: Pig through `pig-script`, PySpark through `spark-submit`, both run
// by command-runner.jar with the job's inputs, outputs and rejects folders as parameters (the bundle's
// script contract).
import type { ActionOnFailure, StepConfig } from '@aws-sdk/client-emr';
import type { Engine } from './bundle-reader.ts';
import type { StagingPlan } from './stage.ts';

export const STEP_JAR = 'command-runner.jar';

/** `pig-script --run-pig-script --args -f s3://…/job.pig -p <input>=s3://… -p <output>=s3://…` */
export function pigStepArgs(plan: StagingPlan): string[] {
  const params = Object.entries({ ...plan.inputs, ...plan.outputs, ...plan.rejects }).flatMap(([k, v]) => ['-p', `${k}=${v}`]);
  return ['pig-script', '--run-pig-script', '--args', '-f', plan.scriptUri, ...params];
}

/** `spark-submit --deploy-mode cluster s3://…/job.py --<input> s3://… --<output> s3://…` */
export function sparkStepArgs(plan: StagingPlan): string[] {
  const params = Object.entries({ ...plan.inputs, ...plan.outputs, ...plan.rejects }).flatMap(([k, v]) => [`--${k}`, v]);
  return ['spark-submit', '--deploy-mode', 'cluster', plan.scriptUri, ...params];
}

export function jobStep(name: string, engine: Engine, plan: StagingPlan, actionOnFailure: ActionOnFailure): StepConfig {
  const args = engine === 'pig' ? pigStepArgs(plan) : sparkStepArgs(plan);
  return { Name: name, ActionOnFailure: actionOnFailure, HadoopJarStep: { Jar: STEP_JAR, Args: args } };
}

/** The EMR applications a list of steps needs (Hadoop comes with every release). */
export function applicationsFor(engines: readonly Engine[]): { Name: string }[] {
  const names = new Set(engines.map((e) => (e === 'pig' ? 'Pig' : 'Spark')));
  return [...names].sort().map((Name) => ({ Name }));
}
