// `backfill --from --to`: the partition values between two bounds, inclusive, for the pipeline's grain
// (daily: every date; hourly: every hour), in the canonical text runs and paths use.
import { PARTITION_TYPE, parseParamText, type PartitionGrain } from '../plan/index.ts';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const FORM: Readonly<Record<PartitionGrain, string>> = {
  daily: 'a date YYYY-MM-DD',
  hourly: 'an hour YYYY-MM-DDTHH (or a timestamp on the hour, YYYY-MM-DDTHH:00[:00][Z])',
};

/** The partition value `text` stands for (ms since the epoch, UTC), or a usage error naming the flag. */
export function parsePartitionBound(flag: string, text: string, grain: PartitionGrain): number {
  const bad = (why: string) => exitWith(EXIT_USAGE, 'usage', `${flag} ${text}: ${why}; a ${grain} partition is ${FORM[grain]}`);
  // An hour alone (2015-05-17T10) is the short form of a timestamp on the hour.
  const full = grain === 'hourly' && /^\d{4}-\d{2}-\d{2}[T ]\d{2}$/.test(text) ? `${text}:00` : text;
  if (grain === 'hourly' && /^\d{4}-\d{2}-\d{2}$/.test(text)) throw bad('a date alone is ambiguous for hourly partitions');
  const value = parseParamText(PARTITION_TYPE[grain], full);
  if (typeof value !== 'string') throw bad(`not ${FORM[grain]}`);
  const ms = Date.parse(grain === 'daily' ? `${value}T00:00:00Z` : value);
  if (ms % (grain === 'daily' ? DAY_MS : HOUR_MS) !== 0) throw bad('not on the hour');
  return ms;
}

/** The canonical text of the partition at `ms` (what `--param <partition>=` and path templates get). */
export function partitionText(ms: number, grain: PartitionGrain): string {
  const iso = new Date(ms).toISOString();
  return grain === 'daily' ? iso.slice(0, 10) : iso;
}

export interface RangeOptions {
  /** More partitions than `limit` need `yes`. */
  readonly limit: number;
  readonly yes: boolean;
}

/** Every partition value from `from` to `to`, inclusive, oldest first. */
export function partitionRange(from: string, to: string, grain: PartitionGrain, opts: RangeOptions): string[] {
  const a = parsePartitionBound('--from', from, grain);
  const b = parsePartitionBound('--to', to, grain);
  if (a > b) throw exitWith(EXIT_USAGE, 'usage', `--from ${from} is after --to ${to}: give the earlier partition as --from`);
  const step = grain === 'daily' ? DAY_MS : HOUR_MS;
  const count = (b - a) / step + 1;
  if (count > opts.limit && !opts.yes) {
    throw exitWith(EXIT_USAGE, 'usage', `--from ${from} --to ${to} is ${count.toLocaleString('en-US')} ${grain} partitions, more than ${opts.limit.toLocaleString('en-US')}: add --yes to run them all`);
  }
  return Array.from({ length: count }, (_, i) => partitionText(a + i * step, grain));
}
