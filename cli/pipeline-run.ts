// `emr-jobs run <pipeline>`: runs the stages in dependency order, each as one committed job run into
// <out>/<stage>/, its outputs feeding the stages that read them; prints each stage's summary, one table
// over the stages and one overall line.
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  allParams, bindStage, expandTemplate, paramsPlan, inputNames, planParams, sinks, sources, stageOrder,
  type PipelinePlan, type PipelineStage, type Plan, type SourceNode,
} from '../plan/index.ts';
import { childPath } from '../runtime/path-guard.ts';
import { runCommitted, type RunFlags } from './commands/run.ts';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';
import { bindInputs } from './input-binder.ts';
import { resolveInput, type ResolvedInput } from './input-files.ts';
import { withInterruptScope } from './interrupt-scope.ts';
import { displayPath } from './job-paths.ts';
import type { LoadedPipeline } from './load-job.ts';
import { outputPath } from './output-reader.ts';
import { bindParams, type BoundParams } from './param-binder.ts';
import { prepareOutputFolder } from './output-folder.ts';
import { projectLayout } from './project-root.ts';
import { summaryText, type RunSummary } from './run-summary-printer.ts';
import { renderTable } from './table-printer.ts';

/** `--engine declared` runs each stage on the engine its pipeline declares for it. */
export type PipelineEngine = RunFlags['engine'] | 'declared';

export interface PipelineRunFlags extends Omit<RunFlags, 'engine'> {
  readonly engine: PipelineEngine;
  /** Run only these stages (their upstream outputs must already be in the output folder). */
  readonly only?: readonly string[];
  /** Run this stage and every stage after it in dependency order. */
  readonly fromStage?: string;
}

const usage = (message: string) => exitWith(EXIT_USAGE, 'usage', message);
const num = (n: number) => n.toLocaleString('en-US');

/** The stages to run, in dependency order. */
export function selectStages(p: PipelinePlan, only: readonly string[] | undefined, fromStage: string | undefined): PipelineStage[] {
  const order = stageOrder(p);
  const names = order.map((s) => s.name);
  const known = (n: string, flag: string) => {
    if (!names.includes(n)) throw usage(`${flag} ${n}: pipeline '${p.pipeline}' has no stage '${n}' (its stages: ${names.join(', ')})`);
  };
  if (only?.length && fromStage !== undefined) throw usage('--only and --from-stage cannot be combined');
  if (only?.length) {
    only.forEach((n) => known(n, '--only'));
    return order.filter((s) => only.includes(s.name));
  }
  if (fromStage !== undefined) {
    known(fromStage, '--from-stage');
    return order.slice(names.indexOf(fromStage));
  }
  return order;
}

/**
 * A plan whose sources are the pipeline's inputs that `stages` read, one source each (as the first stage
 * reading it declares it), so that `--local`/`--input` bind them with the same rules and checks as a job's.
 */
function inputsPlan(p: PipelinePlan, stages: readonly PipelineStage[]): Plan {
  const seen = new Map<string, SourceNode>();
  for (const s of stages) {
    for (const src of sources(s.plan)) {
      const b = s.inputs[src.input];
      if (b?.kind !== 'input' || seen.has(b.input)) continue;
      const template = p.inputs.find((i) => i.name === b.input)?.path;
      // The pipeline input's own template, never the job's: the pipeline binds it.
      const { path: _jobTemplate, ...read } = src;
      seen.set(b.input, { ...read, id: `input_${seen.size + 1}`, input: b.input, ...(template !== undefined ? { path: template } : {}) });
    }
  }
  return { ...paramsPlan(p), nodes: [...seen.values()] };
}

/**
 * The values of the pipeline's and its stages' parameters: `--param` texts, then `fallback` (a bundle's recorded
 * values), then defaults; an unknown name is exit 2. `leaveUnbound` names parameters left out (a dry run's placeholders).
 */
export function bindPipelineParams(p: PipelinePlan, given: Readonly<Record<string, string>>, fallback: Readonly<Record<string, string>> = {}, leaveUnbound: readonly string[] = []): BoundParams {
  const declared = allParams(p);
  for (const name of Object.keys(given)) {
    if (!declared.some((d) => d.name === name)) {
      throw usage(`--param ${name}=...: pipeline '${p.pipeline}' and its stages declare no parameter '${name}' (${declared.length ? `parameters: ${declared.map((d) => `${d.name} (${d.type})`).join(', ')}` : 'it takes none'})`);
    }
  }
  const plan = paramsPlan(p);
  return bindParams({ ...plan, params: (plan.params ?? []).filter((d) => !leaveUnbound.includes(d.name)) }, given, fallback);
}

