// The statements of one load of one run, in order: schema and table (if missing), the partition's rows
// deleted (replace-partition), then the COPY. Redshift runs them as one batch, which is one transaction.
import { expandTemplate, JobError, loadSource, type PipelineLoad, type PipelinePlan } from '../../plan/index.ts';
import { createSchemaSql, createTableSql, deleteSql, partitionPredicate, postgresCopySql, redshiftCopySql, type SqlDialect } from './warehouse-sql.ts';

export interface LoadStatement {
  /** What the statement does, for progress lines and error messages. */
  readonly what: 'create schema' | 'create table' | 'delete partition' | 'copy';
  readonly sql: string;
}

export interface LoadSqlOptions {
  readonly dialect: SqlDialect;
  /** The run's parameter texts: the partition's value and the published path's placeholders. */
  readonly params: Readonly<Record<string, string>>;
  /** Redshift: the role COPY assumes to read S3. */
  readonly iamRole?: string;
}

/** The S3 folder a load's COPY reads: the output's published path, its placeholders filled in. */
export function loadS3Folder(p: PipelinePlan, load: PipelineLoad, params: Readonly<Record<string, string>>): string {
  const published = p.outputs.find((o) => o.stage === load.stage && o.output === load.output)!;
  return expandTemplate(published.path, (n) => {
    const v = params[n];
    if (v === undefined) throw new JobError('usage', `load '${load.name}': the path of '${load.stage}.${load.output}' needs parameter '${n}' (pass --param ${n}=...)`);
    return v;
  });
}

export function loadStatements(p: PipelinePlan, load: PipelineLoad, opts: LoadSqlOptions): LoadStatement[] {
  const { sink, columns } = loadSource(p, load)!;
  const out: LoadStatement[] = [];
  const schema = createSchemaSql(load.table);
  if (schema) out.push({ what: 'create schema', sql: schema });
  out.push({ what: 'create table', sql: createTableSql(load.table, columns, load, opts.dialect) });
  if (load.strategy === 'replace-partition') {
    const partition = p.partition!;
    const value = opts.params[partition.param];
    if (value === undefined) throw new JobError('usage', `load '${load.name}' replaces the partition '${partition.param}': pass --param ${partition.param}=...`);
    const column = columns.find((c) => c.name === load.partitionColumn)!;
    out.push({ what: 'delete partition', sql: deleteSql(load.table, partitionPredicate(column, partition.grain, value)) });
  }
  if (opts.dialect === 'redshift') {
    if (opts.iamRole === undefined) throw new JobError('usage', `load '${load.name}': COPY from S3 needs an IAM role (the profile's warehouse.iamRole)`);
    out.push({ what: 'copy', sql: redshiftCopySql(load.table, columns, loadS3Folder(p, load, opts.params), sink.format, opts.iamRole) });
  } else {
    out.push({ what: 'copy', sql: postgresCopySql(load.table, columns, sink.format === 'csv') });
  }
  return out;
}
