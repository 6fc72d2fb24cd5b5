// Runs the generated PySpark (Spark local) or Pig (Pig -x local) for a job end to end, process start
// included, and gathers the engine's part files into one CSV like the runtime's.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sinks, type Plan } from '../../plan/index.ts';
import type { Measurement } from './measurement.ts';
import { sampleDescendantRss } from './rss-sampler.ts';

export type EngineName = 'spark' | 'pig';

/** Why an engine cannot be measured here, or null when it can. */
export async function engineUnavailable(engine: EngineName): Promise<string | null> {
  try {
    if (engine === 'spark') {
      const [{ sparkAvailable }, codegen] = await Promise.all([import('../../engines/spark-runner.ts'), import('../../codegen/pyspark/index.ts')]);
      if (typeof codegen.toPySpark !== 'function') return 'codegen/pyspark/index.ts has no toPySpark yet';
      return sparkAvailable() ? null : 'Spark is not installed (npm run engines:install)';
    }
    const [{ pigAvailable }, codegen] = await Promise.all([import('../../engines/pig-runner.ts'), import('../../codegen/pig/index.ts')]);
    if (typeof codegen.toPig !== 'function') return 'codegen/pig/index.ts has no toPig yet';
    return pigAvailable() ? null : 'Pig is not installed (npm run engines:install)';
  } catch (e) {
    return `cannot load it: ${(e as Error).message.split('\n')[0]}`;
  }
}

async function runEngineScript(engine: EngineName, plan: Plan, input: string, output: string, target: string, dir: string): Promise<void> {
  if (engine === 'spark') {
    const [{ runSparkScript }, { toPySpark }] = await Promise.all([import('../../engines/spark-runner.ts'), import('../../codegen/pyspark/index.ts')]);
    const script = join(dir, `${plan.job}.py`);
    writeFileSync(script, toPySpark(plan));
    const r = await runSparkScript(script, ['--logs', input, `--${output}`, target], { cwd: dir });
    if (!r.ok) throw new Error(`spark ${plan.job} failed: ${r.error}\n${r.traceback ?? ''}${r.stderr ?? ''}`);
    return;
  }
  const [{ runPig }, { toPig, PIG_SCRIPT_PARAM }] = await Promise.all([import('../../engines/pig-runner.ts'), import('../../codegen/pig/index.ts')]);
  const script = join(dir, `${plan.job}.pig`);
  writeFileSync(script, toPig(plan));
  const r = await runPig({ script, params: { logs: input, [output]: target, rejects__logs: join(dir, 'rejects-logs'), [PIG_SCRIPT_PARAM]: script }, cwd: dir });
  if (r.code !== 0) throw new Error(`pig ${plan.job} exited with ${r.code}:\n${r.stderr.slice(-4000)}`);
}

/** Concatenates the engine's part files under one header (engines write it in every part, or in none). */
function gatherParts(engineDir: string, header: string, csv: string): void {
  writeFileSync(csv, `${header}\n`);
  if (!existsSync(engineDir)) return;
  const parts = readdirSync(engineDir).filter((f) => f.startsWith('part-') && !f.endsWith('.crc')).sort();
  for (const p of parts) {
    let text = readFileSync(join(engineDir, p), 'utf8');
    if (text.startsWith(`${header}\n`)) text = text.slice(header.length + 1);
    if (text.length > 0 && !text.endsWith('\n')) text += '\n';
    appendFileSync(csv, text);
  }
}

export async function runEngine(engine: EngineName, plan: Plan, input: string, outDir: string): Promise<Measurement> {
  const sink = sinks(plan)[0];
  const work = join(outDir, `_${engine}`);
  mkdirSync(work, { recursive: true });
  const target = join(work, sink.output);
  const rss = sampleDescendantRss();
  const t0 = performance.now();
  let peak: number | null;
  try {
    await runEngineScript(engine, plan, input, sink.output, target, work);
  } finally {
    peak = rss.stop();
  }
  const e2eMs = performance.now() - t0;
  const output = join(outDir, `${sink.output}.csv`);
  gatherParts(target, sink.schema.map((f) => f.name).join(','), output);
  return { ms: null, e2eMs, rssMb: peak, rssHow: 'sampled', counts: null, output };
}
