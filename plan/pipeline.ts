// The pipeline plan: job plans as stages, edges binding a stage's input to a pipeline input or to an
// earlier stage's output, and path templates over run-time parameters. Plain data with a content hash,
// like a job plan; `bindStage` turns a stage's job plan into the plan it runs with its edges applied.
import { createHash } from 'node:crypto';
import { JobError } from './errors.ts';
import type { SourceFormat } from './formats.ts';
import { inputNameProblem, jobNameProblem } from './name-rules.ts';
import type { PlanNode, ProjectNode, SinkNode, SourceNode } from './nodes.ts';
import { paramProblems, templateParams, type ParamDecl } from './params.ts';
import { canonicalJson, withoutOwnership, inputNames, nodeById, outputNames, PLAN_FORMAT, PLAN_VERSION, sinks, sources, type Plan } from './plan.ts';
import { printable } from './printable-text.ts';
import type { Field, SourceLoc } from './types.ts';
import { col } from './expr.ts';
import { loadsProblems, type PipelineLoad } from './warehouse-load.ts';

export const PIPELINE_FORMAT = 'emr-jobs/pipeline';
export const PIPELINE_VERSION = 1;

/** Where a stage runs on a cluster; every stage also runs on the local runtime. */
export type StageEngine = 'pig' | 'spark';
export const STAGE_ENGINES: readonly StageEngine[] = ['pig', 'spark'];

/** Daily partitions are `date` values (`2015-05-17`); hourly ones are timestamps on the hour. */
export type PartitionGrain = 'daily' | 'hourly';

/** What feeds a stage's input: an input of the pipeline, or an output of an earlier stage. */
export type Binding = { readonly kind: 'input'; readonly input: string } | { readonly kind: 'stage'; readonly stage: string; readonly output: string };

export interface PipelineInput {
  readonly name: string;
  /** A path or URI template over the pipeline's parameters; `--input`/`--local` win over it. */
  readonly path?: string;
  readonly loc: SourceLoc;
}

export interface PipelineStage {
  readonly name: string;
  /** The job the stage runs, as defined in its own file (its plan is unchanged by the pipeline). */
  readonly job: string;
  readonly engine: StageEngine;
  readonly plan: Plan;
  /** Every input of the job, bound. */
  readonly inputs: { readonly [input: string]: Binding };
  readonly loc: SourceLoc;
}

/** A stage output the pipeline publishes at a path template (its place in S3 or the warehouse's staging area). */
export interface PipelineOutput {
  readonly stage: string;
  readonly output: string;
  readonly path: string;
  readonly loc: SourceLoc;
}

export interface PipelinePartition {
  readonly param: string;
  readonly grain: PartitionGrain;
}

export interface PipelinePlan {
  readonly format: typeof PIPELINE_FORMAT;
  readonly version: number;
  readonly pipeline: string;
  readonly description: string;
  readonly loc: SourceLoc;
  readonly partition?: PipelinePartition;
  /** Parameters declared by the pipeline itself (the partition's among them); stages declare their own too. */
  readonly params: readonly ParamDecl[];
  readonly inputs: readonly PipelineInput[];
  /** In declaration order, which is a dependency order: a stage is declared after every stage it reads. */
  readonly stages: readonly PipelineStage[];
  readonly outputs: readonly PipelineOutput[];
  /** Warehouse loads of published outputs (absent when there is none, so older plans hash the same). */
  readonly loads?: readonly PipelineLoad[];
  /** Who owns the outputs (pipeline(..., { owner })); wins over the stages' jobs' own; not part of the hash. */
  readonly owner?: string;
  /** Seconds the outputs may age before they are stale; wins over the stages' jobs' own; not part of the hash. */
  readonly freshWithin?: number;
}

export const PARTITION_TYPE: { readonly [G in PartitionGrain]: 'date' | 'timestamp' } = { daily: 'date', hourly: 'timestamp' };

const shown = (s: string) => `'${printable(s)}'`;

/** sha256 of the pipeline's meaning: locations, owners and freshness expectations left out, every stage's plan in. */
export function pipelineHash(p: PipelinePlan): string {
  const meaning = { ...withoutOwnership(p), stages: p.stages.map((s) => ({ ...s, plan: withoutOwnership(s.plan) })) };
  return createHash('sha256').update(canonicalJson(withoutLocs(meaning))).digest('hex');
}

