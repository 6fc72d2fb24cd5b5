// The whole script around the compiled statements: header, imports, session settings, helpers, run() and
// the main(argv=None, spark=None) entry point that engines/spark_batch.py and spark-submit both call.
import { inputNames, PARAM_TEXT_FORM, paramValueText, planChecks, planHash, planParams, sinks, sources, type ParamDecl, type Plan, type SinkFormat } from '../../plan/index.ts';
import { rejectsInputs, rejectsParam } from '../common/rejects-param.ts';
import { checkArguments, checkUsage } from './check-compiler.ts';
import type { CompileContext } from './compile-context.ts';
import { commentText, helpText, printExpr, printStmts, pyString } from './py-printer.ts';
import { helperClosure, HELPERS } from './script-helpers.ts';
import type { PyStmt } from './py-ast.ts';

/**
 * Settings the plan's meaning depends on, set for the job's duration and then restored (a shared session
 * may hold other values): UTC, non-ANSI arithmetic (null for a zero divisor, wrapping overflow, null past
 * an array's end), exact column names, Spark 3's datetime parser without the legacy-fallback error, and case
 * conversions applied as written.
 */
export const SESSION_CONF: readonly (readonly [string, string])[] = [
  ['spark.sql.session.timeZone', 'UTC'],
  ['spark.sql.ansi.enabled', 'false'],
  ['spark.sql.caseSensitive', 'true'],
  ['spark.sql.legacy.timeParserPolicy', 'CORRECTED'],
  // upper(lower(x)) is not upper(x) where lowering changes length ('İ' lowers to 'i' + U+0307).
  ['spark.sql.optimizer.excludedRules', 'org.apache.spark.sql.catalyst.optimizer.SimplifyCaseConversionExpressions'],
];

const describeSource = (p: Plan, input: string): string => {
  const s = sources(p).find((x) => x.input === input)!;
  const kinds: Partial<Record<string, string>> = { csv: 'CSV file or directory', jsonl: 'JSON lines', text: 'text lines', cloudtrail: 'CloudTrail logs', parquet: 'Parquet file or directory' };
  return kinds[s.format.kind] ?? `${s.format.kind} access log`;
};

/** A run-time parameter's flag: its text as given (emr-jobs checks it against the type), or the default's. */
function paramArgument(p: ParamDecl): string {
  const required = p.default === null ? 'required=True' : `default=${pyString(paramValueText(p.type, p.default))}`;
  return `    parser.add_argument(${pyString(`--${p.name}`)}, dest=${pyString(p.name)}, ${required}, metavar="VALUE", type=_param_text, help=${helpText(`parameter '${p.name}' (${p.type}): ${PARAM_TEXT_FORM[p.type]}`)})`;
}

/**
 * argparse before Python 3.12 drops a value that is exactly `--` (`--name=--` parses as no value): such a
 * parameter value is marked with a trailing NUL, which argv never holds, and `_param_text` removes it.
 */
const PARAM_TEXT_FN = [
  'def _param_text(text):',
  '    # A parameter value as given: without the NUL that main() adds to a value of exactly "--".',
  '    return text[:-1] if text.endswith("\\0") else text',
];

function paramArgvLines(plan: Plan): string[] {
  const params = planParams(plan);
  if (!params.length) return [];
  const dashes = params.map((p) => pyString(`--${p.name}=--`)).join(', ');
  return [
    `    argv = [a + "\\0" if a in (${dashes},) else a for a in (sys.argv[1:] if argv is None else argv)]`,
  ];
}

function mainFunction(plan: Plan): string[] {
  const args = [
    ...inputNames(plan).map((i) => [i, `input '${i}': ${describeSource(plan, i)}`]),
    ...sinks(plan).map((s) => [s.output, `output '${s.output}': directory of ${FORMAT_NAMES[s.format]} part files`]),
  ];
  return [
    'def main(argv=None, spark=None):',
    `    parser = argparse.ArgumentParser(prog=${pyString(plan.job)}, allow_abbrev=False)`,
    ...args.map(([n, help]) =>
      `    parser.add_argument(${pyString(`--${n}`)}, dest=${pyString(n)}, required=True, metavar="PATH", help=${helpText(help)})`,
    ),
    ...rejectsInputs(plan, 'spark').map(
      (i) =>
        `    parser.add_argument(${pyString(`--${rejectsParam(i)}`)}, dest=${pyString(rejectsParam(i))}, default=None, metavar="PATH", ` +
        `help=${helpText(`rejected lines of input '${i}': a directory of text part files (<reason> TAB <line>); optional`)})`,
    ),
    ...planParams(plan).map(paramArgument),
    ...checkArguments(plan),
    ...paramArgvLines(plan),
    '    paths = vars(parser.parse_args(argv))',
    '    own_session = spark is None',
    '    if own_session:',
    `        spark = SparkSession.builder.appName(${pyString(plan.job)}).config(map=SESSION_CONF).getOrCreate()`,
    '    saved = {key: spark.conf.get(key, None) for key in SESSION_CONF}',
    '    try:',
    '        for key, value in SESSION_CONF.items():',
    '            spark.conf.set(key, value)',
    '        run(spark, paths)',
    '    finally:',
    '        for key, value in saved.items():',
    '            if value is None:',
    '                spark.conf.unset(key)',
    '            else:',
    '                spark.conf.set(key, value)',
    '        if own_session:',
    '            spark.stop()',
  ];
}

const FORMAT_NAMES: Record<SinkFormat, string> = { csv: 'CSV', 'csv-noheader': 'CSV (no header)', tsv: 'TSV', jsonl: 'JSON lines', parquet: 'Parquet' };

export function printScript(plan: Plan, body: readonly PyStmt[], ctx: CompileContext): string {
  const helpers = helperClosure(ctx.helpers);
  const lines = [
    `# ${commentText(`${plan.job}: ${plan.description}`)}`,
    `# plan sha256: ${planHash(plan)}`,
    '# generated by emr-jobs codegen/pyspark (toPySpark) from the plan above; regenerate it rather than edit it.',
    '# Run: spark-submit <this file> ' +
      [...inputNames(plan), ...sinks(plan).map((s) => s.output)].map((n) => commentText(`--${n} PATH`)).join(' ') +
      rejectsInputs(plan, 'spark').map((i) => commentText(` [--${rejectsParam(i)} PATH]`)).join('') +
      planParams(plan).map((p) => commentText(p.default === null ? ` --${p.name}=VALUE` : ` [--${p.name}=VALUE]`)).join('') +
      checkUsage(plan),
    'import argparse',
    ...(planChecks(plan).length ? ['import json'] : []),
    ...(planParams(plan).length ? ['import sys'] : []),
    '',
    'from pyspark.sql import SparkSession',
    'from pyspark.sql import functions as F',
    'from pyspark.sql import types as T',
    '',
    '# The plan means these session settings; main() sets them for the job and restores them after.',
    'SESSION_CONF = {',
    ...SESSION_CONF.map(([k, v]) => `    ${pyString(k)}: ${pyString(v)},`),
    '}',
    ...helpers.flatMap((h) => ['', '', HELPERS[h].code.replace(/^\n/, '')]),
    ...[...ctx.preludes.values()].flatMap((code) => ['', '', code]),
    ...[...ctx.constants].flatMap(([n, v]) => ['', '', `${n} = ${printExpr(v, 0, n.length + 3)}`]),
    ...(planParams(plan).length ? ['', '', ...PARAM_TEXT_FN] : []),
    '',
    '',
    'def run(spark, paths):',
    ...printStmts(body, 1),
    '',
    '',
    ...mainFunction(plan),
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ];
  return lines.join('\n');
}
