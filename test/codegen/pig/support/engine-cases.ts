// Every case the real-Pig tests run, with its inputs, so that one Pig JVM runs them all: the example jobs
// over the sample log, the function groups, the relational and text cases, the AWS log samples and a real
// CSV (read in place from ../shared/data), and the fast-check literal sample.
import { job, type JobDefinition } from '../../../../dsl/index.ts';
import { ML_NODE_KINDS, type Plan } from '../../../../plan/index.ts';
import { examplePlans } from '../../pyspark/job-plans.ts';
import { functionJob, FUNCTION_GROUPS } from './function-cases.ts';
import { literalSample } from './literal-property.ts';
import { paramCases } from './param-cases.ts';
import type { ParamValues } from '../../../../plan/index.ts';
import { tempInput } from './pig-vs-runtime.ts';
import { EMPTY_GLOBAL, RELATIONAL_JOBS, rightTableCsv } from './relational-cases.ts';
import { DELIMITED_JOBS, delimitedInputs, PIG_DELIMITED_DIFFERENCES } from './delimited-cases.ts';
import { bareCsv, cloudFrontEdgeLog, edgeLog, elbLog, roundTripCsv, shakyCsv, TEXT_JOBS } from './text-cases.ts';
import { VALUE_COLUMNS, VALUE_CSV, valueTableCsv } from './value-table.ts';
import { topNInputs, TOP_N_JOB } from './top-n-cases.ts';
import { TEXT_LINES } from '../../pyspark/cases/json-sources-case.ts';
import path from 'node:path';
import { runPlan } from '../../../../runtime/index.ts';

export const SHARED = '../shared/data';
export const APACHE_LOGS = `${SHARED}/access_logs/apache_logs`;

export interface EngineCase {
  readonly key: string;
  readonly plan: Plan;
  readonly inputs: Record<string, string>;
  readonly params?: ParamValues;
}

const AWS: [string, 'albLog' | 'elbLog' | 's3AccessLog' | 'cloudFrontLog', string][] = [
  ['alb-beats-real', 'albLog', 'aws/alb/beats/application-lb-http.log'],
  ['alb-beats-docs', 'albLog', 'aws/alb/beats/example-alb-http.log'],
  ['alb-newer-fields', 'albLog', 'aws/alb/aws-log-parser/loadbalancer_http2_entry_auth_error.csv'],
  ['alb-wss', 'albLog', 'aws/alb/aws-log-parser/loadbalancer_secured_websockets_entry.csv'],
  ['elb-beats', 'elbLog', 'aws/elb_classic/beats/elb-http.log'],
  ['elb-single', 'elbLog', 'aws/elb_classic/aws-log-parser/classic_loadbalancer_http_entry.csv'],
  ['s3-beats-real', 's3AccessLog', 'aws/s3_access/beats/s3_server_access.log'],
  ['s3-beats-docs', 's3AccessLog', 'aws/s3_access/beats/test.log'],
  ['cloudfront-33-fields', 'cloudFrontLog', 'aws/cloudfront/aws-log-parser/cloudfront-multiple.log'],
  ['cloudfront-24-fields', 'cloudFrontLog', 'aws/cloudfront/aws-log-parser/cloudfront_entry_cookie_with_encoding.csv'],
];

const PENGUINS = { species: 'string', island: 'string', bill_length_mm: 'double', bill_depth_mm: 'double', flipper_length_mm: 'int', body_mass_g: 'int', sex: 'string', year: 'int' } as const;

const PQ_COLUMNS = ['id', 's', 't', 'i', 'l', 'd', 'b'] as const;
const PQ_SCHEMA = Object.fromEntries(PQ_COLUMNS.map((c) => [c, VALUE_COLUMNS[c]])) as Pick<typeof VALUE_COLUMNS, (typeof PQ_COLUMNS)[number]>;
const PARQUET_WRITE = job('pq-write', 'the value table as Parquet', (j) => { j.csv('vals', VALUE_COLUMNS, VALUE_CSV).select(...PQ_COLUMNS).writeParquet('vals_pq'); });
/** Pig writes Parquet (read back by the runtime's library, types checked) and reads the runtime's. */
export const PARQUET_ROUND_TRIP = job('pq-round-trip', 'Parquet written and read back', (j) => {
  j.csv('vals', VALUE_COLUMNS, VALUE_CSV).select(...PQ_COLUMNS).writeParquet('vals_pq');
  j.parquet('valspq', PQ_SCHEMA).writeCsv('vals_rows');
  // By name, a subset in another order.
  j.parquet('valspq', { d: 'double', id: 'int', s: 'string' }).writeCsv('vals_some');
});

