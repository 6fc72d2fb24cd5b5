// `emr-jobs status <cluster-id>`: the state of a cluster and its steps, e.g. after `submit --detach`.
import type { Command } from 'commander';
import { closeClients, makeClients } from '../../emr/aws-clients.ts';
import { TAG_JOB, TAG_RUN_ID } from '../../emr/cluster.ts';
import { renderTable } from '../table-printer.ts';
import { addProfileOptions, clusterIdArgument, clientSettingsFrom, describeCluster } from './submit.ts';
import { withAwsErrors } from '../aws-error-exit.ts';

const HELP = `
Examples:
  $ npx emr-jobs status j-2AXXXXXXGAPLF
  $ npx emr-jobs status j-2AXXXXXXGAPLF --json --profile prod

Always exits 0 when the cluster was found (read the states); a failed step is explained by
\`emr-jobs logs <cluster-id>\`.`;

export function register(program: Command): void {
  const cmd = program
    .command('status')
    .description('show an EMR cluster and its steps')
    .argument('<cluster-id>', 'the cluster, e.g. j-2AXXXXXXGAPLF', clusterIdArgument)
    .option('--json', 'print the cluster and steps as JSON');
  addProfileOptions(cmd).addHelpText('after', HELP).action((id: string, flags) => withAwsErrors(() => status(id, flags)));
}

async function status(clusterId: string, flags: { json?: boolean; profile?: string; config?: string; region?: string; endpoint?: string }): Promise<void> {
  const aws = makeClients(clientSettingsFrom(flags));
  try {
    const v = await describeCluster(aws.emr, clusterId);
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
      return;
    }
    const job = v.tags[TAG_JOB] ? `  job ${v.tags[TAG_JOB]}, run ${v.tags[TAG_RUN_ID] ?? '?'}` : '';
    process.stdout.write(`cluster ${v.id} ${v.state}${v.reason ? ` (${v.reason})` : ''}${job}\n`);
    const rows = v.steps.map((s) => [s.id, s.name, s.state, s.reason]);
    if (rows.length) process.stdout.write(`${renderTable(['step', 'name', 'state', 'reason'], rows, 60)}\n`);
  } finally {
    closeClients(aws);
  }
}
