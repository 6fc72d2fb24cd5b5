// Where the benchmark lives and writes.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PROJECT_ROOT = join(BENCH_DIR, '..');
export const RESULTS_FILE = join(BENCH_DIR, 'results.json');
/** A run of the memory check alone (`--big` without `--sizes`) keeps the main results. */
export const BIG_RESULTS_FILE = join(BENCH_DIR, 'results-big.json');
export const PROFILE_DIR = join(BENCH_DIR, '.data', 'profiles');
