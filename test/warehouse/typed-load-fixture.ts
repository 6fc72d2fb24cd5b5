// The typed-load pipeline (fixtures/typed-load.ts) copied into an ESM folder of a temp dir, as job files
// outside jobs/ are loaded, its DSL import pointing at the toolkit's sources.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DSL, esmDir } from '../cli/job-file-fixture.ts';

export const ROWS = path.join(import.meta.dirname, 'fixtures', 'typed-rows.csv');

/** Writes `dir/esm/typed-load.ts`; returns its path. */
export function typedLoadPipeline(dir: string): string {
  esmDir(dir);
  const text = readFileSync(path.join(import.meta.dirname, 'fixtures', 'typed-load.ts'), 'utf8').replace("'../../../dsl/index.ts'", JSON.stringify(DSL));
  const file = path.join(dir, 'esm', 'typed-load.ts');
  writeFileSync(file, text);
  return file;
}
