// The shapes shared by expression kernels: a compiled expression maps a batch's lanes to a result lane.
import type { Call, SourceLoc } from '../../plan/index.ts';
import { JobError } from '../../plan/index.ts';
import type { LaneSource } from '../columns/record-batch.ts';
import type { Lane } from '../columns/lane.ts';

/** Where an expression sits in the job, so a bad pattern or literal is reported at its line. */
export interface ExprSite {
  readonly loc: SourceLoc;
  readonly nodeId: string;
}

export type CompiledExpr = (src: LaneSource) => Lane;

/** A function kernel: argument lanes (all `n` rows) to a result lane. */
export type FnKernel = (args: readonly Lane[], n: number) => Lane;

/** Prepares a kernel for one call site (compiling its literal patterns once). */
export type FnKernelFactory = (call: Call, site: ExprSite) => FnKernel;

export function planError(site: ExprSite, message: string): JobError {
  return new JobError('plan', message, site.loc, site.nodeId);
}

/** The value of a literal argument (validation guarantees it is a non-null literal). */
export function literalArg<T extends string | number>(call: Call, i: number, site: ExprSite): T {
  const a = call.args[i];
  if (a?.kind !== 'lit' || a.value === null) throw planError(site, `${call.fn}: argument ${i + 1} must be a non-null literal`);
  return a.value as T;
}
