// job(...): the entry point of a job file. Sources declare the job's inputs and their schemas.
import * as P from '../plan/index.ts';
import type { ColumnType, LogFormat, Plan } from '../plan/index.ts';
import { Dataset } from './dataset.ts';
import { Expression, type JsValue } from './expression.ts';
import { JobBuilder } from './job-builder.ts';
import { paramDecl } from './param-decl.ts';
import { callerLocation } from './location.ts';
import { ownershipFields, type OwnershipOptions } from './ownership.ts';
import type { AlbLogRow, CloudFrontLogRow, CloudTrailRow, CombinedLogRow, CommonLogRow, ElbLogRow, Row, S3AccessLogRow, Simplify, TextLineRow } from './row-types.ts';

/** Where an input is when a run names no path for it. */
export interface InputOptions {
  /**
   * A path or URI template: `{name}` is replaced by the value of the run-time parameter `name`
   * (`'s3://bucket/logs/dt={date}/'`). `--input name=...` or `--local` still win over it.
   */
  readonly path?: string;
}

export interface ParamOptions<T extends ColumnType> {
  /** The value when a run gives none; without it, every run must give `--param name=value`. */
  readonly default?: JsValue<T>;
}

export interface CsvOptions extends InputOptions {
  /** The first line is a header (default true); columns are matched by the declared order. */
  readonly header?: boolean;
  readonly delimiter?: string;
  /**
   * `'"'` (default): RFC 4180 quoting within a line: each physical line is one record, a quoted field may
   * hold delimiters and quotes (`""`); malformed quoting rejects the line (`bad-csv`) on every engine.
   * `'none'`: no quoting, as Pig's PigStorage reads a file: each line is one record split at every
   * delimiter, and a `"` is ordinary data.
   */
  readonly quote?: '"' | 'none';
  /**
   * `true`: a quoted field may hold line breaks (RFC 4180 records over several lines; Pig's
   * `CSVExcelStorage` YES_MULTILINE, Spark's `multiLine`, which reads each file in one task). Malformed
   * quoting then reads differently on each engine (docs/semantics.md, "Malformed quoting"). Not with
   * `quote: 'none'`.
   */
  readonly multiline?: boolean;
  /**
   * `'reject'` (default): a record with another number of fields than the schema is rejected
   * (`wrong-field-count`). `'ignore'`: the schema names the first columns of wider records, as Pig's
   * `LOAD ... AS (exchange, symbol)` does; fields after them are dropped, fewer fields are still rejected.
   */
  readonly extraFields?: 'reject' | 'ignore';
}

/** Declares a schema: column name -> type. Every column may hold null. */
export type SchemaSpec = { readonly [name: string]: ColumnType };

/** A JSON lines column read from a nested field: `{ path: 'userIdentity.userName', type: 'string' }`. */
export interface JsonPathSpec {
  readonly path: string;
  readonly type: ColumnType;
}

/** A JSON lines schema: column name -> type (the top-level key of that name) or a nested path and type. */
export type JsonSchemaSpec = { readonly [name: string]: ColumnType | JsonPathSpec };

/** The row type of a JSON lines schema. */
export type JsonRowOf<S extends JsonSchemaSpec> = Simplify<{ [K in keyof S]: S[K] extends JsonPathSpec ? S[K]['type'] : S[K] }>;

export class JobContext {
  constructor(private readonly builder: JobBuilder) {}

  private source<R extends Row>(input: string, format: P.SourceFormat, schema: P.Schema = [], options: InputOptions = {}): Dataset<R> {
    const problem = P.inputNameProblem(input);
    if (problem) throw new P.JobError('job', problem, callerLocation());
    if (options.path !== undefined && (typeof options.path !== 'string' || options.path.trim() === '')) {
      throw new P.JobError('job', `input '${input}': path must be a non-empty path or URI template`, callerLocation());
    }
    const draft = { kind: 'source' as const, input, format, ...(options.path !== undefined ? { path: options.path } : {}) };
    return new Dataset<R>(this.builder, this.builder.add(draft, callerLocation(), schema));
  }

