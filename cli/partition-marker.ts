// A backfilled partition's success marker, `<partition folder>/_SUCCESS.json`: written last (temp file
// + rename) once every stage of the partition committed; removed before a partition runs again. A marker
// holding the same pipeline hash and parameters means the partition is done; nothing else is read.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../plan/index.ts';

export const PARTITION_MARKER = '_SUCCESS.json';
export const MARKER_FORMAT = 'emr-jobs/partition';

export interface StageMark {
  readonly stage: string;
  readonly engine: string;
  /** Rows written per output. */
  readonly rows: Readonly<Record<string, number>>;
}

export interface PartitionMarker {
  readonly format: typeof MARKER_FORMAT;
  readonly pipeline: string;
  readonly pipelineHash: string;
  readonly partition: { readonly param: string; readonly value: string };
  /** Every parameter's canonical text, the partition's among them. */
  readonly params: Readonly<Record<string, string>>;
  readonly stages: readonly StageMark[];
  readonly started: string;
  readonly finished: string;
  readonly seconds: number;
}

export function markerFile(partitionDir: string): string {
  return path.join(partitionDir, PARTITION_MARKER);
}

/** The marker in `partitionDir`, or null when there is none (or it is not a marker this version wrote). */
export function readMarker(partitionDir: string): PartitionMarker | null {
  try {
    const m = JSON.parse(readFileSync(markerFile(partitionDir), 'utf8')) as Partial<PartitionMarker>;
    if (m.format !== MARKER_FORMAT || typeof m.pipelineHash !== 'string' || !m.params || !Array.isArray(m.stages)) return null;
    return m as PartitionMarker;
  } catch {
    return null;
  }
}

/** Writes the marker atomically: a reader sees no marker or the whole of it. */
export function writeMarker(partitionDir: string, marker: PartitionMarker): void {
  const draft = path.join(partitionDir, `.${PARTITION_MARKER}.${process.pid}.tmp`);
  writeFileSync(draft, `${JSON.stringify(marker, null, 2)}\n`);
  renameSync(draft, markerFile(partitionDir));
}

/** Before a partition runs again: from here until its new marker, it is not complete. */
export function removeMarker(partitionDir: string): void {
  rmSync(markerFile(partitionDir), { force: true });
}

export type MarkerVerdict = { readonly done: true } | { readonly done: false; readonly why: string | null };

/** Whether the partition is done for this pipeline and these parameters; when not, why it runs (again). */
export function judgeMarker(marker: Pick<PartitionMarker, 'pipelineHash' | 'params'> | null, hash: string, params: Readonly<Record<string, string>>): MarkerVerdict {
  if (marker === null) return { done: false, why: null };
  if (marker.pipelineHash !== hash) return { done: false, why: `the pipeline changed since it was done (plan hash ${marker.pipelineHash.slice(0, 12)} -> ${hash.slice(0, 12)})` };
  if (canonicalJson(marker.params) !== canonicalJson(params)) {
    const names = [...new Set([...Object.keys(marker.params), ...Object.keys(params)])].filter((n) => marker.params[n] !== params[n]).sort();
    return { done: false, why: `parameters changed since it was done: ${names.map((n) => `${n} ${marker.params[n] ?? '(none)'} -> ${params[n] ?? '(none)'}`).join(', ')}` };
  }
  return { done: true };
}
