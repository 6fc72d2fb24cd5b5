// From a generated script's line back to the job: the compilers put a comment citing the DSL call
// (`-- jobs/top-pages.ts:7:6` in Pig, `# jobs/top-pages.ts:7:6` in Python) above the code it made.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface JobCitation {
  readonly file: string;
  readonly line: number;
  readonly column: number | null;
  /** The text of that line in the job file, when the file is readable from here. */
  readonly source: string | null;
}

const COMMENT = /^\s*(?:--|#|\/\*|\*|\/\/)/;
const CITE = /([\w@.\-/\\]+\.(?:ts|mts|js|mjs)):(\d+)(?::(\d+))?/;

/** How far above (and then below) the failing line a citation may be. */
const LOOK_UP = 40;
const LOOK_DOWN = 3;

/** The nearest citation to 1-based `scriptLine`, preferring comments above it (the statement's own). */
export function citationNear(script: string, scriptLine: number, root = process.cwd()): JobCitation | null {
  const lines = script.split(/\r?\n/);
  const at = (i: number) => {
    const text = lines[i];
    if (text === undefined) return null;
    const m = CITE.exec(text);
    if (!m || (!COMMENT.test(text) && !/(?:--|#)\s*\S*\.(?:ts|mts|js|mjs):\d+/.test(text))) return null;
    const line = Number(m[2]);
    return { file: m[1], line, column: m[3] ? Number(m[3]) : null, source: jobLine(m[1], line, root) };
  };
  const idx = scriptLine - 1;
  for (let i = idx; i >= Math.max(0, idx - LOOK_UP); i--) {
    const c = at(i);
    if (c) return c;
  }
  for (let i = idx + 1; i <= Math.min(lines.length - 1, idx + LOOK_DOWN); i++) {
    const c = at(i);
    if (c) return c;
  }
  return null;
}

/** A job file's line, trimmed; null when the file is not there (a bundle built elsewhere). */
export function jobLine(file: string, line: number, root: string): string | null {
  const p = path.isAbsolute(file) ? file : path.join(root, file);
  if (!existsSync(p)) return null;
  const text = readFileSync(p, 'utf8').split(/\r?\n/)[line - 1];
  return text === undefined ? null : text.trim();
}
