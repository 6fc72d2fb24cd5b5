// `emr-jobs warehouse ddl|load`: the SQL of a warehouse load (CREATE TABLE from the output's schema,
// the partition DELETE, COPY from S3), and the load itself run on Redshift through the Data API.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { SqlDialect } from '../../codegen/warehouse/warehouse-sql.ts';
import { loadStatements, type LoadStatement } from '../../codegen/warehouse/load-statements.ts';
import {
  allParams, loadProblems, paramsPlan, PIPELINE_FORMAT, PIPELINE_VERSION, sinks, templateParams, type PipelineLoad, type PipelinePlan, type Plan,
} from '../../plan/index.ts';
import { withAwsErrors } from '../aws-error-exit.ts';
import { EXIT_USAGE, exitWith } from '../exit-codes.ts';
import { withInterruptScope } from '../interrupt-scope.ts';
import { loadJobOrPipeline } from '../load-job.ts';
import { paramBinding } from '../option-parsers.ts';
import { checkParams } from '../param-binder.ts';
import { addProfileOptions, profileFrom, type ProfileFlags } from './submit.ts';

const DDL_HELP = `
Examples:
  $ npx emr-jobs warehouse ddl web-analytics --param date=2015-05-17
  $ npx emr-jobs warehouse ddl web-analytics --output traffic_by_hour --dialect postgres
  $ npx emr-jobs warehouse ddl top-pages --table web.top_pages --from s3://bucket/top_pages/ --iam-role arn:aws:iam::123456789012:role/copy

For a pipeline, prints each load's statements in the order a load runs them (one transaction): CREATE SCHEMA
and CREATE TABLE IF NOT EXISTS from the output's column types, the DELETE of the run's partition
(replace-partition), then the COPY. The DELETE and COPY need the run's parameters (--param, or defaults).
For a job, prints CREATE TABLE for each output (the table named after it, or --table) and, with --from,
its COPY. --dialect postgres leaves out what only Redshift has (DISTSTYLE, DISTKEY, SORTKEY, ENCODE) and
prints the COPY ... FROM STDIN a local run sends. The IAM role of a Redshift COPY is --iam-role, else the
profile's warehouse.iamRole (docs/warehouse.md).`;

const LOAD_HELP = `
Examples:
  $ npx emr-jobs warehouse load web-analytics --param date=2015-05-17
  $ npx emr-jobs warehouse load web-analytics --load load-traffic --param date=2015-05-17 --profile prod

Runs each load of the pipeline (or those named by --load) on Redshift through the Data API, reading the
outputs a cluster run published in S3: one BatchExecuteStatement per load (one transaction: a failure
leaves the table as it was), waited for with DescribeStatement until FINISHED, FAILED or ABORTED. The
profile's warehouse field names the cluster or workgroup, the database, the secret or database user and the
COPY's IAM role. Ctrl-C cancels the running statement.
Exit codes: 0 loaded; 1 a statement failed or was aborted; 2 usage (flags, profile, pipeline);
130 / 143 / 129 interrupted.`;

interface DdlFlags {
  output?: string;
  dialect: SqlDialect;
  param?: Record<string, string>;
  table?: string;
  from?: string;
  iamRole?: string;
  profile?: string;
  config?: string;
}

export function register(program: Command): void {
  const wh = program.command('warehouse').description('warehouse loads: print their SQL, run them on Redshift');
  wh.command('ddl')
    .description('print the CREATE TABLE, DELETE and COPY SQL of loads (a pipeline) or of outputs (a job)')
    .argument('<job>', 'a job or pipeline name in jobs/, or a path to a .ts file')
    .option('--output <name>', 'only the loads of (or the table for) this output')
    .addOption(new Option('--dialect <dialect>', 'SQL for').choices(['redshift', 'postgres']).default('redshift'))
    .option('--param <name=value>', 'a run-time parameter: the partition value and path placeholders (repeatable)', paramBinding)
    .option('--table <name>', 'jobs: the table name (default: the output name)')
    .option('--from <s3-uri>', 'jobs: the S3 folder the COPY reads')
    .option('--iam-role <arn>', "the COPY's IAM role (default: the profile's warehouse.iamRole)")
    .option('--profile <name>', 'profile whose warehouse.iamRole to use')
    .option('--config <file>', 'config file (default: emr-jobs.config.json, or $EMR_JOBS_CONFIG)')
    .addHelpText('after', DDL_HELP)
    .action(ddl);
  const load = wh
    .command('load')
    .description("run a pipeline's loads on Redshift through the Data API")
    .argument('<pipeline>', 'a pipeline name in jobs/, or a path to a .ts file')
    .option('--load <name>', 'run only this load (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--param <name=value>', 'a run-time parameter: the partition value and path placeholders (repeatable)', paramBinding);
  addProfileOptions(load).addHelpText('after', LOAD_HELP).action((name: string, flags) => withAwsErrors(() => runLoads(name, flags)));
}

