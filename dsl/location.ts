// Finds the job-file line that called into the DSL, so every plan node can cite it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UNKNOWN_LOC, type SourceLoc } from '../plan/index.ts';

const DSL_DIR = path.dirname(fileURLToPath(import.meta.url));
const FRAME = /\(?((?:file:\/\/)?[^()\s]+):(\d+):(\d+)\)?$/;

/** The first stack frame outside dsl/ (and its subfolders) and node internals, relative to the working directory. */
export function callerLocation(): SourceLoc {
  const stack = new Error().stack?.split('\n').slice(1) ?? [];
  for (const frame of stack) {
    const m = FRAME.exec(frame.trim());
    if (!m) continue;
    let file = m[1];
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (file.startsWith('node:') || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    if (file.startsWith(DSL_DIR + path.sep)) continue;
    const rel = path.relative(process.cwd(), file);
    return Object.freeze({ file: rel.startsWith('..') ? file : rel.split(path.sep).join('/'), line: Number(m[2]), column: Number(m[3]) });
  }
  return UNKNOWN_LOC;
}
