// The Plan: a versioned, JSON-serialisable DAG of nodes in topological order, plus its content hash.
import { createHash } from 'node:crypto';
import { inputsOf, type PlanNode, type SinkNode, type SourceNode } from './nodes.ts';
import type { CheckDecl } from './checks.ts';
import type { ParamDecl } from './params.ts';

export const PLAN_FORMAT = 'emr-jobs/plan';
export const PLAN_VERSION = 1;

export interface Plan {
  readonly format: typeof PLAN_FORMAT;
  readonly version: number;
  readonly job: string;
  readonly description: string;
  /** Topologically ordered: a node appears after every node it reads. */
  readonly nodes: readonly PlanNode[];
  /** Run-time parameters, in declaration order; absent when the job declares none (values are never here). */
  readonly params?: readonly ParamDecl[];
  /** Data-quality checks over the plan's nodes, in declaration order; absent when the job declares none. */
  readonly checks?: readonly CheckDecl[];
  /** Who owns the outputs (job(..., { owner })); not part of the hash. */
  readonly owner?: string;
  /** Seconds the newest successful run's outputs may age before they are stale (job(..., { fresh })); not part of the hash. */
  readonly freshWithin?: number;
}

/** The ownership fields a job or a pipeline declares: metadata of its runs, never of its meaning. */
export interface Ownership {
  readonly owner?: string;
  readonly freshWithin?: number;
}

/** A job's or a pipeline's document without its ownership fields: what its hash covers. */
export function withoutOwnership<T extends Ownership>(doc: T): Omit<T, keyof Ownership> {
  const { owner: _owner, freshWithin: _fresh, ...rest } = doc;
  return rest;
}

/** The job's data-quality checks (none when the plan has no `checks`). */
export function planChecks(plan: Plan): readonly CheckDecl[] {
  return plan.checks ?? [];
}

/**
 * Nodes that only feed the checks' sample rows (each check's ORDER and LIMIT of a few rows it selects): not on
 * the way to any output nor to a check's counted or selected rows. Pig takes the samples in its checks'
 * COGROUP and leaves these out; the cost model counts no shuffle for them.
 */
export function sampleOnlyNodes(plan: Plan): Set<string> {
  const checks = planChecks(plan);
  const byId = new Map(plan.nodes.map((n) => [n.id, n]));
  const consumed = new Set(plan.nodes.flatMap(inputsOf));
  const upstream = (roots: readonly string[]): Set<string> => {
    const seen = new Set<string>();
    const visit = (id: string): void => {
      if (seen.has(id) || !byId.has(id)) return;
      seen.add(id);
      inputsOf(byId.get(id)!).forEach(visit);
    };
    roots.forEach(visit);
    return seen;
  };
  const samples = new Set(checks.flatMap((c) => (c.samples !== undefined ? [c.samples] : [])));
  const kept = upstream([...plan.nodes.filter((n) => !samples.has(n.id) && !consumed.has(n.id)).map((n) => n.id), ...checks.flatMap((c) => [c.input, ...(c.selected !== undefined ? [c.selected] : [])])]);
  return new Set([...upstream([...samples])].filter((id) => !kept.has(id)));
}

/** The job's parameter declarations (none when the plan has no `params`). */
export function planParams(plan: Plan): readonly ParamDecl[] {
  return plan.params ?? [];
}

export function sources(plan: Plan): SourceNode[] {
  return plan.nodes.filter((n): n is SourceNode => n.kind === 'source');
}

export function sinks(plan: Plan): SinkNode[] {
  return plan.nodes.filter((n): n is SinkNode => n.kind === 'sink');
}

/** Distinct input names, in first-use order. */
export function inputNames(plan: Plan): string[] {
  return [...new Set(sources(plan).map((s) => s.input))];
}

export function outputNames(plan: Plan): string[] {
  return sinks(plan).map((s) => s.output);
}

export function nodeById(plan: Plan): Map<string, PlanNode> {
  return new Map(plan.nodes.map((n) => [n.id, n]));
}

/** Stable JSON: object keys sorted, so equal plans serialise (and hash) equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}

/**
 * sha256 of the plan's semantics: source locations are left out, so moving a call in the job file
 * does not change the hash, but any change of meaning does. Parameter declarations (names, types,
 * defaults) are part of it; a run's values are not in the plan, so every run of a job shares its hash.
 * The owner and the freshness expectation are not: handing a job to another team changes no output, so it
 * must not make a backfill run every done partition again.
 */
export function planHash(plan: Plan): string {
  const strip = {
    ...withoutOwnership(plan),
    nodes: plan.nodes.map(({ loc: _loc, ...rest }) => rest),
    ...(plan.params ? { params: plan.params.map(({ loc: _loc, ...rest }) => rest) } : {}),
    ...(plan.checks ? { checks: plan.checks.map(({ loc: _loc, ...rest }) => rest) } : {}),
  };
  return createHash('sha256').update(canonicalJson(strip)).digest('hex');
}

/**
 * JSON.stringify escapes C0 controls but not DEL, C1 controls (a terminal takes U+009B as an escape),
 * line separators or bidirectional overrides; they only occur inside strings, where `\uXXXX` means the same.
 */
const UNESCAPED_BY_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Indented JSON holding no control character or bidirectional override raw. */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNESCAPED_BY_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function planToJson(plan: Plan): string {
  return printableJson(plan);
}
