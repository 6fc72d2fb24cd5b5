// Job files written on the fly for the CLI error tests, and where in them an error should point.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli-harness.ts';

export const DSL = path.join(ROOT, 'dsl', 'index.ts');

export interface JobFile {
  readonly file: string;
  /** 1-based line and column of the marker's first occurrence. */
  readonly line: number;
  readonly column: number;
}

/** Makes `dir/esm`, an ESM package as jobs/ is: a job file there runs from its own path, so the DSL can cite its line. */
export function esmDir(dir: string): void {
  mkdirSync(path.join(dir, 'esm'), { recursive: true });
  writeFileSync(path.join(dir, 'esm', 'package.json'), '{ "type": "module" }\n');
}

/** Writes `dir/name.ts` importing `imports` from the DSL, then `body`; returns where `marker` first occurs. */
export function writeJobFile(dir: string, name: string, body: readonly string[], marker: string, imports = 'count, job'): JobFile {
  const text = [`import { ${imports} } from ${JSON.stringify(DSL)};`, '', ...body, ''].join('\n');
  const file = path.join(dir, `${name}.ts`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(marker));
  if (line < 0) throw new Error(`marker ${marker} is not in ${name}`);
  return { file, line: line + 1, column: lines[line].indexOf(marker) + 1 };
}

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
