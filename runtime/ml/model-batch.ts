// A fitted model travels from fit to the nodes that use it as one record batch: one row, one string
// column holding the model as JSON (non-finite numbers spelt out, which JSON cannot hold).
import * as arrow from 'apache-arrow';
import { field } from '../../plan/index.ts';
import { decodeLane, encodeLane } from '../columns/lane-codec.ts';
import { laneOfScalars } from '../columns/lane.ts';
import { columnData, makeBatch } from '../columns/record-batch.ts';
import type { BatchStream } from '../kernels/operator-types.ts';
import type { PipelineModel } from './model-types.ts';

const COLUMN = 'model';
const SPECIAL: Record<string, number> = { '\u0000NaN': NaN, '\u0000Infinity': Infinity, '\u0000-Infinity': -Infinity };

export function modelBatch(model: PipelineModel): arrow.RecordBatch {
  const text = JSON.stringify(model, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? `\u0000${v}` : v));
  return makeBatch([field(COLUMN, 'string')], [encodeLane(laneOfScalars('string', [text]))], 1);
}

/** Reads the model a fit node's stream carries (it trains on the first read). */
export async function readModel(stream: BatchStream): Promise<PipelineModel> {
  let text: string | null = null;
  for await (const b of stream) text ??= (decodeLane(columnData(b, COLUMN), 'string').values as string[])[0];
  if (text === null) throw new Error('internal: a fit node produced no model');
  return JSON.parse(text, (_k, v) => (typeof v === 'string' && v in SPECIAL ? SPECIAL[v] : v)) as PipelineModel;
}
