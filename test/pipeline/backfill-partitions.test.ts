// The pieces of `backfill` that need no run: partition ranges per grain, partition folders from input
// templates, and how a success marker decides done / run again.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliExit } from '../../cli/exit-codes.ts';
import { partitionPaths, partitionSubfolder } from '../../cli/partition-inputs.ts';
import { judgeMarker, MARKER_FORMAT, readMarker, removeMarker, writeMarker, type PartitionMarker } from '../../cli/partition-marker.ts';
import { partitionRange } from '../../cli/partition-range.ts';

const opts = { limit: 1000, yes: false };
const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CliExit);
    return (e as CliExit).message;
  }
  throw new Error('no error');
};

describe('partitionRange', () => {
  it('daily: every date, inclusive, across month and leap-day boundaries', () => {
    expect(partitionRange('2016-02-27', '2016-03-02', 'daily', opts)).toEqual(['2016-02-27', '2016-02-28', '2016-02-29', '2016-03-01', '2016-03-02']);
    expect(partitionRange('2015-05-17', '2015-05-17', 'daily', opts)).toEqual(['2015-05-17']);
  });

  it('hourly: every hour as the canonical timestamp, across midnight', () => {
    expect(partitionRange('2015-05-17T22', '2015-05-18T01:00', 'hourly', opts)).toEqual([
      '2015-05-17T22:00:00.000Z',
      '2015-05-17T23:00:00.000Z',
      '2015-05-18T00:00:00.000Z',
      '2015-05-18T01:00:00.000Z',
    ]);
  });

  it('refuses bad bounds, a reversed range and too many partitions without --yes', () => {
    expect(message(() => partitionRange('2015-05-17', '2015-13-01', 'daily', opts))).toBe('--to 2015-13-01: not a date YYYY-MM-DD; a daily partition is a date YYYY-MM-DD');
    expect(message(() => partitionRange('2015-05-17T10:30', '2015-05-17T11', 'hourly', opts))).toContain('--from 2015-05-17T10:30: not on the hour');
    expect(message(() => partitionRange('2015-05-17', '2015-05-18', 'hourly', opts))).toContain('--from 2015-05-17: a date alone is ambiguous for hourly partitions');
    expect(message(() => partitionRange('2015-05-18', '2015-05-17', 'daily', opts))).toBe('--from 2015-05-18 is after --to 2015-05-17: give the earlier partition as --from');
    expect(message(() => partitionRange('2015-01-01T00', '2015-03-01T00', 'hourly', opts))).toBe(
      '--from 2015-01-01T00 --to 2015-03-01T00 is 1,417 hourly partitions, more than 1,000: add --yes to run them all',
    );
    expect(partitionRange('2015-01-01T00', '2015-03-01T00', 'hourly', { limit: 1000, yes: true })).toHaveLength(1417);
  });
});

describe('partition folders', () => {
  const daily = { param: 'date', grain: 'daily' as const };

  it("the input template's segments from the first naming the partition; <param>=<value> without one", () => {
    expect(partitionSubfolder('s3://{bucket}/logs/dt={date}/', daily)).toBe('dt={date}');
    expect(partitionSubfolder('s3://b/logs/{date}/part-*.gz', daily)).toBe('{date}/part-*.gz');
    expect(partitionSubfolder('/data/y={year}/d={date}/', daily)).toBe('d={date}');
    expect(partitionSubfolder('s3://b/static/', daily)).toBe('date={date}');
    expect(partitionSubfolder(undefined, daily)).toBe('date={date}');
  });

  it('a plain folder gets the subfolder; a path with placeholders is filled in', () => {
    const texts = { date: '2015-05-17', bucket: 'b' };
    expect(partitionPaths('--local', ['no/such/root'], 'dt={date}', texts)).toEqual([path.join('no/such/root', 'dt=2015-05-17')]);
    expect(partitionPaths('--local', ['logs/{date}.log'], 'dt={date}', texts)).toEqual(['logs/2015-05-17.log']);
  });

  it('a folder that exists without the partition subfolder is an input error naming it', () => {
    const root = tmpdir();
    expect(() => partitionPaths('--input logs=', [root], 'dt={date}', { date: '1999-01-01' })).toThrow(
      `no folder for this partition: --input logs=${root} holds one dt={date} subfolder per partition`,
    );
  });
});

describe('success markers', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-marker-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const m: PartitionMarker = {
    format: MARKER_FORMAT,
    pipeline: 'p',
    pipelineHash: 'a'.repeat(64),
    partition: { param: 'date', value: '2015-05-17' },
    params: { date: '2015-05-17', bucket: 'b' },
    stages: [{ stage: 's', engine: 'local', rows: { out: 3 } }],
    started: '2015-05-17T00:00:00.000Z',
    finished: '2015-05-17T00:00:01.000Z',
    seconds: 1,
  };

  it('round-trips through a temp file and rename, leaving only the marker', () => {
    expect(readMarker(dir)).toBeNull();
    writeMarker(dir, m);
    expect(readMarker(dir)).toEqual(m);
    expect(readdirSync(dir)).toEqual(['_SUCCESS.json']);
    removeMarker(dir);
    expect(readMarker(dir)).toBeNull();
  });

  it('done only for the same plan hash and parameters; otherwise says what changed', () => {
    expect(judgeMarker(null, m.pipelineHash, m.params)).toEqual({ done: false, why: null });
    expect(judgeMarker(m, m.pipelineHash, { bucket: 'b', date: '2015-05-17' })).toEqual({ done: true });
    expect(judgeMarker(m, 'b'.repeat(64), m.params)).toEqual({ done: false, why: `the pipeline changed since it was done (plan hash ${'a'.repeat(12)} -> ${'b'.repeat(12)})` });
    expect(judgeMarker(m, m.pipelineHash, { date: '2015-05-17', bucket: 'c', extra: '1' })).toEqual({
      done: false,
      why: 'parameters changed since it was done: bucket b -> c, extra (none) -> 1',
    });
  });
});
