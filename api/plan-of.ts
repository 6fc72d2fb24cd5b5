// A job definition's plan; a plan as it is.
import { isJobDefinition, type JobDefinition } from '../dsl/index.ts';
import type { Plan } from '../plan/index.ts';

export function planOf(job: JobDefinition | Plan): Plan {
  return isJobDefinition(job) ? job.plan() : job;
}
