// Input paths as Pig and Spark need them: Hadoop picks a codec by the file name, so a gzip file not named
// `.gz` would be read as bytes; it is linked (or copied, across file systems) under a `.gz` name instead.
import { copyFileSync, linkSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { sniffCompression } from '../runtime/readers/compression-sniffer.ts';

export function engineInputPath(name: string, file: string, work: string): string {
  const abs = path.resolve(file);
  if (abs.endsWith('.gz') || sniffCompression(abs) !== 'gzip') return abs;
  const dir = path.join(work, 'inputs', name);
  mkdirSync(dir, { recursive: true });
  const named = path.join(dir, `${path.basename(abs)}.gz`);
  try {
    linkSync(abs, named);
  } catch {
    copyFileSync(abs, named);
  }
  return named;
}
