// A folder given as an input is read as Hadoop's FileInputFormat lists it (and so Pig, Spark and an S3
// prefix): every file below it, recursively, names starting with `_` or `.` (`_SUCCESS`, `.crc`,
// `_temporary/`) skipped at every level, in path order.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Hadoop's hidden-file filter (FileInputFormat.hiddenFileFilter), which Pig and Spark both apply. */
export const isHiddenName = (name: string): boolean => name.startsWith('_') || name.startsWith('.');

/** Files under `dir` as `/`-separated relative paths, hidden names (files and folders) left out, sorted. */
export function walkFolder(dir: string): string[] {
  return walk(dir, '').sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function walk(dir: string, rel: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    if (isHiddenName(e.name)) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    const st = e.isSymbolicLink() ? statSync(path.join(dir, r), { throwIfNoEntry: false }) : e;
    if (st?.isDirectory()) out.push(...walk(dir, r));
    else if (st?.isFile()) out.push(r);
  }
  return out;
}
