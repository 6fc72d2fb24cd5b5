// The last check before the toolkit writes or deletes anything: a path built from names (outputs,
// partition folders, rejects files, bundle files, S3 keys) must stay strictly inside the folder or key
// prefix it was meant for. Plan validation refuses bad names first; this catches whatever slips past
// (a hand-edited plan or manifest, a new code path), before a file system or S3 call is made.
import path from 'node:path';
import { JobError, printable } from '../plan/index.ts';

const shown = (parts: readonly string[]) => parts.map((p) => `'${printable(p)}'`).join(', ');

/** A part's segments, splitting on both separators: `a\..\b` must not pass as one name on any system. */
const segments = (part: string) => part.split(/[/\\]/);

function refuse(where: string, parts: readonly string[], why: string): JobError {
  return new JobError('runtime', `refusing the path ${shown(parts)} under ${printable(where)}: ${why}`, { file: where });
}

/**
 * `root` joined with `parts`, normalised without touching the disk (no symlink is followed). Throws when
 * a part is empty, absolute, holds NUL or a `..` segment, or when the result is not strictly below root.
 */
export function childPath(root: string, ...parts: string[]): string {
  if (root === '') throw refuse('(empty root)', parts, 'the root folder is empty');
  if (parts.length === 0) throw refuse(root, parts, 'a path below the folder is required, not the folder itself');
  for (const p of parts) {
    if (p === '') throw refuse(root, parts, 'a part is empty');
    if (p.includes('\0')) throw refuse(root, parts, 'a part holds NUL');
    if (path.isAbsolute(p) || path.win32.isAbsolute(p)) throw refuse(root, parts, `'${printable(p)}' is absolute`);
    if (segments(p).includes('..')) throw refuse(root, parts, `'${printable(p)}' climbs out with '..'`);
  }
  const base = path.resolve(root);
  const full = path.resolve(base, ...parts);
  const rel = path.relative(base, full);
  if (rel === '') throw refuse(root, parts, 'it names the folder itself, not something inside it');
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) throw refuse(root, parts, 'it resolves outside the folder');
  return full;
}

/**
 * The S3 key `prefix/part/...`. S3 keeps `..` and empty segments literally, but Hadoop and Spark normalise
 * paths, so `runs/1/..` would be written (and overwritten) as `runs/`: such segments are refused in the
 * prefix and the parts. An empty prefix is the bucket's root; the prefix's outer slashes are ignored.
 */
export function childKey(prefix: string, ...parts: string[]): string {
  const base = prefix.replace(/^\/+|\/+$/g, '');
  if (parts.length === 0) throw refuse(`key prefix '${base}'`, parts, 'a key below the prefix is required, not the prefix itself');
  const all = [...(base === '' ? [] : [base]), ...parts];
  for (const p of all) {
    for (const s of p.split('/')) {
      if (s === '') throw refuse(`key prefix '${printable(base)}'`, parts, `'${printable(p)}' has an empty segment (a leading, trailing or double '/')`);
      if (s === '.' || s === '..') throw refuse(`key prefix '${printable(base)}'`, parts, `'${printable(p)}' has a '${s}' segment`);
      if (/\p{Cc}/u.test(s)) throw refuse(`key prefix '${printable(base)}'`, parts, `'${printable(p)}' holds a control character`);
    }
  }
  return all.join('/');
}
