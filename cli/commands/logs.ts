// `emr-jobs logs <cluster-id> [--step <id>]`: fetches a step's logs from the cluster's log URI and shows the
// first real error with the job line behind it (or the whole logs with --raw).
import type { Command } from 'commander';
import { closeClients, makeClients } from '../../emr/aws-clients.ts';
import { diagnoseStep, diagnosisText } from '../../emr/diagnose.ts';
import { EXIT_USAGE, exitWith } from '../exit-codes.ts';
import { addProfileOptions, clusterIdArgument, clientSettingsFrom, describeCluster } from './submit.ts';
import { withAwsErrors } from '../aws-error-exit.ts';

const HELP = `
Examples:
  $ npx emr-jobs logs j-2AXXXXXXGAPLF                    # every failed step (else the last step)
  $ npx emr-jobs logs j-2AXXXXXXGAPLF --step s-1XXXXXXXXXXXX --raw

EMR copies step logs to the log URI a few minutes after a step ends.`;

interface LogsFlags {
  step?: string;
  raw?: boolean;
  profile?: string;
  config?: string;
  region?: string;
  endpoint?: string;
}

export function register(program: Command): void {
  const cmd = program
    .command('logs')
    .description("explain a step from its logs: the first error and the job line behind it")
    .argument('<cluster-id>', 'the cluster, e.g. j-2AXXXXXXGAPLF', clusterIdArgument)
    .option('--step <id>', 'the step (default: every failed step, else the last one)')
    .option('--raw', 'also print the whole stderr, syslog and controller logs');
  addProfileOptions(cmd).addHelpText('after', HELP).action((id: string, flags) => withAwsErrors(() => logs(id, flags)));
}

async function logs(clusterId: string, flags: LogsFlags): Promise<void> {
  const aws = makeClients(clientSettingsFrom(flags));
  try {
    const view = await describeCluster(aws.emr, clusterId);
    const failed = view.steps.filter((s) => s.state === 'FAILED');
    const steps = flags.step ? view.steps.filter((s) => s.id === flags.step) : failed.length ? failed : view.steps.slice(-1);
    if (steps.length === 0) {
      const known = view.steps.map((s) => s.id).join(', ') || 'none';
      throw exitWith(EXIT_USAGE, 'usage', flags.step ? `cluster ${clusterId} has no step ${flags.step} (steps: ${known})` : `cluster ${clusterId} has no steps`);
    }
    for (const step of steps) {
      const d = await diagnoseStep(aws.s3, view, step);
      process.stdout.write(`${diagnosisText(d)}\n`);
      if (flags.raw) {
        for (const [name, text] of Object.entries(d.logs)) process.stdout.write(`\n==> ${d.logFolder}${name}.gz <==\n${text}${text.endsWith('\n') ? '' : '\n'}`);
      }
    }
  } finally {
    closeClients(aws);
  }
}
