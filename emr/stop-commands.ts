// The commands a user runs to stop what a run may have left behind: printed whenever emr-jobs cannot be
// sure it stopped a cluster or step itself, ready to paste (region and endpoint included).
import type { EmrProfile } from './profile.ts';

function awsFlags(p: Pick<EmrProfile, 'region' | 'endpoint'>): string {
  return ` --region ${p.region}${p.endpoint ? ` --endpoint-url ${p.endpoint}` : ''}`;
}

export function terminateCommand(clusterId: string, p: Pick<EmrProfile, 'region' | 'endpoint'>): string {
  return `aws emr terminate-clusters --cluster-ids ${clusterId}${awsFlags(p)}`;
}

export function cancelStepsCommand(clusterId: string, stepIds: readonly string[], p: Pick<EmrProfile, 'region' | 'endpoint'>): string {
  return `aws emr cancel-steps --cluster-id ${clusterId} --step-ids ${stepIds.join(' ')}${awsFlags(p)}`;
}

/** Finds a cluster by the name every run gives its cluster (it holds the run id). */
export function findClusterCommand(name: string, p: Pick<EmrProfile, 'region' | 'endpoint'>): string {
  return `aws emr list-clusters --active${awsFlags(p)} --query "Clusters[?Name=='${name}'].Id"`;
}

export function cancelJobRunCommand(applicationId: string, jobRunId: string, p: Pick<EmrProfile, 'region' | 'endpoint'>): string {
  return `aws emr-serverless cancel-job-run --application-id ${applicationId} --job-run-id ${jobRunId}${awsFlags(p)}`;
}

/** An application this run created: stopped, then deleted (it must be stopped first). */
export function deleteApplicationCommand(applicationId: string, p: Pick<EmrProfile, 'region' | 'endpoint'>): string {
  return `aws emr-serverless stop-application --application-id ${applicationId}${awsFlags(p)} && aws emr-serverless delete-application --application-id ${applicationId}${awsFlags(p)}`;
}
