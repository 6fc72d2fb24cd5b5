// Runs one plan on a real local engine (Pig 0.17 or Spark 3.5, as installed by `npx emr-jobs engines install`)
// and reads each output back as rows of cell text, the form the comparison rules take.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PIG_SCRIPT_PARAM, rejectsArgs, toPig } from '../codegen/pig/index.ts';
import { toPySpark } from '../codegen/pyspark/index.ts';
import { EngineMissingError, exists, findJava, pigClasspathFile } from '../engines/engine-paths.ts';
import { runPig } from '../engines/pig-runner.ts';
import { runSparkBatch, sparkAvailable } from '../engines/spark-runner.ts';
import { inputNames, isJobError, sinks, type Plan } from '../plan/index.ts';
import type { CaseOutputs } from './compare-rules.ts';
import { readPigOutput } from './pig-output-reader.ts';
import { readSparkOutput } from './spark-output-reader.ts';

export type EngineName = 'pig' | 'spark';

/** Throws the engine's install hint before anything runs, rather than after a slow first engine. */
export function checkEngineInstalled(engine: EngineName): void {
  if (engine === 'pig') {
    if (!exists(pigClasspathFile())) throw new EngineMissingError('pig', `${pigClasspathFile()} does not exist`);
    if (!findJava()) throw new EngineMissingError('pig', 'no `java` found (JAVA_HOME, PATH)');
  } else if (!sparkAvailable()) {
    throw new EngineMissingError('spark', 'the Python environment with pyspark, or java, is not installed');
  }
}

const compile = (engine: EngineName, plan: Plan, make: () => string): string => {
  try {
    return make();
  } catch (e) {
    throw new Error(`job '${plan.job}' does not compile for ${engine}: ${isJobError(e) ? e.describe() : (e as Error).message}`);
  }
};

/** Runs `plan` on Pig in local mode (one JVM) with its work files under `work`. */
export async function runOnPig(plan: Plan, inputs: Record<string, string>, work: string): Promise<CaseOutputs> {
  mkdirSync(work, { recursive: true });
  const params: Record<string, string> = {};
  for (const n of inputNames(plan)) params[n] = path.resolve(inputs[n]);
  for (const s of sinks(plan)) params[s.output] = path.join(work, 'out', s.output);
  // The script stores each input's rejected lines too; those folders sit beside the outputs.
  Object.assign(params, rejectsArgs(plan, 'pig', (i) => path.join(work, 'rejects', i)));
  const script = path.join(work, 'job.pig');
  // A script with checks reads itself for a relation that is never empty (docs/codegen.md, "Checks").
  params[PIG_SCRIPT_PARAM] = script;
  // Local mode only: each map task would otherwise allocate a 100 MB sort buffer.
  writeFileSync(script, `SET mapreduce.task.io.sort.mb '16';\n${compile('pig', plan, () => toPig(plan))}`);
  const res = await runPig({ script, params, cwd: work, jvmArgs: ['-XX:TieredStopAtLevel=1'] });
  if (res.code !== 0) {
    const errors = res.stderr.split('\n').filter((l) => /ERROR|Exception|Caused by/.test(l));
    throw new Error(`job '${plan.job}' failed on Pig (exit ${res.code}):\n${(errors.length ? errors.slice(0, 12) : res.stderr.split('\n').slice(-12)).join('\n')}`);
  }
  return Object.fromEntries(sinks(plan).map((s) => [s.output, readPigOutput(params[s.output], s)]));
}

/** Runs `plan` on Spark in local mode (one SparkSession) with its work files under `work`. */
export async function runOnSpark(plan: Plan, inputs: Record<string, string>, work: string): Promise<CaseOutputs> {
  mkdirSync(work, { recursive: true });
  const script = path.join(work, 'job.py');
  writeFileSync(script, compile('spark', plan, () => toPySpark(plan)));
  const outDir = (output: string) => path.join(work, 'out', output);
  const argv = [...inputNames(plan).flatMap((n) => [`--${n}`, path.resolve(inputs[n])]), ...sinks(plan).flatMap((s) => [`--${s.output}`, outDir(s.output)])];
  const [r] = await runSparkBatch([{ script, argv }], { cwd: work });
  if (!r.ok) throw new Error(`job '${plan.job}' failed on Spark: ${r.error ?? 'no result'}\n${r.traceback ?? ''}`.trimEnd());
  return Object.fromEntries(sinks(plan).map((s) => [s.output, readSparkOutput(outDir(s.output), s)]));
}
