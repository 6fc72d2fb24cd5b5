// The feature stages: fitting each on a frame, and applying a fitted stage to a frame, as pyspark.ml's
// StringIndexer, VectorAssembler, OneHotEncoder and StandardScaler do (see docs/ml.md).
import { JobError } from '../../plan/index.ts';
import type { MlStage, OneHotEncoderStage, StandardScalerStage, StringIndexerStage } from '../../plan/ml.ts';
import type { ExprSite } from '../expr/kernel-types.ts';
import { column, takeFrame, vectors, type MlColumn, type MlFrame, type Vector } from './ml-frame.ts';
import type { FittedOneHotEncoder, FittedStage, FittedStandardScaler, FittedStringIndexer } from './model-types.ts';

const fail = (site: ExprSite, message: string) => new JobError('runtime', message, site.loc, site.nodeId);

/** Most frequent first; equal counts in string order (UTF-16 units, as Java compares). Nulls are not counted. */
function fitStringIndexer(s: StringIndexerStage, frame: MlFrame): FittedStringIndexer {
  const counts = new Map<string, number>();
  for (const v of column(frame, s.input).values as (string | null)[]) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  const labels = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([l]) => l);
  return { ...s, labels };
}

/** Categories come from the index column's labels when a string indexer made it, else from its largest value. */
function fitOneHot(s: OneHotEncoderStage, frame: MlFrame, site: ExprSite): FittedOneHotEncoder {
  const c = column(frame, s.input);
  if (c.kind !== 'number') throw new Error(`internal: oneHotEncoder input '${s.input}' is not numeric`);
  if (c.categories !== undefined) return { ...s, categories: c.categories };
  let max = -1;
  for (const v of c.values) {
    if (v === null || !Number.isInteger(v) || v < 0) throw fail(site, `oneHotEncoder: '${s.input}' holds ${v}; category indexes are whole numbers >= 0`);
    max = Math.max(max, v);
  }
  return { ...s, categories: max + 1 };
}

/** Column means and sample (n - 1) standard deviations, as Spark's Summarizer computes them. */
function fitScaler(s: StandardScalerStage, frame: MlFrame): FittedStandardScaler {
  const xs = vectors(frame, s.input);
  const d = xs[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const m2 = new Array<number>(d).fill(0);
  xs.forEach((x, n) => {
    for (let j = 0; j < d; j++) {
      const delta = x[j] - mean[j];
      mean[j] += delta / (n + 1);
      m2[j] += delta * (x[j] - mean[j]);
    }
  });
  const std = m2.map((v) => (xs.length > 1 ? Math.sqrt(v / (xs.length - 1)) : 0));
  return { ...s, mean, std };
}

export function fitStage(stage: MlStage, frame: MlFrame, site: ExprSite): FittedStage {
  switch (stage.kind) {
    case 'stringIndexer':
      return fitStringIndexer(stage, frame);
    case 'vectorAssembler':
      return { ...stage };
    case 'oneHotEncoder':
      return fitOneHot(stage, frame, site);
    case 'standardScaler':
      return fitScaler(stage, frame);
  }
}

/** Adds a column, after dropping the rows not in `keep` (when some are skipped). */
function withColumn(frame: MlFrame, name: string, col: MlColumn, keep: number[] | null): MlFrame {
  const base = keep === null ? frame : takeFrame(frame, keep);
  const columns = new Map(base.columns);
  columns.set(name, col);
  return { ...base, columns };
}

function indexStrings(s: FittedStringIndexer, frame: MlFrame, site: ExprSite): MlFrame {
  const index = new Map(s.labels.map((l, i) => [l, i]));
  const out: number[] = [];
  const keep: number[] = [];
  (column(frame, s.input).values as (string | null)[]).forEach((v, i) => {
    const k = v === null ? undefined : index.get(v);
    if (k !== undefined) return (out.push(k), keep.push(i));
    if (s.handleInvalid === 'keep') return (out.push(s.labels.length), keep.push(i));
    if (s.handleInvalid === 'error') {
      throw fail(site, v === null
        ? `stringIndexer: '${s.input}' is null; set handleInvalid to 'skip' or 'keep' to allow it`
        : `stringIndexer: '${s.input}' holds ${JSON.stringify(v)}, unseen when fitting; set handleInvalid to 'skip' or 'keep'`);
    }
  });
  const categories = s.labels.length + (s.handleInvalid === 'keep' ? 1 : 0);
  return withColumn(frame, s.output, { kind: 'number', values: out, categories }, keep.length === frame.length ? null : keep);
}

function assemble(s: FittedStage & { kind: 'vectorAssembler' }, frame: MlFrame, site: ExprSite): MlFrame {
  const cols = s.inputs.map((name) => ({ name, col: column(frame, name) }));
  const out: Vector[] = [];
  const keep: number[] = [];
  for (let i = 0; i < frame.length; i++) {
    const parts: number[] = [];
    let bad: string | null = null;
    for (const { name, col } of cols) {
      if (col.kind === 'vector') parts.push(...col.values[i]);
      else {
        const v = col.values[i] as number | null;
        if (v === null || Number.isNaN(v)) bad ??= `${name} is ${v === null ? 'null' : 'NaN'}`;
        parts.push(v ?? NaN);
      }
    }
    if (bad !== null) {
      if (s.handleInvalid === 'error') throw fail(site, `vectorAssembler: ${bad}; set handleInvalid to 'skip' to drop such rows`);
      continue;
    }
    out.push(Float64Array.from(parts));
    keep.push(i);
  }
  return withColumn(frame, s.output, { kind: 'vector', values: out }, keep.length === frame.length ? null : keep);
}

function oneHot(s: FittedOneHotEncoder, frame: MlFrame, site: ExprSite): MlFrame {
  const size = s.dropLast ? s.categories - 1 : s.categories;
  const values = (column(frame, s.input).values as (number | null)[]).map((v) => {
    if (v === null || !Number.isInteger(v) || v < 0 || v >= s.categories) {
      throw fail(site, `oneHotEncoder: '${s.input}' holds ${v}; expected a category index 0..${s.categories - 1}`);
    }
    const x = new Float64Array(size);
    if (v < size) x[v] = 1;
    return x;
  });
  return withColumn(frame, s.output, { kind: 'vector', values }, null);
}

function scale(s: FittedStandardScaler, frame: MlFrame): MlFrame {
  // Spark multiplies by 1/std, and by 0 where std is 0.
  const factor = s.std.map((sd) => (!s.withStd ? 1 : sd !== 0 ? 1 / sd : 0));
  const values = vectors(frame, s.input).map((x) => x.map((v, j) => (s.withMean ? v - s.mean[j] : v) * factor[j]));
  return withColumn(frame, s.output, { kind: 'vector', values }, null);
}

/** The frame with the stage's output column (rows a 'skip' stage drops are gone). */
export function transformStage(stage: FittedStage, frame: MlFrame, site: ExprSite): MlFrame {
  switch (stage.kind) {
    case 'stringIndexer':
      return indexStrings(stage, frame, site);
    case 'vectorAssembler':
      return assemble(stage, frame, site);
    case 'oneHotEncoder':
      return oneHot(stage, frame, site);
    case 'standardScaler':
      return scale(stage, frame);
  }
}
