// What every benchmark implementation does: run one of the three example jobs over one access log and
// write its output CSV (named as the job's sink) into a folder.

export const BENCH_JOBS = ['access-log-to-csv', 'traffic-by-hour', 'top-pages'] as const;
export type BenchJob = (typeof BENCH_JOBS)[number];

/** The job's output name (the sink in jobs/<job>.ts): the file is `<outDir>/<name>.csv`. */
export const OUTPUT_OF: { readonly [J in BenchJob]: string } = {
  'access-log-to-csv': 'requests',
  'traffic-by-hour': 'traffic_by_hour',
  'top-pages': 'top_pages',
};

/** Lines read and rejected, when the implementation counts them (DuckDB's SQL does not). */
export interface InputCounts {
  readonly read: number;
  readonly rejected: Record<string, number>;
}

export type Peer = (job: BenchJob, input: string, outDir: string) => Promise<InputCounts | null>;
