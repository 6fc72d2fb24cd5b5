// Writes a case's tables as CSV input files: the exact tables, and the view Pig has of them.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { csvText, pigView, type TableSpec } from '../../harness/arbitraries/index.ts';

export interface CaseInputs {
  /** Input name -> path of the table as generated. */
  readonly exact: Record<string, string>;
  /** Input name -> path of the table as Pig reads it (`""` as null): the reference for Pig runs. */
  readonly pigView: Record<string, string>;
}

export function writeCaseInputs(dir: string, tables: readonly TableSpec[]): CaseInputs {
  mkdirSync(dir, { recursive: true });
  const exact: Record<string, string> = {};
  const view: Record<string, string> = {};
  for (const t of tables) {
    exact[t.input] = path.join(dir, `${t.input}.csv`);
    view[t.input] = path.join(dir, `${t.input}.pig-view.csv`);
    writeFileSync(exact[t.input], csvText(t));
    writeFileSync(view[t.input], csvText(pigView(t)));
  }
  return { exact, pigView: view };
}