  /**
   * Declares a run-time parameter: a typed constant of each run, given as `--param name=value` on
   * `emr-jobs run`, `compile` and `submit`, usable wherever an expression is and in input path templates.
   * ```ts
   * const day = j.param('date', 'date');
   * const logs = j.accessLog('logs', { path: 's3://bucket/logs/dt={date}/' });
   * logs.filter((r) => r.time.toDate().eq(day));
   * // Pig:     pig -param date=2015-05-17 ...  (ToDate('$date', 'yyyy-MM-dd') in the script)
   * // PySpark: spark-submit job.py --date 2015-05-17 ...  (F.lit(paths["date"]).cast("date"))
   * ```
   */
  param<T extends ColumnType>(name: string, type: T, options: ParamOptions<T> = {}): Expression<T> {
    this.builder.addParam(paramDecl(name, type, options.default, callerLocation()));
    return new Expression<T>(P.paramRef(name, type));
  }

  /**
   * Apache/NGINX access log in Combined (default) or Common Log Format.
   * ```ts
   * const logs = j.accessLog('logs');
   * // Pig:     raw = LOAD '$logs' USING TextLoader() AS (line:chararray); ... REGEX_EXTRACT_ALL ...
   * // PySpark: raw = spark.read.text(args.logs); ... F.regexp_extract(...)
   * ```
   */
  accessLog(input: string, options?: InputOptions): Dataset<CombinedLogRow>;
  accessLog(input: string, format: 'combined', options?: InputOptions): Dataset<CombinedLogRow>;
  accessLog(input: string, format: 'common', options?: InputOptions): Dataset<CommonLogRow>;
  accessLog(input: string, format: 'common' | 'combined' | InputOptions = 'combined', options: InputOptions = {}): Dataset<Row> {
    if (typeof format === 'object') return this.source(input, { kind: 'combined' }, [], format);
    return this.source(input, { kind: format }, [], options);
  }

  /** Classic Elastic Load Balancer access log. */
  elbLog(input: string, options: InputOptions = {}): Dataset<ElbLogRow> {
    return this.source(input, { kind: 'elb' }, [], options);
  }

  /** Application Load Balancer access log (older and newer field lists). */
  albLog(input: string, options: InputOptions = {}): Dataset<AlbLogRow> {
    return this.source(input, { kind: 'alb' }, [], options);
  }

  /** S3 server access log. */
  s3AccessLog(input: string, options: InputOptions = {}): Dataset<S3AccessLogRow> {
    return this.source(input, { kind: 's3access' }, [], options);
  }

  /**
   * CloudFront standard (web distribution) access log: tab-separated W3C fields by position, the 24-field
   * layout of older files and the 33-field one of current files (missing fields null); `#Version:` and
   * `#Fields:` lines are skipped. `cs_user_agent` and `cs_cookie` are %-decoded (docs/semantics.md).
   * ```ts
   * const bytes = j.cloudFrontLog('cf').groupBy('x_edge_location').agg((r) => ({ bytes: sum(r.sc_bytes) }));
   * // Pig:     LOAD '$cf' USING TextLoader() ...; FILTER ... BY NOT (line MATCHES '^#...'); REGEX_EXTRACT_ALL ...
   * // PySpark: spark.read.text(paths["cf"]).filter(~F.col("value").rlike("^#...")) ... F.regexp_extract(...)
   * ```
   */
  cloudFrontLog(input: string, options: InputOptions = {}): Dataset<CloudFrontLogRow> {
    return this.source(input, { kind: 'cloudfront' }, [], options);
  }

