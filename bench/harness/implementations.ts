// The implementations the benchmark compares, and how `--only` names them.

export const IMPLEMENTATIONS = ['runtime', 'runtime-before', 'naive', 'scanner', 'duckdb-regex', 'duckdb-split', 'spark', 'pig'] as const;
export type ImplName = (typeof IMPLEMENTATIONS)[number];
/** Implementations measured in a Node child process (the others are real engines in their own JVMs). */
export type ChildImpl = Exclude<ImplName, 'spark' | 'pig'>;

export interface ImplInfo {
  readonly label: string;
  readonly kind: 'child' | 'engine';
  /** Engines start a JVM per run: measured on the smallest file only. */
  readonly maxLines?: number;
}

export const IMPL_INFO: { readonly [I in ImplName]: ImplInfo } = {
  runtime: { label: 'emr-jobs runtime (runPlan)', kind: 'child' },
  'runtime-before': { label: 'the runtime of another checkout (--before DIR)', kind: 'child' },
  naive: { label: '(a) naive JS: readline + regex + Map', kind: 'child' },
  scanner: { label: '(b) byte scanner: Buffer + indexOf', kind: 'child' },
  'duckdb-regex': { label: '(c) DuckDB, regexp_extract', kind: 'child' },
  'duckdb-split': { label: '(c) DuckDB, regexp_matches + split_part', kind: 'child' },
  spark: { label: '(d) generated PySpark, Spark local[2]', kind: 'engine', maxLines: 100_000 },
  pig: { label: '(e) generated Pig, Pig -x local', kind: 'engine', maxLines: 100_000 },
};

export const isChildImpl = (i: ImplName): i is ChildImpl => IMPL_INFO[i].kind === 'child';

/** Where `runtime-before` loads its runtime from: the parent sets it for every child (`--before DIR`). */
export const BEFORE_ROOT_ENV = 'EMR_JOBS_BENCH_BEFORE_ROOT';

/** `--only` names: each implementation, plus `duckdb` for both DuckDB formulations. */
export function parseImpls(list: string): ImplName[] {
  const out = new Set<ImplName>();
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (raw === 'duckdb') out.add('duckdb-regex').add('duckdb-split');
    else if ((IMPLEMENTATIONS as readonly string[]).includes(raw)) out.add(raw as ImplName);
    else throw new Error(`--only: unknown implementation '${raw}' (known: ${IMPLEMENTATIONS.join(', ')}, duckdb)`);
  }
  return IMPLEMENTATIONS.filter((i) => out.has(i));
}
