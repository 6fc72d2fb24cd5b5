// Adds ML nodes to a job, citing the job line that asked for them.
import type { PlanNode } from '../../plan/index.ts';
import type { MlNode } from '../../plan/ml.ts';
import type { JobBuilder } from '../job-builder.ts';
import { callerLocation } from '../location.ts';

type Draft<N> = N extends MlNode ? Omit<N, 'id' | 'schema' | 'loc'> : never;

export function addMlNode(job: JobBuilder, draft: Draft<MlNode>): PlanNode {
  return job.add(draft as Parameters<JobBuilder['add']>[0], callerLocation());
}
