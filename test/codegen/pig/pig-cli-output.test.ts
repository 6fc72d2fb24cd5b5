// The output layout of generated Pig scripts: part files hold RFC 4180 rows without a header, partitioned
// outputs are MultiStorage folders `col=value/`, and the CLI's collector (`emr-jobs run --engine pig`)
// turns them into files byte for byte equal to what the local runtime writes.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runOnEngine } from '../../../cli/engine-job-runner.ts';
import { count, job, sum } from '../../../dsl/index.ts';
import { runPlan } from '../../../runtime/index.ts';
import { tempInput } from './support/pig-vs-runtime.ts';
import { valueTableCsv, VALUE_COLUMNS, VALUE_CSV } from './support/value-table.ts';

const plan = job('pig-layout', 'outputs in every layout, with column names that need quoting', (j) => {
  const v = j.csv('vals', VALUE_COLUMNS, VALUE_CSV);
  v.select((r) => ({ 'a,b': r.id, 'say "hi"': r.s, group: r.d, 'when ts': r.ts, day: r.dt, flag: r.b })).orderBy('a,b').writeCsv('quoted_header');
  v.groupBy('t').agg((r) => ({ n: count(), total: sum(r.l) })).writeCsv('by_t', { partitionBy: 't' });
  j.accessLog('logs').groupBy('status').agg(() => ({ hits: count() })).orderBy('status').writeCsv('statuses');
});

/** Every file under dir, relative path -> content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const full = path.join(d, f);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

let pigFiles: Record<string, string>;
let runtimeFiles: Record<string, string>;
let pigRejects: Record<string, string>;
let runtimeRejects: Record<string, string>;

const isRejects = (f: string) => f.startsWith('_rejects');
/** Reason word and text of each rejects file line (the engines know no line numbers nor details). */
const reasonAndText = (text: string) =>
  text.trimEnd().split('\n').map((l) => {
    const [, why, raw] = l.split('\t');
    return `${why.split(':')[0]}\t${raw}`;
  }).sort();

beforeAll(async () => {
  const inputs = { vals: tempInput('vals.csv', valueTableCsv()), logs: '../shared/data/access_logs/apache_logs' };
  const pigDir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-pig-layout-'));
  const rtDir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-rt-layout-'));
  await runOnEngine(plan.plan(), 'pig', inputs, pigDir);
  await runPlan(plan.plan(), inputs, { outDir: rtDir });
  pigFiles = Object.fromEntries(Object.entries(tree(pigDir)).filter(([f]) => !isRejects(f)));
  runtimeFiles = Object.fromEntries(Object.entries(tree(rtDir)).filter(([f]) => !isRejects(f)));
  pigRejects = Object.fromEntries(Object.entries(tree(pigDir)).filter(([f]) => isRejects(f)));
  runtimeRejects = Object.fromEntries(Object.entries(tree(rtDir)).filter(([f]) => isRejects(f)));
}, 600_000);

describe('Pig output gathered by the CLI', () => {
  it('gives the same files as the runtime, byte for byte', () => {
    expect(Object.keys(pigFiles)).toEqual(Object.keys(runtimeFiles));
    for (const f of Object.keys(runtimeFiles)) expect(pigFiles[f], f).toBe(runtimeFiles[f]);
  });

  it("writes each input's rejects as the runtime does, but for line numbers", () => {
    expect(Object.keys(pigRejects)).toEqual(Object.keys(runtimeRejects));
    for (const f of Object.keys(runtimeRejects)) expect(reasonAndText(pigRejects[f]), f).toEqual(reasonAndText(runtimeRejects[f]));
    expect(Object.keys(pigRejects)).toContain(path.join('_rejects', 'logs.rejects'));
  });

  it('has a header with the plan’s real column names, quoted where needed', () => {
    expect(pigFiles['quoted_header.csv'].split('\n')[0]).toBe('"a,b","say ""hi""",group,when ts,day,flag');
  });

  it('writes one folder per partition value, Hive-escaped, null in the default partition', () => {
    const dirs = [...new Set(Object.keys(pigFiles).filter((f) => f.startsWith('by_t/')).map((f) => f.split(path.sep)[1]))];
    expect(dirs).toEqual(expect.arrayContaining(['t=%2F', 't=$x', 't=__HIVE_DEFAULT_PARTITION__', 't=😀']));
  });
});