const usage = (message: string) => exitWith(EXIT_USAGE, 'usage', message);

async function ddl(name: string, flags: DdlFlags): Promise<void> {
  const loaded = await loadJobOrPipeline(name);
  const text = 'pipeline' in loaded ? pipelineDdl(loaded.pipeline, flags) : jobDdl(loaded.plan, flags);
  process.stdout.write(text);
}

/** The IAM role of a Redshift COPY: the flag, else the profile's (a profile only read when there is one). */
function iamRole(flags: DdlFlags): string | undefined {
  if (flags.iamRole !== undefined || flags.dialect !== 'redshift') return flags.iamRole;
  try {
    return profileFrom(flags).warehouse?.iamRole;
  } catch (e) {
    if (flags.profile !== undefined || flags.config !== undefined) throw e;
    return undefined; // no config file: no role to take, said where the COPY is left out
  }
}

function pipelineDdl(p: PipelinePlan, flags: DdlFlags): string {
  if (flags.table !== undefined || flags.from !== undefined) throw usage(`--table and --from apply to jobs; pipeline '${p.pipeline}' declares its loads with p.load(...)`);
  const loads = (p.loads ?? []).filter((l) => flags.output === undefined || l.output === flags.output || `${l.stage}.${l.output}` === flags.output);
  if (!loads.length) {
    const have = (p.loads ?? []).map((l) => `${l.stage}.${l.output}`);
    throw usage(`pipeline '${p.pipeline}' has no load${flags.output !== undefined ? ` of output '${flags.output}' (loads read: ${have.join(', ') || 'none'})` : ' (declare one with p.load(...))'}`);
  }
  const texts = paramTexts(p, flags.param ?? {});
  const role = iamRole(flags);
  return loads.map((l) => loadDdl(p, l, flags.dialect, texts, role)).join('\n');
}

/** Parameter texts for the SQL: those given, then defaults; a missing one leaves its statements out. */
function paramTexts(p: PipelinePlan, given: Record<string, string>): Record<string, string> {
  const checked = checkParams(paramsPlan(p), given);
  const out: Record<string, string> = {};
  for (const d of allParams(p)) if (d.default !== undefined && d.default !== null) out[d.name] = String(d.default);
  return { ...out, ...checked };
}

function loadDdl(p: PipelinePlan, l: PipelineLoad, dialect: SqlDialect, params: Record<string, string>, role: string | undefined, noSource?: string): string {
  const head = `-- load ${l.name}: ${l.stage}.${l.output} -> ${l.table} (${l.strategy}${l.partitionColumn ? ` on ${l.partitionColumn}` : ''}), ${dialect}\n`;
  const published = p.outputs.find((o) => o.stage === l.stage && o.output === l.output)!;
  const needed = [...(l.strategy === 'replace-partition' ? [p.partition!.param] : []), ...(dialect === 'redshift' ? templateParams(published.path) : [])];
  const missing = [...new Set(needed.filter((n) => params[n] === undefined))];
  const why = noSource ?? (missing.length ? `need ${missing.map((n) => `--param ${n}=...`).join(' ')}` : dialect === 'redshift' && role === undefined ? 'need --iam-role or a profile with warehouse.iamRole' : null);
  if (why === null) return head + statementsText(loadStatements(p, l, { dialect, params, iamRole: role }));
  // Schema and table alone: what needs no run.
  const ddl = loadStatements(p, { ...l, strategy: 'append' }, { dialect, params, iamRole: role ?? '' }).filter((s) => s.what.startsWith('create'));
  return `${head}${statementsText(ddl)}-- the ${l.strategy === 'replace-partition' ? 'DELETE and ' : ''}COPY ${why}\n`;
}

const statementsText = (statements: readonly LoadStatement[]) => statements.map((s) => `${s.sql};\n`).join('');

