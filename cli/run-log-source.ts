// Where `runs` and `freshness` read the run log: the local file (--log, $EMR_JOBS_RUN_LOG, the project's), or
// with --s3 the records cluster runs put under the profile's prefix. Records that cannot be read are warned
// about (file:line) and skipped.
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { printWarning } from './error-printer.ts';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';
import { displayPath } from './job-paths.ts';
import { readLocalRunLog, readS3RunLog, runsPrefix } from './run-log-reader.ts';
import { runLogFile, type RunRecord } from './run-log.ts';
import { addProfileOptions, profileFrom, type ProfileFlags } from './commands/submit.ts';

export interface RunLogSourceFlags extends ProfileFlags {
  log?: string;
  s3?: boolean;
  bucket?: string;
  prefix?: string;
  job?: string;
  since?: Date;
  format: 'table' | 'json';
}

/** The options choosing the log and the runs in it, shared by `runs` and `freshness`. */
export function addRunLogSourceOptions(cmd: Command): Command {
  cmd
    .option('--job <name>', 'only this job or pipeline (its stages too)')
    .option('--since <date|duration>', 'only runs started since then: 2015-05-17, 2015-05-17T06:00:00Z, or an age such as 36h, 7d, 1d12h', (v: string) => sinceArgument(v))
    .option('--log <file>', 'the local run log to read (default: $EMR_JOBS_RUN_LOG, else the config\'s "runLog", else .emr-jobs/runs.jsonl)')
    .option('--s3', "read the records cluster runs wrote under the profile's S3 prefix (<prefix>/run-log/) instead of the local log")
    .option('--bucket <name>', 'with --s3: the bucket (default: the profile\'s)')
    .option('--prefix <key>', 'with --s3: the key prefix (default: the profile\'s)');
  return addProfileOptions(cmd);
}

/** The records of the chosen log, filtered by --job and --since, oldest first; how many it holds; where it is. */
export async function loadRunRecords(flags: RunLogSourceFlags): Promise<{ records: RunRecord[]; total: number; source: string }> {
  const { records, problems, source } = flags.s3 ? await fromS3(flags) : fromFile(flags);
  for (const p of problems) printWarning(p);
  const since = flags.since?.getTime();
  const chosen = records
    .filter((r) => flags.job === undefined || r.job === flags.job || r.pipeline === flags.job)
    .filter((r) => since === undefined || Date.parse(r.started) >= since)
    .sort((a, b) => Date.parse(a.started) - Date.parse(b.started));
  return { records: chosen, total: records.length, source };
}

function fromFile(flags: RunLogSourceFlags) {
  for (const f of ['bucket', 'prefix'] as const) if (flags[f] !== undefined) throw exitWith(EXIT_USAGE, 'usage', `--${f} applies to --s3 only (the local log is read from --log, or the project's)`);
  const file = flags.log !== undefined ? path.resolve(flags.log) : runLogFile();
  return { ...readLocalRunLog(file), source: displayPath(file) };
}

async function fromS3(flags: RunLogSourceFlags) {
  if (flags.log !== undefined) throw exitWith(EXIT_USAGE, 'usage', '--log and --s3 cannot be combined: one reads a local file, the other S3');
  const profile = profileFrom(flags, { bucket: flags.bucket, prefix: flags.prefix });
  const { makeClients, closeClients } = await import('../emr/aws-clients.ts');
  const aws = makeClients(profile);
  try {
    return { ...(await readS3RunLog(aws.s3, profile.bucket, profile.prefix)), source: `s3://${profile.bucket}/${runsPrefix(profile.prefix)}` };
  } finally {
    closeClients(aws);
  }
}

const UNIT_SECONDS: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };

/** `36h`, `7d`, `1d12h`, `90s` as seconds; null when `text` is not such a duration. */
export function durationText(text: string): number | null {
  const t = text.trim();
  if (!/^(\d+[dhms])+$/.test(t)) return null;
  return [...t.matchAll(/(\d+)([dhms])/g)].reduce((n, m) => n + Number(m[1]) * UNIT_SECONDS[m[2]], 0);
}

/** --since: a date, a date and time (UTC unless it says otherwise), or an age back from now. */
export function sinceArgument(value: string, now = Date.now()): Date {
  const seconds = durationText(value);
  if (seconds !== null) return new Date(now - seconds * 1000);
  const t = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value) ? Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(value) ? value.replace(' ', 'T') : `${value.replace(' ', 'T')}Z`) : NaN;
  if (Number.isNaN(t)) throw new InvalidArgumentError(`expected a date (2015-05-17), a UTC date and time (2015-05-17T06:00:00Z) or an age (36h, 7d, 1d12h), got '${value}'`);
  return new Date(t);
}

/** Seconds as their largest unit and the next one when not zero: `2d 2h`, `1h`, `1m 5s`, `40s`. */
export function ageText(seconds: number): string {
  const units = Object.entries(UNIT_SECONDS);
  const whole = Math.max(0, Math.floor(seconds));
  const found = units.findIndex(([, size]) => whole >= size);
  const i = found < 0 ? units.length - 1 : found;
  const [unit, size] = units[i];
  const first = `${Math.floor(whole / size)}${unit}`;
  const next = units[i + 1];
  const rest = next ? Math.floor((whole % size) / next[1]) : 0;
  return rest ? `${first} ${rest}${next![0]}` : first;
}

/** A record's time as `2026-12-03 18:30:12` (UTC). */
export function timeText(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

/** What a record is a run of: `top-pages`, `web-analytics`, `web-analytics/parse`. */
export function runName(r: RunRecord): string {
  return r.kind === 'stage' ? `${r.pipeline}/${r.stage}` : r.job;
}
