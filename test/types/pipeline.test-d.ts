// Type tests of the pipeline DSL: what a stage takes, and the refs that bind stages together. Whether an
// output's columns fit the input it feeds is a plan check (test/pipeline), since a job's type does not
// carry its inputs' and outputs' schemas.
import { describe, expectTypeOf, test } from 'vitest';
import { job, pipeline, type JobDefinition, type PipelineContext, type PipelineDefinition, type StageOutputRef, type StageRef } from '../../dsl/index.ts';

declare const parseJob: JobDefinition;
declare const p: PipelineContext;

describe('pipeline DSL types', () => {
  test('pipeline() is a pipeline definition, not a job', () => {
    const def = pipeline('x', 'y', () => {});
    expectTypeOf(def).toEqualTypeOf<PipelineDefinition>();
    expectTypeOf(def.kind).toEqualTypeOf<'emr-jobs/pipeline'>();
    expectTypeOf(job('j', 'd', () => {}).kind).toEqualTypeOf<'emr-jobs/job'>();
  });

  test('a stage runs a job on pig or spark, its inputs bound to pipeline inputs or stage outputs', () => {
    const logs = p.input('logs', { path: 's3://b/logs/dt={date}/' });
    const parse = p.stage('parse', parseJob, { engine: 'pig', inputs: { logs } });
    expectTypeOf(parse).toEqualTypeOf<StageRef>();
    expectTypeOf(parse.output('requests')).toEqualTypeOf<StageOutputRef>();
    p.stage('traffic', parseJob, { engine: 'spark', inputs: { logs: parse.output('requests') } });
    // @ts-expect-error hive is not a stage engine
    p.stage('t2', parseJob, { engine: 'hive', inputs: { logs } });
    // @ts-expect-error the engine is required
    p.stage('t3', parseJob, { inputs: { logs } });
    // @ts-expect-error an input binds to a ref, not a path
    p.stage('t4', parseJob, { engine: 'spark', inputs: { logs: 's3://b/x' } });
    // @ts-expect-error a stage runs a job, not a pipeline
    p.stage('t5', pipeline('q', 'r', () => {}), { engine: 'spark', inputs: {} });
    // @ts-expect-error publishing takes a stage output, not a stage
    p.output(parse, { path: 's3://b/out/' });
    // @ts-expect-error publishing needs a path
    p.output(parse.output('requests'), {});
  });

  test('partition grains and parameter defaults are typed', () => {
    p.partition('date', 'daily');
    p.partition('hour', 'hourly');
    // @ts-expect-error weekly is not a grain
    p.partition('week', 'weekly');
    p.param('bucket', 'string', { default: 'b' });
    // @ts-expect-error an int parameter's default is a number
    p.param('n', 'int', { default: 'three' });
  });
});
