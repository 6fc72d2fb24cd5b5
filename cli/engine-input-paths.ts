// Input paths as Pig and Spark need them: one file or one folder (the scripts read a folder recursively,
// skipping hidden names, as on S3). A folder given as is goes as is; other many-file inputs (globs, lists)
// are linked (or copied, across file systems) into one folder under the work folder. Hadoop picks a codec
// by the file name, so a gzip file not named `.gz` is linked under a `.gz` name (its part key).
import { copyFileSync, linkSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { isHiddenName, type ResolvedInput } from './input-files.ts';

export function engineInputPath(name: string, input: ResolvedInput, work: string): string {
  const { parts, folder } = input;
  if (folder !== undefined && !isHiddenName(path.basename(path.resolve(folder))) && parts.every((p) => path.join(folder, p.key) === p.file)) return path.resolve(folder);
  if (folder === undefined && parts.length === 1 && path.basename(parts[0].file) === parts[0].key) return path.resolve(parts[0].file);
  const dir = path.join(work, 'inputs', name);
  for (const p of parts) {
    const named = path.join(dir, ...p.key.split('/'));
    mkdirSync(path.dirname(named), { recursive: true });
    try {
      linkSync(p.file, named);
    } catch {
      copyFileSync(p.file, named);
    }
  }
  return folder === undefined && parts.length === 1 ? path.join(dir, parts[0].key) : dir;
}
