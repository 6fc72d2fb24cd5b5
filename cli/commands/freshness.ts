// `emr-jobs freshness`: every output the run log knows, and every one the project's jobs declare with an
// owner or expectation, with its owner, its last successful run and partition, and its age; outputs older
// than their declared expectation (job(..., { fresh })), or never run, are stale.
import { Option, type Command } from 'commander';
import { declaredOutputs, type DeclaredOutput } from '../declared-outputs.ts';
import { EXIT_FAILED, exitWith } from '../exit-codes.ts';
import { addRunLogSourceOptions, ageText, loadRunRecords, timeText, type RunLogSourceFlags } from '../run-log-source.ts';
import type { RunRecord } from '../run-log.ts';
import { renderTable } from '../table-printer.ts';

const HELP = `
Examples:
  $ npx emr-jobs freshness
  $ npx emr-jobs freshness --job web-analytics
  $ npx emr-jobs freshness --fail-on-stale        # from cron: exit 1 when an output is stale
  $ npx emr-jobs freshness --s3 --profile prod --format json

One row per output the run log names: a job's outputs (top-pages.top_pages) and a pipeline's stages' outputs
(web-analytics/parse.requests; a stage run and a cluster run of the pipeline count alike). The owner and the
expectation are those of the output's newest record (the job's or pipeline's declared owner and fresh); the
age is the time since its newest successful run ended; "partition" is the newest partition a successful run
wrote. An output is stale when its age is above its expectation, or when it has runs but none succeeded.
An output a job or pipeline in jobs/ declares with an owner or expectation (job(name, description,
{ owner, fresh }, ...)) that the log has no run of is listed as "never run", and is stale when it has an
expectation; a job run as a pipeline's stage is listed as the stage. Outputs without an expectation are
listed, never stale. Read from the same log as \`emr-jobs runs\`.
Exit codes: 0 ok; 1 an output is stale and --fail-on-stale was given; 2 usage error.`;

interface FreshnessFlags extends RunLogSourceFlags {
  failOnStale?: boolean;
}

export interface OutputFreshness {
  readonly output: string;
  readonly owner: string | null;
  /** The newest successful run's end, ISO; null when none succeeded. */
  readonly lastSuccess: string | null;
  readonly lastPartition: string | null;
  readonly ageSeconds: number | null;
  readonly freshWithin: number | null;
  readonly path: string | null;
  /** Declared in jobs/ but without a run in the log. */
  readonly neverRun: boolean;
  readonly stale: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('freshness')
    .description('list each output with its owner, last successful run and age; flag the ones older than declared')
    .option('--fail-on-stale', 'exit 1 when an output is stale (for cron and CI)')
    .addOption(new Option('--format <format>', 'table or json').choices(['table', 'json']).default('table'));
  addRunLogSourceOptions(cmd).addHelpText('after', HELP).action(freshness);
}

async function freshness(flags: FreshnessFlags): Promise<void> {
  const { records, source } = await loadRunRecords(flags);
  const declared = (await declaredOutputs()).filter((o) => flags.job === undefined || o.job === flags.job);
  const rows = outputFreshness(records, Date.now(), declared);
  if (flags.format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (!rows.length) process.stdout.write(`no outputs in ${source}\n`);
  else {
    const cells = rows.map((f) => [
      f.output, f.owner, f.lastSuccess && timeText(f.lastSuccess), f.lastPartition, f.ageSeconds === null ? null : ageText(f.ageSeconds),
      f.freshWithin === null ? null : ageText(f.freshWithin), stateText(f),
    ]);
    const stale = rows.filter((f) => f.stale).length;
    process.stdout.write(`${renderTable(['output', 'owner', 'last success', 'partition', 'age', 'expected within', 'state'], cells, 60)}\n${rows.length} output${rows.length === 1 ? '' : 's'}, ${stale} stale, in ${source}\n`);
  }
  const stale = rows.filter((f) => f.stale);
  if (flags.failOnStale && stale.length) {
    throw exitWith(EXIT_FAILED, 'runtime', `${stale.length} stale output${stale.length === 1 ? '' : 's'}: ${stale.map((f) => `${f.output} (${f.owner ?? 'no owner'})`).join(', ')}`);
  }
}

function stateText(f: OutputFreshness): string {
  if (f.neverRun) return f.stale ? 'STALE (never run)' : 'never run';
  return f.stale ? 'STALE' : f.freshWithin === null ? 'no expectation' : 'fresh';
}

/** One entry per output named by `records` (oldest first) or `declared`, in output name order. */
export function outputFreshness(records: readonly RunRecord[], now: number, declared: readonly DeclaredOutput[] = []): OutputFreshness[] {
  const byOutput = new Map<string, RunRecord[]>();
  const names = new Map<string, string>();
  for (const r of records) {
    if (r.kind === 'pipeline' && r.engine !== 'emr') continue; // its stages' records say the same, one by one
    for (const o of r.outputs) {
      const key = r.kind === 'job' ? `${r.job}.${o.name}` : `${r.pipeline}/${r.kind === 'stage' ? `${r.stage}.` : ''}${o.name}`;
      byOutput.set(key, [...(byOutput.get(key) ?? []), r]);
      names.set(key, o.name);
    }
  }
  const logged = [...byOutput.entries()].map(([output, runs]) => {
    const newest = runs[runs.length - 1];
    const ok = runs.filter((r) => r.status === 'succeeded');
    const last = ok.reduce<RunRecord | null>((m, r) => (m === null || Date.parse(r.ended) >= Date.parse(m.ended) ? r : m), null);
    const partitions = ok.flatMap((r) => (r.partition === null ? [] : [r.partition])).sort();
    const age = last === null ? null : (now - Date.parse(last.ended)) / 1000;
    return {
      output,
      owner: newest.owner,
      lastSuccess: last?.ended ?? null,
      lastPartition: partitions.at(-1) ?? null,
      ageSeconds: age === null ? null : Math.round(age),
      freshWithin: newest.freshWithin,
      path: last?.outputs.find((o) => o.name === names.get(output))?.path ?? null,
      neverRun: false,
      stale: newest.freshWithin !== null && (age === null || age > newest.freshWithin),
    };
  });
  const unrun = declared.filter((d) => !byOutput.has(d.output)).map((d): OutputFreshness => ({
    output: d.output, owner: d.owner, lastSuccess: null, lastPartition: null, ageSeconds: null, freshWithin: d.freshWithin, path: null, neverRun: true, stale: d.freshWithin !== null,
  }));
  return [...logged, ...unrun].sort((a, b) => a.output.localeCompare(b.output));
}