/** The owner and freshness expectation of a stage's runs: the pipeline's, else the stage's job's. */
export function stageOwnership(p: PipelinePlan, stage: PipelineStage): { owner: string | null; freshWithin: number | null } {
  return { owner: p.owner ?? stage.plan.owner ?? null, freshWithin: p.freshWithin ?? stage.plan.freshWithin ?? null };
}

function withoutLocs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutLocs);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'loc').map(([k, x]) => [k, withoutLocs(x)]));
}

/** Stages in an order where each comes after every stage it reads; a cycle is an error naming its stages. */
export function stageOrder(p: PipelinePlan): PipelineStage[] {
  const byName = new Map(p.stages.map((s) => [s.name, s]));
  const done = new Set<string>();
  const path: string[] = [];
  const out: PipelineStage[] = [];
  const visit = (s: PipelineStage): void => {
    if (done.has(s.name)) return;
    const at = path.indexOf(s.name);
    if (at >= 0) throw new JobError('plan', `stages form a cycle: ${[...path.slice(at), s.name].map(shown).join(' -> ')}`, s.loc);
    path.push(s.name);
    for (const up of upstreamStages(s)) {
      const u = byName.get(up);
      if (u) visit(u);
    }
    path.pop();
    done.add(s.name);
    out.push(s);
  };
  p.stages.forEach(visit);
  return out;
}

/** The names of the stages whose outputs `s` reads. */
export function upstreamStages(s: PipelineStage): string[] {
  return [...new Set(Object.values(s.inputs).flatMap((b) => (b.kind === 'stage' ? [b.stage] : [])))];
}

/** Every problem of the pipeline, each at the line of the call that caused it. */
export function validatePipeline(p: PipelinePlan): JobError[] {
  const errors: JobError[] = [];
  const fail = (message: string, loc: SourceLoc) => errors.push(new JobError('plan', message, loc));
  const name = jobNameProblem(p.pipeline);
  if (name) fail(name.replace('job name', 'pipeline name'), p.loc);
  if (p.stages.length === 0) fail(`pipeline ${shown(p.pipeline)} has no stage (add one with p.stage(...))`, p.loc);

  const inputs = new Map<string, PipelineInput>();
  for (const i of p.inputs) {
    const problem = inputNameProblem(i.name);
    if (problem) fail(problem, i.loc);
    if (inputs.has(i.name)) fail(`input ${shown(i.name)} is declared twice`, i.loc);
    inputs.set(i.name, i);
  }
  const stages = new Map<string, PipelineStage>();
  for (const s of p.stages) {
    const problem = jobNameProblem(s.name);
    if (problem) fail(problem.replace('job name', 'stage name'), s.loc);
    if (stages.has(s.name)) fail(`stage ${shown(s.name)} is declared twice`, s.loc);
    if (!STAGE_ENGINES.includes(s.engine)) fail(`stage ${shown(s.name)}: engine must be ${STAGE_ENGINES.map(shown).join(' or ')}, not ${shown(String(s.engine))}`, s.loc);
    stages.set(s.name, s);
  }
  for (const s of p.stages) errors.push(...bindingProblems(s, inputs, stages));
  if (!errors.length) {
    try {
      stageOrder(p);
    } catch (e) {
      if (e instanceof JobError) errors.push(e);
      else throw e;
    }
  }
  errors.push(...paramConflicts(p));
  const writers = new Map<string, PipelineOutput>();
  for (const o of p.outputs) {
    const s = stages.get(o.stage);
    if (!s) fail(`output of unknown stage ${shown(o.stage)}`, o.loc);
    else if (!outputNames(s.plan).includes(o.output)) fail(`stage ${shown(o.stage)} has no output ${shown(o.output)}; its outputs are ${list(outputNames(s.plan))}`, o.loc);
    const prev = writers.get(o.path);
    if (prev) fail(`${shown(`${o.stage}.${o.output}`)} and ${shown(`${prev.stage}.${prev.output}`)} both write ${shown(o.path)}`, o.loc);
    writers.set(o.path, o);
  }
  const declared = new Set(allParams(p).map((d) => d.name));
  const templates: { path: string; what: string; loc: SourceLoc }[] = [
    ...p.inputs.flatMap((i) => (i.path === undefined ? [] : [{ path: i.path, what: `input ${shown(i.name)}`, loc: i.loc }])),
    ...p.outputs.map((o) => ({ path: o.path, what: `output ${shown(`${o.stage}.${o.output}`)}`, loc: o.loc })),
  ];
  for (const t of templates) {
    for (const n of templateParams(t.path)) {
      if (!declared.has(n)) fail(`${t.what}: path template names '{${n}}', which is not a parameter of the pipeline or its stages`, t.loc);
    }
  }
  errors.push(...loadsProblems(p));
  return errors;
}

