// The focused cases of the Spark suite: each a job and the fixture files it reads, written to a folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import type { Plan } from '../../../../plan/index.ts';
import { ACCESS_LOG, AWS_INPUTS, awsJob, CRLF_CSV, CRLF_INSIDE_CSV, EVENTS_JSONL, HOSTILE_CSV, ioJob, TRICKY_CSV } from './io-case.ts';
import { ORDERS_CSV, PEOPLE_CSV, relationalJob } from './relational-case.ts';
import { VALUES_CSV, valuesJob } from './values-case.ts';
import { windowJob } from './window-case.ts';
import { jsonSourcesJob, NESTED_JSONL, TEXT_LINES, TRAIL_DOCUMENT, TRAIL_LINES } from './json-sources-case.ts';
import { DISTRIBUTION_CSV, distributionJob } from './distribution-case.ts';
import { RELATIONAL_JOBS, rightTableCsv } from '../../pig/support/relational-cases.ts';
import { valueTableCsv } from '../../pig/support/value-table.ts';
import { cloudFrontEdgeLog, TEXT_JOBS } from '../../pig/support/text-cases.ts';
import { DELIMITED_JOBS, delimitedInputs, SPARK_DELIMITED_DIFFERENCES, SPARK_DELIMITED_JOBS } from '../../pig/support/delimited-cases.ts';

/** Outputs where Spark and the runtime are known to differ (docs/codegen.md); tested on their own. */
export const KNOWN_DIFFERENCES = new Set(['io/crlf_inside_out', 'distributions/big_approx', ...SPARK_DELIMITED_DIFFERENCES.map((k) => `delimited-${k}/rows`)]);

export interface FocusCase {
  readonly name: string;
  readonly plan: Plan;
  readonly inputs: Record<string, string>;
}

export function focusCases(dir: string, root: string): FocusCase[] {
  mkdirSync(dir, { recursive: true });
  const file = (name: string, text: string | Buffer) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const delimited = delimitedInputs(file, path.join(root, '../shared/data'));
  const common = ACCESS_LOG.split('\n').filter((l) => !l.includes('"-" "-"') || l.startsWith('h13')).join('\n');
  return [
    { name: 'values', plan: valuesJob.plan(), inputs: { values: file('values.csv', VALUES_CSV) } },
    { name: 'distributions', plan: distributionJob.plan(), inputs: { dist: file('dist.csv', DISTRIBUTION_CSV) } },
    // first and last by order: the Pig suite's case over its value table (null keys and values, ties, NaN, -0.0).
    { name: 'ordered', plan: RELATIONAL_JOBS.ordered.plan(), inputs: { vals: file('vals.csv', valueTableCsv()) } },
    // Joins declared skewed: AQE's skew-join handling (on by default) must leave the rows as the runtime's.
    { name: 'skew-joins', plan: RELATIONAL_JOBS.skewJoins.plan(), inputs: { vals: file('vals.csv', valueTableCsv()), right: file('right.csv', rightTableCsv()) } },
    { name: 'relational', plan: relationalJob.plan(), inputs: { people: file('people.csv', PEOPLE_CSV), orders: file('orders.csv', ORDERS_CSV) } },
    { name: 'windows', plan: windowJob.plan(), inputs: { people: file('people.csv', PEOPLE_CSV) } },
    {
      name: 'io',
      plan: ioJob.plan(),
      inputs: {
        tricky: file('tricky.csv', TRICKY_CSV),
        crlf: file('crlf.csv', CRLF_CSV),
        crlf_inside: file('crlf-inside.csv', CRLF_INSIDE_CSV),
        hostile: file('hostile.csv', HOSTILE_CSV),
        events: file('events.jsonl', EVENTS_JSONL),
        access: file('access.log', ACCESS_LOG),
        common: file('common.log', common),
      },
    },
    {
      name: 'json-sources',
      plan: jsonSourcesJob.plan(),
      inputs: {
        lines: file('lines.txt', TEXT_LINES),
        nested: file('nested.jsonl', NESTED_JSONL),
        // Hadoop decodes gzip by the file name's extension.
        trail: file('trail.json.gz', gzipSync(TRAIL_DOCUMENT)),
        trail_lines: file('trail-lines.json', TRAIL_LINES),
        // The shared samples, read in place (the beats file is Elastic-licensed).
        trail_sample: path.join(root, '../shared/data/aws/cloudtrail/cloudgrep/cloudtrail.json'),
        trail_ndjson: path.join(root, '../shared/data/aws/cloudtrail/beats/assume-role-json.log'),
      },
    },
    ...Object.entries({ ...DELIMITED_JOBS, ...SPARK_DELIMITED_JOBS }).map(([k, j]) => ({ name: `delimited-${k}`, plan: j.plan(), inputs: delimited })),
    { name: 'aws', plan: awsJob.plan(), inputs: Object.fromEntries(Object.entries(AWS_INPUTS).map(([k, v]) => [k, path.join(root, v)])) },
    // The Pig suite's CloudFront lines: header lines, field counts, times, numbers and %-escapes.
    { name: 'cloudfront', plan: TEXT_JOBS.cloudFrontEdges.plan(), inputs: { cloudfront_edges: file('cloudfront-edges.log', cloudFrontEdgeLog()) } },
  ];
}
