// emr-jobs/api from code: compile in memory, and submit planned from options alone (dry run: nothing sent).
import { describe, expect, it } from 'vitest';
import { compile, planOf, submit } from '../../api/index.ts';
import { toPig } from '../../codegen/pig/index.ts';
import { toPySpark } from '../../codegen/pyspark/index.ts';
import topPages from '../../jobs/top-pages.ts';

const OVERRIDES = {
  region: 'eu-west-1',
  bucket: 'api-test-bucket',
  serviceRole: 'EMR_DefaultRole',
  jobFlowRole: 'EMR_EC2_DefaultRole',
  releaseLabel: 'emr-7.5.0',
  instanceType: 'm5.xlarge',
};

describe('emr-jobs/api', () => {
  it('compile gives the scripts the compilers give, for a job or its plan', () => {
    const plan = planOf(topPages);
    expect(compile(topPages)).toEqual({ pig: toPig(plan), pyspark: toPySpark(plan) });
    expect(compile(plan, ['pig'])).toEqual({ pig: toPig(plan) });
  });

  it('submit --dry-run from options alone plans one RunJobFlow with the job as a step, sending nothing', async () => {
    const r = await submit(topPages, { inputs: { logs: 's3://my-logs/2015/05/17/' }, overrides: OVERRIDES, dryRun: true, configFile: undefined });
    expect(r.kind).toBe('dry-run');
    const text = JSON.stringify(r);
    expect(text).toContain('RunJobFlow');
    expect(text).toContain('api-test-bucket');
    expect(text).toContain('s3://my-logs/2015/05/17/');
    expect(text).toContain('spark-submit');
  });

  it('submit reads profiles from the config file and names an unknown one', async () => {
    const r = await submit(topPages, { inputs: { logs: 's3://my-logs/x/' }, profile: 'prod', dryRun: true });
    expect(JSON.stringify(r)).toContain('my-emr-jobs-prod');
    await expect(submit(topPages, { inputs: { logs: 's3://my-logs/x/' }, profile: 'nope', dryRun: true })).rejects.toThrow(/no such profile/);
  });
});