/** A job's output as the one load of a one-stage pipeline, so that it gets the same checks and SQL. */
function jobDdl(plan: Plan, flags: DdlFlags): string {
  const outs = sinks(plan).filter((k) => flags.output === undefined || k.output === flags.output);
  if (!outs.length) throw usage(`--output ${flags.output}: job '${plan.job}' has no such output (its outputs: ${sinks(plan).map((k) => k.output).join(', ')})`);
  if ((flags.table !== undefined || flags.from !== undefined) && outs.length > 1) throw usage(`--table and --from name one output's table: add --output (job '${plan.job}' has ${outs.length} outputs)`);
  const params = flags.param !== undefined ? checkParams(plan, flags.param) : {};
  if (flags.from !== undefined && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/\S*)?$/.test(flags.from)) throw usage(`--from ${flags.from}: expected an s3://bucket/folder/ URI`);
  const role = flags.from !== undefined ? iamRole(flags) : undefined;
  return outs
    .map((k) => {
      const load: PipelineLoad = { name: k.output.toLowerCase().replace(/_/g, '-'), stage: plan.job, output: k.output, table: flags.table ?? k.output.toLowerCase(), strategy: 'append', loc: k.loc };
      const p: PipelinePlan = {
        format: PIPELINE_FORMAT, version: PIPELINE_VERSION, pipeline: plan.job, description: plan.description, loc: k.loc, params: plan.params ?? [], inputs: [],
        stages: [{ name: plan.job, job: plan.job, engine: 'spark', plan, inputs: {}, loc: k.loc }],
        outputs: [{ stage: plan.job, output: k.output, path: flags.from ?? 's3://unknown/', loc: k.loc }],
        loads: [load],
      };
      const problem = loadProblems(p, load).find((e) => !e.message.includes('has the same name'));
      if (problem) throw usage(problem.message.replace(`load '${load.name}': `, `output '${k.output}': `));
      return loadDdl(p, load, flags.dialect, params, role, flags.from === undefined ? `needs --from s3://... (where a run wrote ${k.output})` : undefined);
    })
    .join('\n');
}

interface LoadFlags extends ProfileFlags {
  load?: string[];
  param?: Record<string, string>;
}

async function runLoads(name: string, flags: LoadFlags): Promise<void> {
  const loaded = await loadJobOrPipeline(name);
  if (!('pipeline' in loaded)) throw usage(`'${name}' is a job: warehouse load runs a pipeline's loads (p.load(...)); see emr-jobs warehouse ddl ${name}`);
  const p = loaded.pipeline;
  const all = p.loads ?? [];
  for (const n of flags.load ?? []) if (!all.some((l) => l.name === n)) throw usage(`--load ${n}: pipeline '${p.pipeline}' has no such load (its loads: ${all.map((l) => l.name).join(', ') || 'none'})`);
  const loads = all.filter((l) => !flags.load?.length || flags.load.includes(l.name));
  if (!loads.length) throw usage(`pipeline '${p.pipeline}' has no load (declare one with p.load(...))`);
  const params = paramTexts(p, flags.param ?? {});
  const profile = profileFrom(flags);
  const w = profile.warehouse;
  if (!w) throw usage(`profile '${profile.name}' has no warehouse field: add { "iamRole", "clusterIdentifier" or "workgroupName", "database", "secretArn" or "dbUser" } (docs/warehouse.md)`);
  const plans = loads.map((l) => ({ load: l, statements: loadStatements(p, l, { dialect: 'redshift', params, iamRole: w.iamRole }) }));
  const { makeRedshiftDataClient, runRedshiftLoad, cancelRedshiftLoad } = await import('../../emr/redshift-load.ts');
  const client = makeRedshiftDataClient(profile);
  let running: { name: string; id: string | null } | null = null;
  const where = w.clusterIdentifier !== null ? `cluster ${w.clusterIdentifier}` : `workgroup ${w.workgroupName}`;
  try {
    await withInterruptScope(
      async (scope) => {
        for (const { load, statements } of plans) {
          running = { name: load.name, id: null };
          const current = running;
          const undefer = scope.defer({ stop: async () => (current.id ? cancelRedshiftLoad(client, current.id) : undefined) });
          process.stdout.write(`load ${load.name}: ${load.stage}.${load.output} -> ${load.table} (${load.strategy}) on ${where}, database ${w.database}\n`);
          const r = await runRedshiftLoad(client, w, statements, {
            table: load.table,
            statementName: `emr-jobs ${p.pipeline} ${load.name}`,
            pollSeconds: profile.pollSeconds,
            maxPollSeconds: profile.maxPollSeconds,
            signal: scope.signal,
            onStarted: (id) => (current.id = id),
            onStatus: (s) => process.stdout.write(`  statement ${current.id}: ${s}\n`),
          });
          undefer();
          process.stdout.write(`load ${load.name}: ${r.rows === null ? 'done' : `${r.rows.toLocaleString('en-US')} rows`} in ${r.seconds.toFixed(2)} s\n`);
          running = null;
        }
      },
      {
        describe: (signal) => {
          const r = running as { name: string; id: string | null } | null;
          return `${signal}: emr-jobs warehouse load ${p.pipeline} interrupted${r ? ` in load ${r.name}${r.id ? ` (statement ${r.id} cancelled: nothing of it is committed)` : ''}` : ''}`;
        },
      },
    );
  } finally {
    client.destroy();
  }
}
