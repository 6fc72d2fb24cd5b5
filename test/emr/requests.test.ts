// The EMR requests a submission makes: a transient cluster's RunJobFlow, and the Pig and Spark step arguments.
import { describe, expect, it } from 'vitest';
import { addStepsInput, runJobFlowInput } from '../../emr/cluster.ts';
import type { EmrProfile } from '../../emr/profile.ts';
import { applicationsFor, jobStep, pigStepArgs, sparkStepArgs } from '../../emr/steps.ts';
import type { StagingPlan } from '../../emr/stage.ts';

const profile: EmrProfile = {
  name: 'dev', configFile: null, region: 'us-east-1', bucket: 'my-bucket', prefix: 'emr-jobs', serviceRole: 'EMR_DefaultRole',
  jobFlowRole: 'EMR_EC2_DefaultRole', releaseLabel: 'emr-7.5.0', master: { instanceType: 'm5.xlarge', count: 1 },
  core: { instanceType: 'r5.xlarge', count: 3 }, logUri: 's3://my-bucket/emr-jobs/logs/', subnetId: 'subnet-0abc', tags: { team: 'data' },
  idleTimeoutSeconds: 900, expectedMinutes: 10, pollSeconds: 1, maxPollSeconds: 5, retryGraceSeconds: 300, prices: {}, endpoint: null,
};

const staging: StagingPlan = {
  bundleUri: 's3://my-bucket/emr-jobs/bundles/abc/',
  scriptUri: 's3://my-bucket/emr-jobs/bundles/abc/top-pages.py',
  files: [],
  inputs: { logs: 's3://my-bucket/emr-jobs/inputs/0f/apache_logs' },
  outputs: { top_pages: 's3://my-bucket/emr-jobs/runs/r1/top_pages' },
};

describe('step arguments', () => {
  it('Pig runs through pig-script with -f and one -p per input and output', () => {
    expect(pigStepArgs({ ...staging, scriptUri: 's3://my-bucket/emr-jobs/bundles/abc/top-pages.pig' })).toEqual([
      'pig-script', '--run-pig-script', '--args', '-f', 's3://my-bucket/emr-jobs/bundles/abc/top-pages.pig',
      '-p', 'logs=s3://my-bucket/emr-jobs/inputs/0f/apache_logs', '-p', 'top_pages=s3://my-bucket/emr-jobs/runs/r1/top_pages',
    ]);
  });

  it('Spark runs through spark-submit in cluster mode with --<name> <uri> pairs', () => {
    expect(sparkStepArgs(staging)).toEqual([
      'spark-submit', '--deploy-mode', 'cluster', 's3://my-bucket/emr-jobs/bundles/abc/top-pages.py',
      '--logs', 's3://my-bucket/emr-jobs/inputs/0f/apache_logs', '--top_pages', 's3://my-bucket/emr-jobs/runs/r1/top_pages',
    ]);
  });

  it("each input's rejects folder is passed beside the outputs, like an output", () => {
    const rejects = { rejects__logs: 's3://my-bucket/emr-jobs/runs/r1/_rejects/logs' };
    expect(pigStepArgs({ ...staging, rejects }).slice(-2)).toEqual(['-p', 'rejects__logs=s3://my-bucket/emr-jobs/runs/r1/_rejects/logs']);
    expect(sparkStepArgs({ ...staging, rejects }).slice(-2)).toEqual(['--rejects__logs', 's3://my-bucket/emr-jobs/runs/r1/_rejects/logs']);
  });

  it('a Pig script with checks is given its own URI (it reads a row from itself); others are not', () => {
    expect(pigStepArgs({ ...staging, pigReadsScript: true }).slice(-2)).toEqual(['-p', `emr_jobs_script=${staging.scriptUri}`]);
    expect(pigStepArgs(staging).join(' ')).not.toContain('emr_jobs_script');
  });

  it('both use command-runner.jar', () => {
    expect(jobStep('s', 'spark', staging, 'TERMINATE_CLUSTER').HadoopJarStep?.Jar).toBe('command-runner.jar');
    expect(applicationsFor(['spark', 'pig', 'spark'])).toEqual([{ Name: 'Pig' }, { Name: 'Spark' }]);
  });
});

describe('RunJobFlow for a transient cluster', () => {
  const step = jobStep('top-pages (spark) r1', 'spark', staging, 'TERMINATE_CLUSTER');
  const input = runJobFlowInput(profile, { job: 'top-pages', planHash: 'ph', runId: 'r1', engines: ['spark'], steps: [step] });

  it('ends with its steps, with an idle timeout as a second guard', () => {
    expect(input.Instances?.KeepJobFlowAliveWhenNoSteps).toBe(false);
    expect(input.Instances?.TerminationProtected).toBe(false);
    expect(input.AutoTerminationPolicy).toEqual({ IdleTimeout: 900 });
    expect(input.Steps).toEqual([step]);
    expect(input.Steps?.[0].ActionOnFailure).toBe('TERMINATE_CLUSTER');
  });

  it('asks for the profile release, roles, instance groups, subnet, logs and only the needed application', () => {
    expect(input).toMatchObject({
      ReleaseLabel: 'emr-7.5.0',
      ServiceRole: 'EMR_DefaultRole',
      JobFlowRole: 'EMR_EC2_DefaultRole',
      LogUri: 's3://my-bucket/emr-jobs/logs/',
      Applications: [{ Name: 'Spark' }],
      Instances: {
        Ec2SubnetId: 'subnet-0abc',
        InstanceGroups: [
          { InstanceRole: 'MASTER', InstanceType: 'm5.xlarge', InstanceCount: 1 },
          { InstanceRole: 'CORE', InstanceType: 'r5.xlarge', InstanceCount: 3 },
        ],
      },
    });
  });

  it('is tagged with the job, plan hash and run id, plus the profile tags', () => {
    expect(input.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'emr-jobs:job', Value: 'top-pages' },
        { Key: 'emr-jobs:plan-hash', Value: 'ph' },
        { Key: 'emr-jobs:run-id', Value: 'r1' },
        { Key: 'team', Value: 'data' },
      ]),
    );
  });

  it('a master-only cluster has no core group', () => {
    const solo = runJobFlowInput({ ...profile, core: { instanceType: 'r5.xlarge', count: 0 } }, { job: 'j', planHash: 'h', runId: 'r', engines: ['pig'], steps: [] });
    expect(solo.Instances?.InstanceGroups?.map((g) => g.InstanceRole)).toEqual(['MASTER']);
    expect(solo.Applications).toEqual([{ Name: 'Pig' }]);
  });
});

describe('AddJobFlowSteps on an existing cluster', () => {
  it('adds the step with CANCEL_AND_WAIT so a failure leaves the cluster up', () => {
    const step = jobStep('s', 'pig', staging, 'CANCEL_AND_WAIT');
    expect(addStepsInput('j-ABC', [step])).toEqual({ JobFlowId: 'j-ABC', Steps: [step] });
    expect(step.ActionOnFailure).toBe('CANCEL_AND_WAIT');
  });
});
