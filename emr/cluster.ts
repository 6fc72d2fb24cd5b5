// The EMR requests of a submission: RunJobFlow for a transient cluster that ends with its steps, or
// AddJobFlowSteps on an existing cluster (sent by exactly-once.ts); and the calls that stop them.
import {
  CancelStepsCommand,
  TerminateJobFlowsCommand,
  type AddJobFlowStepsCommandInput,
  type EMRClient,
  type RunJobFlowCommandInput,
  type StepConfig,
} from '@aws-sdk/client-emr';
import type { Engine } from './bundle-reader.ts';
import { instanceShape, managedScalingPolicy } from './cluster-shape.ts';
import type { EmrProfile } from './profile.ts';
import { applicationsFor } from './steps.ts';

export const TAG_JOB = 'emr-jobs:job';
export const TAG_PLAN_HASH = 'emr-jobs:plan-hash';
export const TAG_RUN_ID = 'emr-jobs:run-id';

export interface ClusterRequest {
  readonly job: string;
  readonly planHash: string;
  readonly runId: string;
  readonly engines: readonly Engine[];
  readonly steps: readonly StepConfig[];
}

/** A cluster for this run only: it terminates when its steps end or one fails, or after idling. */
export function runJobFlowInput(profile: EmrProfile, req: ClusterRequest): RunJobFlowCommandInput {
  const tags = { ...profile.tags, [TAG_JOB]: req.job, [TAG_PLAN_HASH]: req.planHash, [TAG_RUN_ID]: req.runId };
  const scaling = managedScalingPolicy(profile);
  return {
    Name: `emr-jobs ${req.job} ${req.runId}`,
    ReleaseLabel: profile.releaseLabel,
    LogUri: profile.logUri,
    ServiceRole: profile.serviceRole,
    JobFlowRole: profile.jobFlowRole,
    VisibleToAllUsers: true,
    Applications: applicationsFor(req.engines),
    Instances: {
      ...instanceShape(profile),
      KeepJobFlowAliveWhenNoSteps: false,
      TerminationProtected: false,
      ...(profile.subnetId ? { Ec2SubnetId: profile.subnetId } : {}),
    },
    AutoTerminationPolicy: { IdleTimeout: profile.idleTimeoutSeconds },
    ...(scaling ? { ManagedScalingPolicy: scaling } : {}),
    Steps: [...req.steps],
    Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

export function addStepsInput(clusterId: string, steps: readonly StepConfig[]): AddJobFlowStepsCommandInput {
  return { JobFlowId: clusterId, Steps: [...steps] };
}

export async function terminateCluster(emr: EMRClient, clusterId: string): Promise<void> {
  await emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
}

/** Cancels steps this run added; the result says per step whether EMR accepted it. */
export async function cancelSteps(emr: EMRClient, clusterId: string, stepIds: readonly string[]): Promise<{ stepId: string; ok: boolean; reason: string }[]> {
  const out = await emr.send(new CancelStepsCommand({ ClusterId: clusterId, StepIds: [...stepIds], StepCancellationOption: 'SEND_INTERRUPT' }));
  return (out.CancelStepsInfoList ?? []).map((i) => ({ stepId: i.StepId ?? '?', ok: i.Status === 'SUBMITTED', reason: i.Reason ?? '' }));
}
