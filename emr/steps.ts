// EMR step definitions for a staged job: Pig through `pig-script`, PySpark through `spark-submit`, both run
// by command-runner.jar with the job's inputs, outputs and rejects folders as parameters (the bundle's
// script contract).
import type { ActionOnFailure, StepConfig } from '@aws-sdk/client-emr';
import { pigCommandLineValue } from '../codegen/pig/pig-params.ts';
import { PIG_LIB_PARAM } from '../codegen/pig/pig-parquet.ts';
import { PIG_SCRIPT_PARAM } from '../codegen/pig/pig-checks.ts';
import type { Engine } from './bundle-reader.ts';
import type { StagingPlan } from './stage.ts';

export const STEP_JAR = 'command-runner.jar';

/**
 * `pig-script --run-pig-script --args -f s3://…/job.pig -p <input>=s3://… -p <output>=s3://… -p <param>=<value>`;
 * `params` are run-time parameter values (canonical text): Pig lexes a `-p` value itself (it ends at a space,
 * drops a bare backslash, substitutes `$x`), so each is quoted for that lexer around the escaping the script
 * expects (codegen/pig/pig-params.ts).
 */
export function pigStepArgs(plan: StagingPlan, params: Readonly<Record<string, string>> = {}): string[] {
  const paths = Object.entries({ ...plan.inputs, ...plan.outputs, ...plan.rejects }).flatMap(([k, v]) => ['-p', `${k}=${v}`]);
  const values = Object.entries(params).flatMap(([k, v]) => ['-p', `${k}=${pigCommandLineValue(v)}`]);
  const lib = plan.pigLib ? ['-p', `${PIG_LIB_PARAM}=${plan.pigLib}`] : [];
  const self = plan.pigReadsScript ? ['-p', `${PIG_SCRIPT_PARAM}=${plan.scriptUri}`] : [];
  return ['pig-script', '--run-pig-script', '--args', '-f', plan.scriptUri, ...paths, ...values, ...lib, ...self];
}

/** `spark-submit --deploy-mode cluster s3://…/job.py --<input> s3://… --<output> s3://… --<param>=<value>` */
export function sparkStepArgs(plan: StagingPlan, params: Readonly<Record<string, string>> = {}): string[] {
  return ['spark-submit', '--deploy-mode', 'cluster', plan.scriptUri, ...sparkScriptArgs(plan, params)];
}

/** The PySpark script's own arguments: `--<input> s3://… --<output> s3://… --<param>=<value>` (EMR Serverless's entryPointArguments too). */
export function sparkScriptArgs(plan: StagingPlan, params: Readonly<Record<string, string>> = {}): string[] {
  const paths = Object.entries({ ...plan.inputs, ...plan.outputs, ...plan.rejects }).flatMap(([k, v]) => [`--${k}`, v]);
  return [...paths, ...Object.entries(params).map(([k, v]) => `--${k}=${v}`)];
}

export function jobStep(name: string, engine: Engine, plan: StagingPlan, actionOnFailure: ActionOnFailure, params: Readonly<Record<string, string>> = {}): StepConfig {
  const args = engine === 'pig' ? pigStepArgs(plan, params) : sparkStepArgs(plan, params);
  return { Name: name, ActionOnFailure: actionOnFailure, HadoopJarStep: { Jar: STEP_JAR, Args: args } };
}

/** The EMR applications a list of steps needs (Hadoop comes with every release). */
export function applicationsFor(engines: readonly Engine[]): { Name: string }[] {
  const names = new Set(engines.map((e) => (e === 'pig' ? 'Pig' : 'Spark')));
  return [...names].sort().map((Name) => ({ Name }));
}
