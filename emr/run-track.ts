// What a submission has started so far, kept up to date as it goes, so that whatever ends it (an error, a
// second signal) can say exactly what may still be running and how to stop it.
import { cancelStepsCommand, findClusterCommand, terminateCommand } from './stop-commands.ts';
import type { ClusterRun } from './submission.ts';

export interface RunTrack {
  /** RunJobFlow or AddJobFlowSteps was sent at least once. */
  requested: boolean;
  clusterId: string | null;
  stepIds: readonly string[];
}

export function newRunTrack(s: ClusterRun): RunTrack {
  return { requested: false, clusterId: s.cluster.kind === 'existing' ? s.cluster.input.JobFlowId! : null, stepIds: [] };
}

/** One line on what may be left running, with the command that stops it; null when nothing was started. */
export function leftBehindText(s: ClusterRun, t: RunTrack): string | null {
  const p = s.profile;
  if (s.cluster.kind === 'new') {
    if (t.clusterId) return `cluster ${t.clusterId} (run ${s.runId}) may still be running: stop it with \`${terminateCommand(t.clusterId, p)}\``;
    if (!t.requested) return `no cluster was started (run ${s.runId})`;
    const name = s.cluster.input.Name!;
    return `RunJobFlow was sent but its answer is not known: a cluster named '${name}' may be running: find it with \`${findClusterCommand(name, p)}\` and stop it with \`${terminateCommand('<id>', p)}\``;
  }
  const clusterId = t.clusterId!;
  if (t.stepIds.length) return `step ${t.stepIds.join(', ')} (run ${s.runId}) may still run on cluster ${clusterId}: cancel it with \`${cancelStepsCommand(clusterId, t.stepIds, p)}\``;
  if (!t.requested) return `no step was added (run ${s.runId})`;
  return `AddJobFlowSteps was sent but its answer is not known: a step of run ${s.runId} may run on cluster ${clusterId}: look with \`emr-jobs status ${clusterId}\``;
}