export async function engineCases(): Promise<EngineCase[]> {
  const inputs = {
    logs: APACHE_LOGS,
    hosts: 'jobs/data/hosts.csv',
    alb: `${SHARED}/aws/alb/beats/example-alb-http.log`,
    vals: tempInput('vals.csv', valueTableCsv()),
    right: tempInput('right.csv', rightTableCsv()),
    fields: tempInput('fields.csv', roundTripCsv()),
    edges: tempInput('edges.log', edgeLog()),
    shaky: tempInput('shaky.csv', shakyCsv()),
    elb: tempInput('elb.log', elbLog()),
    bare: tempInput('bare.csv', bareCsv()),
    cloudfront_edges: tempInput('cloudfront-edges.log', cloudFrontEdgeLog()),
    cloudfront: 'jobs/data/cloudfront/cloudfront-multiple.log',
    lines: tempInput('lines.txt', TEXT_LINES),
  };
  // The runtime's Parquet of the value table (no timestamp or date: parquet-pig has no datetime), for Pig to read.
  const pqDir = path.join(path.dirname(inputs.vals), 'runtime-parquet');
  await runPlan(PARQUET_WRITE.plan(), { vals: inputs.vals }, { outDir: pqDir });
  const named = (prefix: string, jobs: Record<string, JobDefinition>) =>
    Object.entries(jobs).map(([k, j]) => ({ key: `${prefix}/${k}`, plan: j.plan(), inputs }));
  // Jobs with ML stages are Spark-only (pig-compile.test.ts checks they fail with the unsupported error).
  // Jobs over CloudTrail files too (Pig refuses them: examples.test.ts checks the error).
  const examples = (await examplePlans()).filter(
    (e) => !e.plan.nodes.some((n) => ML_NODE_KINDS.includes(n.kind as never) || (n.kind === 'source' && n.format.kind === 'cloudtrail')),
  );
  return [
    ...examples.map((e) => ({ key: `job/${e.name}`, plan: e.plan, inputs })),
    ...(Object.keys(FUNCTION_GROUPS) as (keyof typeof FUNCTION_GROUPS)[]).map((g) => ({ key: `fn/${g}`, plan: functionJob(g).plan(), inputs })),
    ...named('rel', RELATIONAL_JOBS),
    { key: 'known/empty-global', plan: EMPTY_GLOBAL.plan(), inputs },
    { key: 'rel/top-n', plan: TOP_N_JOB.plan(), inputs: topNInputs() },
    ...named('text', TEXT_JOBS),
    ...AWS.map(([key, reader, file]) => ({
      key: `aws/${key}`,
      plan: job(`aws-${key}`, `every field of ${file}`, (j) => { j[reader]('lb').writeCsv('rows'); }).plan(),
      inputs: { lb: `${SHARED}/${file}` },
    })),
    {
      key: 'csv/penguins',
      plan: job('penguins', 'typed columns of a real CSV whose NA values reject their rows', (j) => { j.csv('p', PENGUINS).writeCsv('rows'); }).plan(),
      inputs: { p: `${SHARED}/ml/penguins.csv` },
    },
    // Delimited files as Pig users have them; the malformed-quoting case differs by design (docs/semantics.md).
    ...Object.entries(DELIMITED_JOBS).map(([k, j]) => ({
      key: PIG_DELIMITED_DIFFERENCES.includes(k) ? `known/${k}` : `csv/${k}`,
      plan: j.plan(),
      inputs: delimitedInputs(tempInput, SHARED),
    })),
    { key: 'pq/round-trip', plan: PARQUET_ROUND_TRIP.plan(), inputs: { vals: inputs.vals, valspq: path.join(pqDir, 'vals_pq') } },
    { key: 'prop/literals', plan: literalSample().plan, inputs },
    ...paramCases(inputs),
  ];
}
