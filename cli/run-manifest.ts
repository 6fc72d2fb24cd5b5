// The run manifest, `<out>/_emr-jobs.json`: what a committed run read (files and sizes), rejected and wrote,
// with which plan, engine, options and emr-jobs version, and when. Output paths are relative to the output
// folder, so the folder can be moved with its manifest.
import { statSync } from 'node:fs';
import path from 'node:path';
import { planHash, sinks, type Plan } from '../plan/index.ts';
import { packageVersion } from '../engines/package-root.ts';
import type { ResolvedInput } from './input-files.ts';
import type { InputSummary, OutputSummary } from './run-summary-printer.ts';

export const MANIFEST_FORMAT = 'emr-jobs/run-manifest';

export interface ManifestInput {
  readonly name: string;
  /** Absolute path of the file read (of the folder, for a folder; the paths given, joined by `, `, otherwise). */
  readonly path: string;
  /** Bytes of every file read. */
  readonly bytes: number;
  /** For an input of more than one file: each file read (absolute), in reading order. */
  readonly files?: readonly string[];
  /** null when the engine does not report per-input counts (Pig, Spark). */
  readonly rowsRead: number | null;
  readonly rejected: number | null;
  readonly rejectedByReason: Record<string, number> | null;
  /** The rejects file, relative to the output folder; null when nothing was rejected. */
  readonly rejectsFile: string | null;
}

export interface ManifestOutput {
  readonly name: string;
  /** Relative to the output folder: `<output>.csv`, or the partitioned output's folder. */
  readonly path: string;
  readonly format: string;
  readonly partitionBy: string | null;
  readonly rows: number;
}

export interface RunManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: 1;
  readonly job: string;
  readonly planHash: string;
  readonly engine: string;
  readonly emrJobsVersion: string;
  readonly started: string;
  readonly ended: string;
  /** The run options that change what is written (unset ones omitted). */
  readonly options: Record<string, number>;
  /** The run-time parameter values of the run, as canonical text (absent when the job has none). */
  readonly params?: Readonly<Record<string, string>>;
  readonly inputs: readonly ManifestInput[];
  readonly outputs: readonly ManifestOutput[];
}

export interface ManifestFacts {
  readonly plan: Plan;
  readonly engine: string;
  readonly started: Date;
  readonly options: Record<string, number | undefined>;
  /** Input name -> its files as bound. */
  readonly inputFiles: Readonly<Record<string, ResolvedInput>>;
  readonly params?: Readonly<Record<string, string>>;
  /** Per-input counts (local runtime only). */
  readonly inputStats: readonly InputSummary[] | null;
  /** Outputs with their final paths. */
  readonly outputs: readonly OutputSummary[];
  readonly outDir: string;
}

export function buildManifest(f: ManifestFacts): RunManifest {
  const formats = new Map(sinks(f.plan).map((s) => [s.output, s]));
  const rel = (p: string) => path.relative(f.outDir, p).split(path.sep).join('/');
  return {
    format: MANIFEST_FORMAT,
    version: 1,
    job: f.plan.job,
    planHash: planHash(f.plan),
    engine: f.engine,
    emrJobsVersion: packageVersion(),
    started: f.started.toISOString(),
    ended: new Date().toISOString(),
    options: Object.fromEntries(Object.entries(f.options).filter((e): e is [string, number] => e[1] !== undefined)),
    ...(f.params && Object.keys(f.params).length ? { params: f.params } : {}),
    inputs: manifestInputs(f.inputFiles, f.inputStats, f.outDir),
    outputs: f.outputs.map((o) => ({
      name: o.output,
      path: rel(o.path),
      format: formats.get(o.output)?.format ?? 'csv',
      partitionBy: formats.get(o.output)?.partitionBy ?? null,
      rows: o.rows,
    })),
  };
}

/** What a run read, per input: its path, files and bytes, and the runtime's counts when it has them. */
export function manifestInputs(
  inputFiles: Readonly<Record<string, Pick<ResolvedInput, 'shown' | 'folder'> & { readonly parts: readonly { readonly file: string }[] }>>,
  inputStats: readonly InputSummary[] | null,
  outDir: string,
): ManifestInput[] {
  const stats = new Map((inputStats ?? []).map((s) => [s.input, s]));
  const rel = (p: string) => path.relative(outDir, p).split(path.sep).join('/');
  return Object.entries(inputFiles).map(([name, input]) => {
    const s = stats.get(name);
    const files = input.parts.map((p) => path.resolve(p.file));
    const one = input.folder ?? (input.parts.length === 1 && !input.shown.includes(', ') ? input.parts[0].file : undefined);
    return {
      name,
      path: one !== undefined ? path.resolve(one) : input.shown.split(', ').map((g) => path.resolve(g)).join(', '),
      bytes: files.reduce((n, file) => n + statSync(file).size, 0),
      ...(files.length > 1 ? { files } : {}),
      rowsRead: s?.read ?? null,
      rejected: s?.rejected ?? null,
      rejectedByReason: s ? s.byReason : null,
      rejectsFile: s?.rejectsFile ? rel(s.rejectsFile) : null,
    };
  });
}
