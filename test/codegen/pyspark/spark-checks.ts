// The Spark suite's data-quality check cases: registered by spark-run.test.ts, whose one Spark session runs
// them with its other cases. Each case's results folder, gathered as `emr-jobs run --engine spark` gathers
// it, must equal the runtime's _checks.json byte for byte; a failed error check must stop the script with
// the runtime's message, raised under the failed check's citation (what an EMR step's diagnosis shows).
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectChecks } from '../../../cli/part-file-collector.ts';
import { citationNear } from '../../../emr/job-citation.ts';
import { extractError } from '../../../emr/log-errors.ts';
import { CHECKS_FILE, ChecksFailedError, planChecks, sinks, type CheckResult } from '../../../plan/index.ts';
import { runPlan } from '../../../runtime/index.ts';
import type { SparkCaseResult } from '../../harness/spark-harness.ts';
import type { CheckCase } from './cases/checks-case.ts';

export function describeSparkChecks(cases: readonly CheckCase[], resultOf: (name: string) => SparkCaseResult, work: string): void {
  describe('data-quality checks on Spark give the runtime\'s results', () => {
    const runtime = new Map<string, { file: string; checks: CheckResult[] }>();
    const runtimeOf = async (c: CheckCase) => {
      if (!runtime.has(c.name)) {
        const outDir = path.join(work, 'runtime-checks', c.name);
        const r = await runPlan(c.plan, c.inputs, { outDir, previousRows: c.previousRows, failOnChecks: false });
        runtime.set(c.name, { file: readFileSync(path.join(outDir, CHECKS_FILE), 'utf8'), checks: r.checks });
      }
      return runtime.get(c.name)!;
    };

    for (const c of cases) {
      it(`${c.name}: the gathered _checks.json is the runtime's, byte for byte`, async () => {
        const spark = resultOf(c.name);
        const gathered = path.join(work, 'gathered-checks', c.name);
        mkdirSync(gathered, { recursive: true });
        const doc = collectChecks(path.join(spark.dir, 'out', CHECKS_FILE), path.join(gathered, CHECKS_FILE));
        expect(doc, spark.error).not.toBeNull();
        const expected = await runtimeOf(c);
        expect(doc!.checks.map((r) => [r.name, r.status])).toEqual(expected.checks.map((r) => [r.name, r.status]));
        expect(readFileSync(path.join(gathered, CHECKS_FILE), 'utf8')).toBe(expected.file);
        expect(expected.checks.some((r) => r.severity === 'error' && r.status === 'fail')).toBe(c.fails);
      });

      it(c.fails ? `${c.name}: stops with the runtime's message, raised under the check's citation` : `${c.name}: runs, and writes its outputs`, async () => {
        const spark = resultOf(c.name);
        if (!c.fails) {
          expect(spark.error ?? '').toBe('');
          const { checks } = await runtimeOf(c);
          expect(Object.values(spark.outputs).every((rows) => rows.length > 0)).toBe(true);
          expect(checks.length).toBe(planChecks(c.plan).length);
          return;
        }
        const { checks } = await runtimeOf(c);
        const message = new ChecksFailedError(checks, null).message;
        expect(spark.ok).toBe(false);
        expect(spark.error).toContain(`ChecksFailed: ${message}\n`);
        // Checks come before the outputs: none is written when an error check fails.
        for (const s of sinks(c.plan)) expect(existsSync(path.join(spark.dir, 'out', s.output)), s.output).toBe(false);
        // The exception's class is printed with its module's name when the script is not __main__.
        const error = extractError(spark.error!, 'job.py');
        expect(error?.message.replace(/^\w+\.(?=ChecksFailed:)/, '')).toBe(`ChecksFailed: ${message}`);
        const first = planChecks(c.plan).find((d) => d.name === checks.find((r) => r.severity === 'error' && r.status === 'fail')!.name)!;
        expect(citationNear(spark.script, error!.scriptLine!)).toMatchObject({ file: first.loc.file, line: first.loc.line });
      });
    }
  });
}
