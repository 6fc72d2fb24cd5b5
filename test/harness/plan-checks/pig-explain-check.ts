// Pig's EXPLAIN of generated scripts, read for single-reducer work: a GROUP ALL whose rows are not combined
// on the map side (every row reaches one reducer), an ORDER that is no global (range-partitioned) sort, a
// top-n left as ORDER then LIMIT, and settings that pin parallelism (`PARALLEL 1`, `default_parallel`).
// EXPLAIN plans without running: the scripts of many jobs are explained in one JVM, on their own or ahead of
// a batch that runs them (test/conformance/support/pig-batch.ts). Aliases are plan node ids (`sort_4`,
// `aggregate_3__groups`), so each finding names its node and job line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PIG_SCRIPT_PARAM, pigParamArgs, rejectsArgs } from '../../../codegen/pig/index.ts';
import { needsPigLib, PIG_LIB_PARAM } from '../../../codegen/pig/pig-parquet.ts';
import { registeredPigLibJars } from '../../../codegen/pig/pig-lib.ts';
import { runPig } from '../../../engines/pig-runner.ts';
import { inputNames, nodeById, planParams, sinks, type AggFn, type ColumnType, type ParamValues, type Plan, type PlanNode } from '../../../plan/index.ts';
import { describeNode, type InherentSingleTask, type SingleTaskFinding } from './single-task.ts';

export interface PigExplainJob {
  /** The script's text. */
  readonly script: string;
  /** Its -param values (paths: EXPLAIN reads no data, the files need not exist). */
  readonly params: Readonly<Record<string, string>>;
}

const BANNER = '# New Logical Plan:';
const MR_PLAN = '# Map Reduce Plan';
const PLAIN_PARAM = /^[A-Za-z0-9_./:-]+$/;

/**
 * A value of each type that a Grunt `-param` carries as is: EXPLAIN reads no data, so a run-time parameter
 * only has to keep the script parseable (its text lands in a string literal, cast at run time).
 */
const PLACEHOLDER: { readonly [T in ColumnType]: string } = {
  string: 'x', int: '0', long: '0', double: '0', boolean: 'true', date: '2000-01-01', timestamp: '2000-01-01T00:00:00Z',
};

/**
 * The -param values EXPLAIN of a plan's (unprefixed) script needs: plain paths under `root` for inputs,
 * outputs and rejects, the script's own path, and each run-time parameter's value when it is plain text
 * (a placeholder of its type otherwise). `pigLib`: the folder of the jars it REGISTERs, as the explain line spells it.
 */
export function explainParams(plan: Plan, opts: { root: string; script: string; values?: ParamValues; pigLib?: string }): Record<string, string> {
  const typeOf = new Map(planParams(plan).map((d) => [d.name, d.type]));
  const runtime = Object.fromEntries(
    Object.entries(pigParamArgs(plan, opts.values ?? {})).map(([k, v]) => [k, PLAIN_PARAM.test(v) && !v.startsWith('-') ? v : PLACEHOLDER[typeOf.get(k)!]]),
  );
  return {
    ...Object.fromEntries(inputNames(plan).map((n) => [n, `${opts.root}/in/${n}`])),
    ...Object.fromEntries(sinks(plan).map((s) => [s.output, `${opts.root}/out/${s.output}`])),
    ...rejectsArgs(plan, 'pig', (i) => `${opts.root}/rejects/${i}`),
    [PIG_SCRIPT_PARAM]: opts.script,
    ...(opts.pigLib !== undefined && needsPigLib(plan) ? { [PIG_LIB_PARAM]: opts.pigLib } : {}),
    ...runtime,
  };
}

/** The Grunt statement that explains the script in `file` (params checked plain, or a `$param` of the enclosing script). */
export function explainStatement(file: string, params: Readonly<Record<string, string>>): string {
  const args = Object.entries(params).map(([k, v]) => {
    if (!PLAIN_PARAM.test(v) && !/^\$[A-Za-z_]\w*$/.test(v)) throw new Error(`EXPLAIN parameter ${k}: ${JSON.stringify(v)} is not a plain path`);
    return ` -param ${k}=${v}`;
  });
  return `explain -script ${file}${args.join('')};`;
}

/** The EXPLAIN texts Pig printed, in order; a text cut short (its script failed to plan) is left out. */
export function explainTexts(stdout: string): string[] {
  return stdout.split(BANNER).slice(1).map((p) => BANNER + p).filter((p) => p.includes(MR_PLAN));
}