function bindingProblems(s: PipelineStage, inputs: Map<string, PipelineInput>, stages: Map<string, PipelineStage>): JobError[] {
  const errors: JobError[] = [];
  const fail = (message: string) => errors.push(new JobError('plan', message, s.loc));
  const needed = inputNames(s.plan);
  for (const i of needed) if (!(i in s.inputs)) fail(`stage ${shown(s.name)}: input ${shown(i)} of job ${shown(s.job)} is not bound (bind it in inputs: { ${i}: ... })`);
  for (const [i, b] of Object.entries(s.inputs)) {
    if (!needed.includes(i)) {
      fail(`stage ${shown(s.name)}: job ${shown(s.job)} has no input ${shown(i)}; its inputs are ${list(needed)}`);
      continue;
    }
    if (b.kind === 'input') {
      if (!inputs.has(b.input)) fail(`stage ${shown(s.name)}: input ${shown(i)} is bound to ${shown(b.input)}, which is not an input of the pipeline`);
      continue;
    }
    const up = stages.get(b.stage);
    if (!up) {
      fail(`stage ${shown(s.name)}: input ${shown(i)} reads stage ${shown(b.stage)}, which is not a stage of the pipeline`);
      continue;
    }
    if (up.name === s.name) {
      fail(`stage ${shown(s.name)}: input ${shown(i)} reads the stage's own output ${shown(b.output)}`);
      continue;
    }
    const sink = sinks(up.plan).find((k) => k.output === b.output);
    if (!sink) {
      fail(`stage ${shown(s.name)}: input ${shown(i)} reads ${shown(`${b.stage}.${b.output}`)}, but stage ${shown(b.stage)} has no output ${shown(b.output)}; its outputs are ${list(outputNames(up.plan))}`);
      continue;
    }
    if (readBack(sink) === null) {
      fail(`stage ${shown(s.name)}: input ${shown(i)} reads ${shown(`${b.stage}.${b.output}`)}, a ${sink.format} output, which no source reads back exactly (its escapes); write it as CSV, JSON lines or Parquet`);
      continue;
    }
    const problem = fitProblem(sourceOf(s.plan, i), sinkSchema(up.plan, sink));
    if (problem) fail(`stage ${shown(s.name)}: input ${shown(i)} cannot read ${shown(`${b.stage}.${b.output}`)}: ${problem}`);
    if (sink.partitionBy !== null) fail(`stage ${shown(s.name)}: input ${shown(i)} reads ${shown(`${b.stage}.${b.output}`)}, which is partitioned by ${shown(sink.partitionBy)}; a partitioned output cannot feed a stage yet`);
  }
  return errors;
}

/** Stage parameters of one name must agree on the type; the pipeline's own declarations win on defaults. */
function paramConflicts(p: PipelinePlan): JobError[] {
  const errors: JobError[] = [];
  const seen = new Map<string, { decl: ParamDecl; where: string }>();
  const own = paramProblems(p.params, []);
  own.forEach((x) => errors.push(new JobError('plan', x.message, x.loc ?? p.loc)));
  for (const d of p.params) seen.set(d.name, { decl: d, where: `pipeline ${shown(p.pipeline)}` });
  for (const s of p.stages) {
    for (const d of s.plan.params ?? []) {
      const prev = seen.get(d.name);
      if (prev && prev.decl.type !== d.type) {
        errors.push(new JobError('plan', `parameter ${shown(d.name)} is a ${d.type} in job ${shown(s.job)} (stage ${shown(s.name)}) but a ${prev.decl.type} in ${prev.where}`, s.loc));
      } else if (!prev) seen.set(d.name, { decl: d, where: `job ${shown(s.job)} (stage ${shown(s.name)})` });
    }
  }
  return errors;
}

