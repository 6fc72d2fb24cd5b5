// job(...): the entry point of a job file. Sources declare the job's inputs and their schemas.
import * as P from '../plan/index.ts';
import type { ColumnType, LogFormat, Plan } from '../plan/index.ts';
import { Dataset } from './dataset.ts';
import { JobBuilder } from './job-builder.ts';
import { callerLocation } from './location.ts';
import type { AlbLogRow, CombinedLogRow, CommonLogRow, ElbLogRow, Row, S3AccessLogRow } from './row-types.ts';

export interface CsvOptions {
  /** The first line is a header (default true); columns are matched by the declared order. */
  readonly header?: boolean;
  readonly delimiter?: string;
}

/** Declares a schema: column name -> type. Every column may hold null. */
export type SchemaSpec = { readonly [name: string]: ColumnType };

export class JobContext {
  constructor(private readonly builder: JobBuilder) {}

  private source<R extends Row>(input: string, format: P.SourceFormat, schema: P.Schema = []): Dataset<R> {
    const problem = P.inputNameProblem(input);
    if (problem) throw new P.JobError('job', problem, callerLocation());
    return new Dataset<R>(this.builder, this.builder.add({ kind: 'source', input, format }, callerLocation(), schema));
  }

  /**
   * Apache/NGINX access log in Combined (default) or Common Log Format.
   * ```ts
   * const logs = j.accessLog('logs');
   * // Pig:     raw = LOAD '$logs' USING TextLoader() AS (line:chararray); ... REGEX_EXTRACT_ALL ...
   * // PySpark: raw = spark.read.text(args.logs); ... F.regexp_extract(...)
   * ```
   */
  accessLog(input: string): Dataset<CombinedLogRow>;
  accessLog(input: string, format: 'combined'): Dataset<CombinedLogRow>;
  accessLog(input: string, format: 'common'): Dataset<CommonLogRow>;
  accessLog(input: string, format: 'common' | 'combined' = 'combined'): Dataset<Row> {
    return this.source(input, { kind: format });
  }

  /** Classic Elastic Load Balancer access log. */
  elbLog(input: string): Dataset<ElbLogRow> {
    return this.source(input, { kind: 'elb' });
  }

  /** Application Load Balancer access log (older and newer field lists). */
  albLog(input: string): Dataset<AlbLogRow> {
    return this.source(input, { kind: 'alb' });
  }

  /** S3 server access log. */
  s3AccessLog(input: string): Dataset<S3AccessLogRow> {
    return this.source(input, { kind: 's3access' });
  }

  /**
   * CSV with a declared schema; empty fields are null.
   * ```ts
   * const hosts = j.csv('hosts', { host: 'string', owner: 'string' });
   * ```
   */
  csv<S extends SchemaSpec>(input: string, schema: S, options: CsvOptions = {}): Dataset<S> {
    const fmt = { kind: 'csv' as const, header: options.header ?? true, delimiter: options.delimiter ?? ',' };
    return this.source(input, fmt, toSchema(schema));
  }

  /** JSON lines: one object per line; fields are looked up by column name, absent ones are null. */
  jsonLines<S extends SchemaSpec>(input: string, schema: S): Dataset<S> {
    return this.source(input, { kind: 'jsonl' }, toSchema(schema));
  }
}

function toSchema(spec: SchemaSpec): P.Schema {
  return Object.entries(spec).map(([name, type]) => {
    if (!P.isColumnType(type)) throw new P.JobError('job', `column '${name}': unknown type '${type}'`, callerLocation());
    return P.field(name, type, true);
  });
}

export interface JobDefinition {
  readonly kind: 'emr-jobs/job';
  readonly name: string;
  readonly description: string;
  /** Builds the plan; DSL mistakes surface here as JobErrors with the job line. */
  plan(): Plan;
}

/**
 * Defines a job. A job file's default export:
 * ```ts
 * export default job('top-pages', 'Top 10 pages by hits', (j) => {
 *   j.accessLog('logs').groupBy('path').agg(() => ({ hits: count() })).writeCsv('top_pages');
 * });
 * ```
 */
export function job(name: string, description: string, build: (j: JobContext) => void): JobDefinition {
  // The `job(...)` line: where a name error points, and where a problem of the whole plan (no output) points.
  const at = callerLocation();
  const problem = P.jobNameProblem(name);
  if (problem) throw new P.JobError('job', problem, at);
  return Object.freeze({
    kind: 'emr-jobs/job' as const,
    name,
    description,
    plan(): Plan {
      const b = new JobBuilder(name, description);
      build(new JobContext(b));
      try {
        return b.plan();
      } catch (e) {
        if (e instanceof P.JobError && e.where === null) throw new P.JobError(e.kind, e.message, at, e.nodeId);
        throw e;
      }
    },
  });
}

export function isJobDefinition(v: unknown): v is JobDefinition {
  return !!v && typeof v === 'object' && (v as JobDefinition).kind === 'emr-jobs/job';
}