/** EXPLAIN of every script, in one Pig JVM; one text (logical, physical and MapReduce plans) per script. */
export async function explainPigScripts(jobs: readonly PigExplainJob[]): Promise<string[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'emr-jobs-pig-explain-'));
  try {
    // The jars the scripts REGISTER, registered by the driver too, so the runner gives it their folder.
    const jars = [...new Set(jobs.flatMap((j) => registeredPigLibJars(j.script)))];
    const lib = `$${PIG_LIB_PARAM}`;
    const lines = jobs.map((j, i) => {
      const file = path.join(work, `job-${i}.pig`);
      writeFileSync(file, j.script);
      return explainStatement(file, registeredPigLibJars(j.script).length ? { ...j.params, [PIG_LIB_PARAM]: lib } : j.params);
    });
    const driver = path.join(work, 'explain.pig');
    writeFileSync(driver, `${[...jars.map((jar) => `REGISTER '${lib}/${jar}';`), ...lines].join('\n')}\n`);
    const res = await runPig({ script: driver, params: {}, cwd: work, jvmArgs: ['-XX:TieredStopAtLevel=1'] });
    if (res.code !== 0) throw new Error(`Pig EXPLAIN failed (exit ${res.code}):\n${res.stderr.split('\n').filter((l) => /ERROR/.test(l)).slice(0, 8).join('\n')}`);
    const parts = explainTexts(res.stdout);
    if (parts.length !== jobs.length) throw new Error(`Pig EXPLAIN printed ${parts.length} plans for ${jobs.length} scripts`);
    return parts;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface MrJob {
  readonly map: string;
  readonly combined: boolean;
  readonly reduce: string;
  readonly globalSort: boolean;
}

/** The MapReduce plan's jobs: map plan, whether a combiner runs, reduce plan, whether it is a global sort. */
export function mapReduceJobs(explain: string): MrJob[] {
  const mr = explain.split('# Map Reduce Plan')[1] ?? '';
  return mr.split(/^MapReduce node scope-\d+$/m).slice(1).map((text) => {
    const combineAt = text.indexOf('\nCombine Plan\n');
    const reduceAt = text.indexOf('\nReduce Plan\n');
    const mapEnd = combineAt >= 0 ? combineAt : reduceAt >= 0 ? reduceAt : text.length;
    return { map: text.slice(0, mapEnd), combined: combineAt >= 0, reduce: reduceAt >= 0 ? text.slice(reduceAt) : '', globalSort: /^Global sort: true$/m.test(text) };
  });
}

/**
 * The alias of a map plan's GROUP ALL (one reducer gets every key), or null: a Local Rearrange keyed on the
 * constant `all`, or, once a combiner runs (its key then comes from the Pre Combiner Local Rearrange), one of
 * the script's `GROUP ... ALL` aliases.
 */
function groupAllAlias(map: string, groupAlls: readonly string[]): string | null {
  const m = /^[|\s]*(\S+): Local Rearrange\[[^\n]*\n(?:[|\s]*\n)*[|\s]*Constant\(all\)/m.exec(map);
  return m ? m[1] : groupAlls.find((a) => map.includes(`${a}: Local Rearrange`)) ?? null;
}

/** The plan node an alias belongs to: `aggregate_3__groups` → aggregate_3. */
function nodeOfAlias(plan: Plan, alias: string): PlanNode | undefined {
  return nodeById(plan).get(alias.split('__')[0]);
}

/** Aggregates Pig computes from the ranks of the group's sorted bag (approxPercentile is exact on Pig). */
const RANKED: ReadonlySet<AggFn> = new Set(['percentile', 'approxPercentile']);

/** The COGROUP that makes the checks' results row (codegen/pig/pig-checks.ts), after any batch prefix. */
const CHECKS_SUMMARY_ALIAS = 'checks__all';

/** The single reducers of one script (its EXPLAIN and its text), named by plan node. */
export function pigExplainFindings(plan: Plan, script: string, explain: string): SingleTaskFinding[] {
  const found: SingleTaskFinding[] = [];
  const add = (operator: string, node: PlanNode | undefined, inherent: InherentSingleTask | null, why: string) =>
    found.push({ engine: 'pig', output: node?.kind === 'sink' ? node.output : null, operator, nodes: node ? [describeNode(node)] : [], inherent, why });
  script.split('\n').forEach((line, i) => {
    if (/^\s*SET\s+default_parallel\b/i.test(line)) add(`script line ${i + 1}: ${line.trim()}`, undefined, null, 'pins the number of reducers of every job');
    const parallel = /^\s*(\S+)\s*=.*\bPARALLEL\s+1\b/i.exec(line);
    if (parallel && parallel[1].endsWith(CHECKS_SUMMARY_ALIAS)) add(`script line ${i + 1}: ${line.trim().slice(0, 120)}`, undefined, 'checks summary', "the checks' one row: a count per checked relation and the failing rows (none on sound data)");
    else if (parallel) add(`script line ${i + 1}: ${line.trim().slice(0, 120)}`, nodeOfAlias(plan, parallel[1]), null, 'PARALLEL 1 gives the statement one reducer');
    // A top-n is a TopN over GROUP ALL (codegen/pig/pig-top-n.ts); Pig's ORDER then LIMIT would shuffle and sort every row.
    const limit = /^\s*(\S+)\s*=\s*LIMIT\b/i.exec(line);
    const limitNode = limit ? nodeById(plan).get(limit[1]) : undefined;
    if (limitNode?.kind === 'limit' && nodeById(plan).get(limitNode.input)?.kind === 'sort') {
      add(`script line ${i + 1}: ${line.trim().slice(0, 120)}`, limitNode, null, 'a top-n as ORDER then LIMIT: every row is shuffled and sorted to keep n (TopN keeps n rows per map)');
    }
  });
  const jobs = mapReduceJobs(explain);
  const groupAlls = script.split('\n').flatMap((l) => /^\s*(\S+)\s*=\s*GROUP\s+\S+\s+ALL\b/i.exec(l)?.[1] ?? []);
  // A skewed join's sampling job carries no alias: it is named by the plan's skewed joins.
  const skewed = plan.nodes.filter((n) => n.kind === 'join' && n.skew);
  for (const job of jobs) {
    if (/PoissonSampleLoader/.test(job.map) && /Constant\(all\)/.test(job.map)) {
      found.push({ engine: 'pig', output: null, operator: 'PoissonSampleLoader: Local Rearrange on Constant(all)', nodes: skewed.map(describeNode), inherent: 'join sample', why: "the skewed join's sampling job: a sample of the left side's keys reaches one reducer" });
      continue;
    }
    const alias = groupAllAlias(job.map, groupAlls);
    if (alias === null) continue;
    const node = nodeOfAlias(plan, alias);
    const operator = `${alias}: Local Rearrange on Constant(all)${job.combined ? ' with a Combine Plan' : ''}`;
    if (/RandomSampleLoader/.test(job.map)) add(operator, node, 'order sample', "ORDER's sampling job: a sample of the keys reaches one reducer");
    else if (job.combined && node?.kind === 'limit') add(operator, node, 'top-n', 'TopN keeps n rows per map and combiner: n rows per map reach one reducer');
    else if (job.combined) add(operator, node, 'global aggregate', 'the map side combines the rows: one partial result per map reaches one reducer');
    else if (node?.kind === 'window' && node.partitionBy.length === 0) add(operator, node, 'global window', 'the job asks for a window with no partition keys over all rows');
    // A global aggregate without a combiner is inherent only when it holds a percentile (or median): the
    // rank needs every value in one place (docs/codegen.md, "Scaling"). Variances and first/last read the
    // rows (combined passes, ORDER + LIMIT), so they never cost the combiner.
    else if (node?.kind === 'aggregate' && node.keys.length === 0 && node.aggs.some((a) => RANKED.has(a.fn))) add(operator, node, 'global bag aggregate', "every value of the aggregate's bag reaches one reducer: a percentile's rank");
    else add(operator, node, null, 'GROUP ALL without a combiner: every row reaches one reducer');
  }
  for (const sort of plan.nodes.filter((n) => n.kind === 'sort')) {
    const alias = sort.id;
    const rearranged = jobs.filter((j) => j.map.includes(`${alias}: Local Rearrange`));
    if (rearranged.length && !rearranged.some((j) => j.globalSort)) add(`${alias}: ORDER`, sort, null, 'the ORDER is no global (range-partitioned) sort: one reducer sorts every row');
  }
  return found;
}
