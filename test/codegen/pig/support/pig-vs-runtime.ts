// Test support: runs plans on real Pig (one JVM per batch, through the Pig harness) and on the local
// runtime, and compares their outputs per output; a select keyed by an `id` column is compared column by
// column so that a failure names the expressions that differ.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { executePlan, tableToRows } from '../../../../runtime/index.ts';
import { sinks, type Plan } from '../../../../plan/index.ts';
import { compareCase } from '../../../harness/compare.ts';
import { runPigCasesSettled, type CaseRows, type PigCase, type SettledCase } from '../../../harness/pig-harness.ts';

export interface BothResult {
  readonly pig: SettledCase;
  readonly runtime: CaseRows;
}

export async function runtimeRows(c: PigCase): Promise<CaseRows> {
  const { tables } = await executePlan(c.plan, c.inputs, { params: c.params });
  return Object.fromEntries(sinks(c.plan).map((s) => [s.output, tableToRows(tables[s.output])]));
}

/** Every case on Pig (one batch) and on the runtime. */
export async function runBoth(cases: readonly PigCase[]): Promise<BothResult[]> {
  const pig = await runPigCasesSettled(cases);
  return Promise.all(cases.map(async (c, i) => ({ pig: pig[i], runtime: await runtimeRows(c) })));
}

/** '' when Pig and the runtime agree on every output (the compare harness's rules), else the differences. */
export function differences(plan: Plan, r: BothResult): string {
  if (!r.pig.ok) return `Pig failed: ${r.pig.error}`;
  const c = compareCase(plan, r.pig.outputs, r.runtime, { labels: ['pig', 'runtime'] });
  return c.equal ? '' : c.diff;
}

const sameNumber = (a: string, b: string) => {
  const x = Number(a);
  const y = Number(b);
  return (Number.isNaN(x) && Number.isNaN(y)) || x === y || Math.abs(x - y) <= 1e-12 * Math.max(Math.abs(x), Math.abs(y));
};

/**
 * For an output whose first column is a unique id: the columns whose values differ, each with its rows
 * (id, pig, runtime). Doubles written differently but equal in value agree.
 */
export function columnDifferences(plan: Plan, output: string, r: BothResult): string[] {
  if (!r.pig.ok) return [`Pig failed: ${r.pig.error}`];
  const sink = sinks(plan).find((s) => s.output === output)!;
  const byId = (rows: (string | null)[][]) => new Map(rows.map((row) => [row[0], row]));
  const pig = byId(r.pig.outputs[output]);
  const rt = byId(r.runtime[output]);
  if (pig.size !== rt.size) return [`row counts differ: pig ${pig.size}, runtime ${rt.size}`];
  const out: string[] = [];
  sink.schema.forEach((f, c) => {
    const bad: string[] = [];
    for (const [id, row] of rt) {
      const a = pig.get(id)?.[c];
      const b = row[c];
      const same = a === b || (f.type === 'double' && a != null && b != null && sameNumber(a, b));
      if (!same) bad.push(`id ${id}: pig ${JSON.stringify(a)} runtime ${JSON.stringify(b)}`);
    }
    if (bad.length) out.push(`${f.name}: ${bad.join('; ')}`);
  });
  return out;
}

/** A temporary file holding `text` (UTF-8), for plan inputs. */
export function tempInput(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-pig-test-'));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}