export async function runPipeline(loaded: LoadedPipeline, flags: PipelineRunFlags): Promise<void> {
  const p = loaded.pipeline;
  const stages = selectStages(p, flags.only, flags.fromStage);
  const pipelineParams = bindPipelineParams(p, flags.param ?? {});
  const inputsOf = inputsPlan(p, stages);
  const templated: Record<string, string> = {};
  for (const src of sources(inputsOf)) if (src.path !== undefined) templated[src.input] = expandTemplate(src.path, (n) => pipelineParams.texts[n]);
  const inputFiles = inputNames(inputsOf).length ? bindInputs(inputsOf, flags.local, flags.input ?? {}, templated) : {};
  if (!inputNames(inputsOf).length && (flags.local !== undefined || Object.keys(flags.input ?? {}).length)) {
    throw usage(`the stages selected read no input of pipeline '${p.pipeline}', only earlier stages' outputs: drop --local and --input`);
  }
  const root = flags.out ?? childPath(projectLayout().outDir, p.pipeline);
  const written = new Map<string, string>();
  const done: { stage: PipelineStage; engine: string; summary: RunSummary }[] = [];
  const started = Date.now();
  let running = '';
  await withInterruptScope(
    async (scope) => {
      for (const stage of stages) {
        const plan = bindStage(p, stage);
        const params = bindParams(plan, pick(pipelineParams.texts, planParams(plan).map((d) => d.name)));
        const inputs: Record<string, ResolvedInput> = {};
        for (const [input, b] of Object.entries(stage.inputs)) {
          inputs[input] = b.kind === 'input' ? inputFiles[b.input] : resolveInput(input, [upstreamFile(p, b.stage, b.output, root, written, stage)]);
        }
        const engine = flags.engine === 'declared' ? stage.engine : flags.engine;
        const folder = prepareOutputFolder(path.join(root, stage.name));
        running = stage.name;
        process.stdout.write(`stage ${stage.name} (${stage.job}) on ${engine}\n`);
        const summary = await runCommitted(plan, inputs, params, { ...flags, engine }, folder, scope);
        for (const o of summary.outputs) written.set(`${stage.name}\0${o.output}`, o.path);
        process.stdout.write(`${summaryText(summary)}\n\n`);
        done.push({ stage, engine, summary });
        running = '';
      }
    },
    {
      describe: (signal) => {
        const finished = done.map((d) => d.stage.name).join(', ');
        return `${signal}: emr-jobs run ${p.pipeline} interrupted${running ? ` in stage ${running} (its previous outputs are intact)` : ''}; ${finished ? `stages done: ${finished}` : 'no stage finished'}`;
      },
    },
  );
  const rows = done.map(({ stage, engine, summary }) => [
    stage.name,
    engine,
    summary.inputs ? num(summary.inputs.reduce((n, i) => n + i.read, 0)) : null,
    summary.inputs ? num(summary.inputs.reduce((n, i) => n + i.rejected, 0)) : null,
    summary.outputs.map((o) => `${o.output} ${num(o.rows)}`).join(', '),
    summary.seconds.toFixed(2),
  ]);
  process.stdout.write(`${renderTable(['stage', 'engine', 'read', 'rejected', 'rows written', 'seconds'], rows, 100)}\n`);
  const skipped = stageOrder(p).length - done.length;
  process.stdout.write(
    `pipeline ${p.pipeline}: ${done.length} stage${done.length === 1 ? '' : 's'} done${skipped ? ` (${skipped} not selected)` : ''} in ${((Date.now() - started) / 1000).toFixed(2)} s; outputs in ${displayPath(path.resolve(root))}\n`,
  );
}

function pick(texts: Readonly<Record<string, string>>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.filter((n) => n in texts).map((n) => [n, texts[n]]));
}

/** The file an upstream stage's output was written to: by this run, or by an earlier one (--only, --from-stage). */
function upstreamFile(p: PipelinePlan, stage: string, output: string, root: string, written: Map<string, string>, reader: PipelineStage): string {
  const now = written.get(`${stage}\0${output}`);
  if (now) return now;
  const sink = sinks(p.stages.find((s) => s.name === stage)!.plan).find((k) => k.output === output)!;
  const file = outputPath(path.join(root, stage), sink);
  if (!existsSync(file) || !existsSync(path.join(root, stage, '_SUCCESS'))) {
    throw exitWith(EXIT_USAGE, 'input', `stage '${reader.name}' reads '${stage}.${output}', which no finished run of stage '${stage}' has written: run stage '${stage}' first (or without --only/--from-stage)`, { file: displayPath(file) });
  }
  return file;
}
