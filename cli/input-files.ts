// What one input reads: the files, folders and globs given for it (`--local a b`, `--input logs=dir/*.gz`,
// repeated) resolved to one sorted list of files, as Hadoop's FileInputFormat lists them: folders
// recursively, names starting with `_` or `.` (`_SUCCESS`, `.crc`) skipped at every level.
import { statSync } from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { JobError } from '../plan/index.ts';
import { isHiddenName, walkFolder } from '../runtime/input-folder.ts';
import { sniffCompression } from '../runtime/readers/compression-sniffer.ts';

export { isHiddenName, walkFolder };

export interface InputPart {
  /** The file as the user's path names it (relative stays relative: rejects and errors cite it so). */
  readonly file: string;
  /**
   * `/`-separated path under the input's folder when the input is staged as one folder (S3, or the local
   * engines): never a hidden name, and `.gz` added to a gzip file named otherwise (Hadoop picks the codec by
   * the name).
   */
  readonly key: string;
}

export interface ResolvedInput {
  /** The paths as given, joined by `, ` (the run summary and errors show it). */
  readonly shown: string;
  /** Every file the input reads, sorted by absolute path (code units), each once. */
  readonly parts: readonly InputPart[];
  /** The one path given, when it is a folder: the engines may read that folder itself. */
  readonly folder?: string;
}

const inputError = (name: string, what: string, file: string) => new JobError('input', `${what} (input '${name}')`, { file });

/** The files one given path stands for, with keys relative to it (a file: its name; a glob: its fixed base). */
function expandOne(name: string, given: string): InputPart[] {
  const st = statSync(given, { throwIfNoEntry: false });
  if (st?.isFile()) return [{ file: given, key: path.basename(given) }];
  if (st?.isDirectory()) {
    const rels = walkFolder(given);
    if (rels.length === 0) throw inputError(name, 'no file in this folder (names starting with _ or . are skipped, as Hadoop does)', given);
    return rels.map((r) => ({ file: path.join(given, r), key: r }));
  }
  if (st) throw inputError(name, 'not a file or folder', given);
  if (!isDynamicPattern(given)) throw inputError(name, 'no such file or folder', given);
  const matches = globSync(given, { onlyFiles: false, dot: false, expandDirectories: false, absolute: true });
  const fixed = staticBase(given);
  const parts: InputPart[] = [];
  for (const m of matches.sort()) {
    if (path.relative(fixed, m).split(path.sep).some(isHiddenName)) continue;
    const file = path.isAbsolute(given) ? m : path.relative('.', m);
    const mst = statSync(m, { throwIfNoEntry: false });
    if (mst?.isDirectory()) parts.push(...walkFolder(m).map((r) => ({ file: path.join(file, r), key: '' })));
    else if (mst?.isFile()) parts.push({ file, key: '' });
  }
  if (parts.length === 0) throw inputError(name, 'the glob matches no file (names starting with _ or . are skipped)', given);
  const base = commonFolder(parts.map((p) => path.resolve(p.file)));
  return parts.map((p) => ({ file: p.file, key: path.relative(base, path.resolve(p.file)).split(path.sep).join('/') }));
}

/** The folder a glob's wildcards start under (`logs/2015/*.gz` -> `logs/2015`), absolute. */
function staticBase(glob: string): string {
  const segs = glob.split(/[\\/]/);
  const first = segs.findIndex((s) => isDynamicPattern(s));
  return path.resolve(segs.slice(0, first < 0 ? segs.length : first).join('/') || '.');
}

function commonFolder(files: readonly string[]): string {
  let base = path.dirname(files[0]);
  while (!files.every((f) => f.startsWith(base.endsWith(path.sep) ? base : base + path.sep))) base = path.dirname(base);
  return base;
}

/**
 * Resolves the paths given for input `name` (files, folders, globs) to its sorted parts. With more than one
 * path, each path's keys go under `<n>/` so that two files of the same name stay apart when staged.
 */
export function resolveInput(name: string, given: readonly string[]): ResolvedInput {
  const seen = new Set<string>();
  const parts: (InputPart & { abs: string })[] = [];
  given.forEach((g, i) => {
    if (g.trim() === '') throw new JobError('input', `empty path (input '${name}')`);
    for (const p of expandOne(name, g)) {
      const abs = path.resolve(p.file);
      if (seen.has(abs)) continue;
      seen.add(abs);
      parts.push({ ...p, abs, key: engineKey(p.file, given.length > 1 ? `${i}/${p.key}` : p.key) });
    }
  });
  parts.sort((a, b) => (a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : 0));
  const one = given.length === 1 && statSync(given[0], { throwIfNoEntry: false })?.isDirectory();
  return { shown: given.join(', '), parts: parts.map(({ file, key }) => ({ file, key })), ...(one ? { folder: given[0] } : {}) };
}

function engineKey(file: string, key: string): string {
  const shown = key.split('/').map((s) => (isHiddenName(s) ? `file-${s}` : s)).join('/');
  // Hadoop picks a codec by the name: a gzip file gets `.gz`, a plain file named `.gz` loses the codec suffix.
  const gzip = sniffCompression(file) === 'gzip';
  if (gzip === shown.endsWith('.gz')) return shown;
  return gzip ? `${shown}.gz` : `${shown}.txt`;
}

/** The files of a resolved input, in reading order. */
export const partFiles = (r: ResolvedInput): string[] => r.parts.map((p) => p.file);