  /**
   * CSV (or any delimited text) with a declared schema; empty fields are null.
   * ```ts
   * const hosts = j.csv('hosts', { host: 'string', owner: 'string' });
   * // The first two columns of a headerless TSV with unquoted fields, as Pig users load it:
   * const daily = j.csv('daily', { exchange: 'string', symbol: 'string' },
   *   { header: false, delimiter: '\t', quote: 'none', extraFields: 'ignore' });
   * // Pig:     LOAD '$daily' USING TextLoader() ... REGEX_EXTRACT(line, '^([^\t]*)', 1) ...
   * // PySpark: read_csv(spark, paths["daily"], ..., quote="", extra_fields="ignore")
   * // Quoted fields holding line breaks (the default reads one record per line):
   * const notes = j.csv('notes', { id: 'int', text: 'string' }, { multiline: true });
   * // Pig:     LOAD '$notes' USING org.apache.pig.piggybank.storage.CSVExcelStorage(',', 'YES_MULTILINE', ...)
   * // PySpark: read_csv(spark, paths["notes"], ...)  (spark.read.csv with multiLine)
   * ```
   * The default mode: Pig `PigStorage('\n', '-tagPath')` lines matched by `REGEX_EXTRACT_ALL` against the
   * schema's record regex (plan/csv-line-regex.ts); PySpark `read_csv_lines` (`spark.read.text`, `regexp_extract`).
   */
  csv<S extends SchemaSpec>(input: string, schema: S, options: CsvOptions = {}): Dataset<S> {
    const fmt: P.CsvFormat = {
      kind: 'csv',
      header: options.header ?? true,
      delimiter: options.delimiter ?? ',',
      ...csvChoice(input, 'quote', options.quote, { '"': undefined, none: 'none' as const }),
      ...csvChoice(input, 'extraFields', options.extraFields, { reject: undefined, ignore: 'ignore' as const }),
      ...csvFlag(input, 'multiline', options.multiline),
    };
    return this.source(input, fmt, toSchema(schema), options);
  }

  /**
   * JSON lines: one object per line; a column reads the top-level key of its name, or the nested field at
   * its `path` (keys joined by dots); absent or null fields are null, a value of another type rejects the line.
   * ```ts
   * const events = j.jsonLines('events', { eventName: 'string', user: { path: 'userIdentity.userName', type: 'string' } });
   * // Pig:     not supported (compile error naming the source line)
   * // PySpark: read_json_lines(spark, paths["events"], [("eventName", "string"), ("user", "string", ["userIdentity", "userName"])])
   * ```
   */
  jsonLines<S extends JsonSchemaSpec>(input: string, schema: S, options: InputOptions = {}): Dataset<Extract<JsonRowOf<S>, Row>> {
    const plain: Record<string, ColumnType> = {};
    const paths: Record<string, readonly string[]> = {};
    for (const [name, spec] of Object.entries(schema)) {
      if (spec !== null && typeof spec === 'object') {
        if (typeof spec.path !== 'string') throw new P.JobError('job', `column '${name}': path must be a string of keys joined by dots`, callerLocation());
        paths[name] = spec.path.split('.');
        plain[name] = spec.type;
      } else plain[name] = spec;
    }
    const format = Object.keys(paths).length ? { kind: 'jsonl' as const, paths } : { kind: 'jsonl' as const };
    return this.source(input, format, toSchema(plain), options);
  }

  /**
   * Text lines: one `line` column per line of the input, as it is (no parsing, nothing rejected; an empty
   * line is `''`; the line break, `\n` or `\r\n`, is not part of the line).
   * ```ts
   * const lines = j.textLines('raw');
   * // Pig:     raw = LOAD '$raw' USING TextLoader() AS (line:chararray);
   * // PySpark: spark.read.text(paths["raw"])
   * ```
   */
  textLines(input: string, options: InputOptions = {}): Dataset<TextLineRow> {
    return this.source(input, { kind: 'text' }, [], options);
  }

  /**
   * AWS CloudTrail log files: `{"Records":[...]}` files (pretty-printed or on one line, usually gzipped) or
   * one event per line; one row per event with the fields of CloudTrailRow (docs/semantics.md).
   * ```ts
   * const events = j.cloudTrail('trail');
   * events.groupBy('userName', 'eventName').agg(() => ({ events: count() }));
   * // Pig:     not supported (compile error naming the source line)
   * // PySpark: read_cloudtrail(spark, paths["trail"], CLOUDTRAIL)
   * ```
   */
  cloudTrail(input: string, options: InputOptions = {}): Dataset<CloudTrailRow> {
    return this.source(input, { kind: 'cloudtrail' }, [], options);
  }

