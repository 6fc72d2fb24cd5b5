// The size guard of crossJoin fails the run on every engine with the same message naming the job line:
// the runtime before any output, Pig through ASSERT (its task error carries the message), Spark by raising
// before the product is built. Just under the guard, all three give the whole product.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rejectsArgs, toPig } from '../../codegen/pig/index.ts';
import { job } from '../../dsl/index.ts';
import { runPig } from '../../engines/pig-runner.ts';
import { crossGuardMessage, JobError, type CrossNode, type Plan, type SinkNode } from '../../plan/index.ts';
import { executePlan } from '../../runtime/index.ts';
import { readPigOutput } from '../harness/pig-harness.ts';
import { runSparkCasesDetailed } from '../harness/spark-harness.ts';

const work = mkdtempSync(path.join(tmpdir(), 'emr-jobs-cross-guard-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const inputs = { days: path.join(work, 'days.csv'), hosts: path.join(work, 'hosts.csv') };
writeFileSync(inputs.days, 'day\n2015-05-17\n2015-05-18\n2015-05-19\n');
writeFileSync(inputs.hosts, 'host\na\nb\n');

const crossed = (maxRows: number): Plan =>
  job('cross-guard', 'days x hosts under a guard', (j) => {
    j.csv('days', { day: 'date' }).crossJoin(j.csv('hosts', { host: 'string' }), { maxRows }).writeCsv('out');
  }).plan();
const message = (p: Plan) => crossGuardMessage(p.nodes.find((n): n is CrossNode => n.kind === 'cross')!);

describe('crossJoin maxRows fails the run on every engine', () => {
  const over = crossed(5);
  const within = crossed(6);

  it('on the runtime, as a runtime error at the job line', async () => {
    const err = await executePlan(over, inputs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobError);
    expect((err as JobError).message).toContain(message(over));
    expect((await executePlan(within, inputs)).tables.out.numRows).toBe(6);
  });

  it('on Pig, through ASSERT', async () => {
    const run = async (p: Plan, name: string) => {
      const script = path.join(work, `${name}.pig`);
      writeFileSync(script, toPig(p));
      const out = path.join(work, `pig-${name}`);
      const params = { ...inputs, out, ...rejectsArgs(p, 'pig', (i) => path.join(work, `rejects-${name}`, i)) };
      const r = await runPig({ script, params, logLevel: 'WARN' });
      return { ...r, out };
    };
    const failed = await run(over, 'over');
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain(`Assertion violated: ${message(over)}`);
    const ok = await run(within, 'within');
    expect(ok.code).toBe(0);
    expect(readPigOutput(ok.out, within.nodes.find((n): n is SinkNode => n.kind === 'sink')!)).toHaveLength(6);
  }, 300_000);

  it('on Spark, raising before the product is built', async () => {
    const [failed, ok] = await runSparkCasesDetailed([over, within].map((plan) => ({ plan, inputs })));
    expect(failed.ok).toBe(false);
    expect(failed.error).toContain(message(over));
    expect(ok.ok).toBe(true);
    expect(ok.outputs.out).toHaveLength(6);
  }, 300_000);
});