/**
 * A plan with no nodes holding the pipeline's and its stages' parameter declarations, so that parameter
 * values are parsed and checked by the same code as a job's.
 */
export function paramsPlan(p: PipelinePlan): Plan {
  return { format: PLAN_FORMAT, version: PLAN_VERSION, job: p.pipeline, description: p.description, nodes: [], params: allParams(p) };
}

/** The pipeline's parameters and every stage's, once each by name (the first declaration wins). */
export function allParams(p: PipelinePlan): ParamDecl[] {
  const out = new Map<string, ParamDecl>();
  for (const d of [...p.params, ...p.stages.flatMap((s) => s.plan.params ?? [])]) if (!out.has(d.name)) out.set(d.name, d);
  return [...out.values()];
}

const list = (names: readonly string[]) => (names.length ? names.map(shown).join(', ') : '(none)');

function sourceOf(plan: Plan, input: string): SourceNode {
  return sources(plan).find((s) => s.input === input)!;
}

/** The columns an output holds: its input node's schema (a sink has no schema of its own to change). */
function sinkSchema(plan: Plan, sink: SinkNode): readonly Field[] {
  return nodeById(plan).get(sink.input)!.schema;
}

/** Why a source of this schema cannot read rows of `columns` (by name, types equal), or null. */
function fitProblem(source: SourceNode, columns: readonly Field[]): string | null {
  const have = new Map(columns.map((c) => [c.name, c]));
  const missing = source.schema.filter((f) => !have.has(f.name)).map((f) => f.name);
  if (missing.length) return `it has no column ${list(missing)} (it has ${list(columns.map((c) => c.name))})`;
  const wrong = source.schema.filter((f) => have.get(f.name)!.type !== f.type);
  if (wrong.length) return wrong.map((f) => `column ${shown(f.name)} is ${have.get(f.name)!.type}, the input declares ${f.type}`).join('; ');
  return null;
}

/** The source format that reads back what a sink wrote, or null when no source reads it back exactly. */
export function readBack(sink: SinkNode): SourceFormat | null {
  switch (sink.format) {
    case 'csv':
      return { kind: 'csv', header: true, delimiter: ',' };
    case 'csv-noheader':
      return { kind: 'csv', header: false, delimiter: ',' };
    case 'jsonl':
      return { kind: 'jsonl' };
    case 'parquet':
      return { kind: 'parquet' };
    case 'tsv':
      return null;
  }
}

/** How a stage reads an upstream output back: by default as the local runtime lays it out (one file, one header). */
export type ReadBackOf = (sink: SinkNode, upstream: PipelineStage) => SourceFormat | null;

/**
 * The plan a stage runs: each input bound to an earlier stage's output reads that output in its own
 * format (as `readBackOf` says it lies on disk), with the upstream columns, then keeps the columns the job
 * declared, in the job's order, under the source's node id, so every later node is unchanged. Inputs bound
 * to pipeline inputs are unchanged.
 */
export function bindStage(p: PipelinePlan, stage: PipelineStage, readBackOf: ReadBackOf = readBack): Plan {
  const byName = new Map(p.stages.map((s) => [s.name, s]));
  const nodes: PlanNode[] = [];
  for (const n of stage.plan.nodes) {
    const b = n.kind === 'source' ? stage.inputs[n.input] : undefined;
    if (n.kind !== 'source' || !b || b.kind !== 'stage') {
      nodes.push(n);
      continue;
    }
    const up = byName.get(b.stage)!;
    const sink = sinks(up.plan).find((k) => k.output === b.output)!;
    const columns = sinkSchema(up.plan, sink);
    const read: SourceNode = { kind: 'source', id: `${n.id}_read`, loc: n.loc, input: n.input, format: readBackOf(sink, up)!, schema: columns };
    const keep: ProjectNode = {
      kind: 'project',
      id: n.id,
      loc: n.loc,
      input: read.id,
      columns: n.schema.map((f) => ({ name: f.name, expr: col(f.name, f.type) })),
      schema: n.schema,
    };
    nodes.push(read, keep);
  }
  return { ...stage.plan, nodes };
}

/** Throws the first problem of the pipeline, if any, with its location. */
export function assertPipeline(p: PipelinePlan): PipelinePlan {
  const errors = validatePipeline(p);
  if (errors.length) throw errors[0];
  return p;
}