  /**
   * Parquet: a file, or a folder of part files (names starting with `_` or `.` skipped). Columns are found
   * by name (others in the file are ignored) and must have the type docs/semantics.md maps the declared one
   * to; a missing column or another type stops the run with an input error naming the file and column.
   * ```ts
   * const daily = j.parquet('daily', { symbol: 'string', close: 'double' });
   * ```
   * Pig: `LOAD '$daily' USING org.apache.parquet.pig.ParquetLoader('symbol:chararray, close:double')`.
   * PySpark: `spark.read.parquet(path)`, its schema checked, the columns selected.
   */
  parquet<S extends SchemaSpec>(input: string, schema: S, options: InputOptions = {}): Dataset<S> {
    return this.source(input, { kind: 'parquet' }, toSchema(schema), options);
  }
}

/** A CSV option's plan value: absent for the default, else the chosen one; anything else is a job error. */
function csvChoice<K extends string, V>(input: string, key: K, given: unknown, values: Record<string, V | undefined>): { [P in K]?: V } {
  if (given === undefined) return {};
  if (typeof given !== 'string' || !Object.hasOwn(values, given)) {
    const allowed = Object.keys(values).map((v) => JSON.stringify(v)).join(' or ');
    throw new P.JobError('job', `input '${input}': ${key} must be ${allowed}, not ${JSON.stringify(given)}`, callerLocation());
  }
  const v = values[given];
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

/** A boolean CSV option's plan value: present only when true. */
function csvFlag<K extends string>(input: string, key: K, given: unknown): { [P in K]?: true } {
  if (given === undefined || given === false) return {};
  if (given !== true) throw new P.JobError('job', `input '${input}': ${key} must be true or false, not ${JSON.stringify(given)}`, callerLocation());
  return { [key]: true } as { [P in K]?: true };
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

/** What job(name, description, options, build) declares beside the build function. */
export type JobOptions = OwnershipOptions;

/**
 * Defines a job. A job file's default export:
 * ```ts
 * export default job('top-pages', 'Top 10 pages by hits', (j) => {
 *   j.accessLog('logs').groupBy('path').agg(() => ({ hits: count() })).writeCsv('top_pages');
 * });
 * // with an owner and a freshness expectation (emr-jobs runs, emr-jobs freshness):
 * export default job('top-pages', 'Top 10 pages by hits', { owner: 'web-team@example.com', fresh: { hours: 36 } }, (j) => { ... });
 * ```
 * The owner and `fresh` change nothing the job writes: they are in the plan but not in its hash.
 */
// The three-argument form last: Parameters<typeof f> sees the last overload.
export function job(name: string, description: string, options: JobOptions, build: (j: JobContext) => void): JobDefinition;
export function job(name: string, description: string, build: (j: JobContext) => void): JobDefinition;
export function job(name: string, description: string, optionsOrBuild: JobOptions | ((j: JobContext) => void), maybeBuild?: (j: JobContext) => void): JobDefinition {
  // The `job(...)` line: where a name error points, and where a problem of the whole plan (no output) points.
  const at = callerLocation();
  const problem = P.jobNameProblem(name);
  if (problem) throw new P.JobError('job', problem, at);
  const build = typeof optionsOrBuild === 'function' ? optionsOrBuild : maybeBuild;
  if (typeof build !== 'function') throw new P.JobError('job', `job '${name}': the last argument must be the function building the job, (j) => { ... }`, at);
  const ownership = ownershipFields(`job '${name}'`, typeof optionsOrBuild === 'function' ? undefined : optionsOrBuild, at);
  return Object.freeze({
    kind: 'emr-jobs/job' as const,
    name,
    description,
    plan(): Plan {
      const b = new JobBuilder(name, description);
      build(new JobContext(b));
      try {
        return { ...b.plan(), ...ownership };
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
