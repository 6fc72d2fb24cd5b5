// Remembers clean type checks: a job is not checked again while its own files, the project's tsconfig and
// the toolkit version are byte-for-byte what they were at its last clean check. Only clean results are
// kept, so an error is always reported fresh. Entries live in the per-user cache, one per job file.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageVersion } from '../engines/package-root.ts';
import { userCacheDir } from '../engines/user-cache.ts';

interface Entry {
  readonly version: string;
  readonly tsconfig: string | null;
  readonly files: Record<string, string>;
}

const sha = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function hashFile(file: string): string | null {
  try {
    return sha(readFileSync(file));
  } catch {
    return null;
  }
}

function entryPath(jobFile: string): string {
  return path.join(userCacheDir(), 'typecheck', `${sha(path.resolve(jobFile)).slice(0, 32)}.json`);
}

export function unchangedSinceCleanCheck(jobFile: string, tsconfig: string | null): boolean {
  let entry: Entry;
  try {
    entry = JSON.parse(readFileSync(entryPath(jobFile), 'utf8')) as Entry;
  } catch {
    return false;
  }
  if (entry.version !== packageVersion()) return false;
  if (entry.tsconfig !== (tsconfig ? hashFile(tsconfig) : null)) return false;
  const files = Object.entries(entry.files ?? {});
  return files.length > 0 && files.every(([f, h]) => hashFile(f) === h);
}

export function recordCleanCheck(jobFile: string, tsconfig: string | null, files: readonly string[]): void {
  const entry: Entry = {
    version: packageVersion(),
    tsconfig: tsconfig ? hashFile(tsconfig) : null,
    files: Object.fromEntries(files.map((f) => [f, hashFile(f) ?? ''])),
  };
  const target = entryPath(jobFile);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, target);
  } catch {
    /* a cache that cannot be written only costs time */
  }
}
