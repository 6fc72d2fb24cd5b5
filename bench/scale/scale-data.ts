// The scale benchmark's input: access-log lines (the generator of bench/generate-logs.ts) in many split
// files of one folder, made fresh in a temporary folder that the benchmark removes.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { LogLineMaker } from '../gen/log-line-maker.ts';
import { BYTES_PER_LINE_ESTIMATE, SEED, writeLines } from '../generate-logs.ts';

export interface SplitInput {
  readonly dir: string;
  readonly files: number;
  readonly lines: number;
  readonly bytes: number;
}

/** About `bytes` bytes of log lines in `splits` files part-00000.log … under `dir`. */
export function writeSplits(dir: string, bytes: number, splits: number, progress: (done: number, total: number) => void): SplitInput {
  mkdirSync(dir, { recursive: true });
  const lines = Math.max(splits, Math.ceil(bytes / BYTES_PER_LINE_ESTIMATE));
  const maker = new LogLineMaker(SEED, lines);
  const perFile = Math.ceil(lines / splits);
  let written = 0;
  for (let f = 0; f < splits; f++) {
    const fd = openSync(join(dir, `part-${String(f).padStart(5, '0')}.log`), 'w');
    try {
      written += writeLines(fd, maker, Math.min(lines, f * perFile), Math.min(lines, (f + 1) * perFile));
    } finally {
      closeSync(fd);
    }
    progress(f + 1, splits);
  }
  return { dir, files: splits, lines, bytes: written };
}
