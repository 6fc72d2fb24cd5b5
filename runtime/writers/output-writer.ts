// Writes one sink's stream to `<outDir>/<output>.<ext>`, or, partitioned, to
// `<outDir>/<output>/<col>=<value>/part-00000.<ext>` without the partition column. Streams batch by batch;
// at most MAX_OPEN partition files are open at once (others are closed and later reopened to append).
import { rmSync } from 'node:fs';
import type * as arrow from 'apache-arrow';
import type { Field, SinkNode } from '../../plan/index.ts';
import { decodeLane } from '../columns/lane-codec.ts';
import type { Lane } from '../columns/lane.ts';
import { columnData } from '../columns/record-batch.ts';
import { childPath } from '../path-guard.ts';
import type { BatchStream } from '../kernels/operator-types.ts';
import { formatLane } from './format-value.ts';
import { partitionDir } from './hive-partition.ts';
import { ByteOutput } from './byte-output.ts';
import { csvRowEncoder } from './csv-bytes.ts';
import { writeParquetOutput } from './parquet-output.ts';
import { ROW_FORMATS } from './row-formats.ts';
import { TextFile } from './text-file.ts';

const MAX_OPEN = 32;

export interface WrittenOutput {
  readonly path: string;
  readonly rows: number;
  readonly preview: (string | null)[][];
}

const lanesOf = (batch: arrow.RecordBatch, fields: readonly Field[]): Lane[] =>
  fields.map((f) => decodeLane(columnData(batch, f.name), f.type));

/** Keeps the first `limit` rows in CSV text form. */
function previewCollector(limit: number) {
  const rows: (string | null)[][] = [];
  return {
    rows,
    limit,
    get wanted(): boolean {
      return rows.length < limit;
    },
    add(lanes: readonly Lane[], n: number) {
      if (rows.length >= limit) return;
      const cells = lanes.map(formatLane);
      for (let i = 0; i < n && rows.length < limit; i++) rows.push(cells.map((c) => c[i]));
    },
  };
}

/** CSV without partitions: bytes straight from the batches' Arrow buffers (csv-bytes.ts). */
async function writeCsvBytes(file: TextFile, header: string, fields: readonly Field[], stream: BatchStream, preview: ReturnType<typeof previewCollector>): Promise<number> {
  const out = new ByteOutput();
  out.utf8(header);
  let rows = 0;
  for await (const batch of stream) {
    if (preview.wanted) {
      const head = batch.numRows > preview.limit ? batch.slice(0, preview.limit) : batch;
      preview.add(lanesOf(head, fields), head.numRows);
    }
    const encode = csvRowEncoder(batch, fields);
    for (let i = 0; i < batch.numRows; ) {
      i = encode(i, out);
      if (out.full) await out.flush(file);
    }
    rows += batch.numRows;
  }
  await out.flush(file);
  return rows;
}

export async function writeOutput(sink: SinkNode, stream: BatchStream, outDir: string, previewRows: number): Promise<WrittenOutput> {
  const fields = sink.schema;
  const preview = previewCollector(previewRows);
  let rows = 0;
  if (sink.format === 'parquet') {
    const written = await writeParquetOutput(sink, stream, outDir, (batch) => {
      if (!preview.wanted) return;
      const head = batch.numRows > preview.limit ? batch.slice(0, preview.limit) : batch;
      preview.add(lanesOf(head, fields), head.numRows);
    });
    return { ...written, preview: preview.rows };
  }
  const textFormat = sink.format;
  if (sink.partitionBy === null) {
    const format = ROW_FORMATS[textFormat](fields);
    const path = childPath(outDir, `${sink.output}.${format.extension}`);
    const file = await TextFile.open(path);
    if (textFormat === 'csv' || textFormat === 'csv-noheader') {
      try {
        rows = await writeCsvBytes(file, format.header(fields), fields, stream, preview);
      } finally {
        await file.close();
      }
      return { path, rows, preview: preview.rows };
    }
    try {
      await file.write(format.header(fields));
      for await (const batch of stream) {
        const lanes = lanesOf(batch, fields);
        preview.add(lanes, batch.numRows);
        await file.write(format.lines(lanes, batch.numRows).join(''));
        rows += batch.numRows;
      }
    } finally {
      await file.close();
    }
    return { path, rows, preview: preview.rows };
  }

  const key = sink.partitionBy;
  const fileFields = fields.filter((f) => f.name !== key);
  const format = ROW_FORMATS[textFormat](fileFields);
  const dir = childPath(outDir, sink.output);
  rmSync(dir, { recursive: true, force: true });
  const files = new PartitionFiles(dir, `part-00000.${format.extension}`, format.header(fileFields));
  try {
    for await (const batch of stream) {
      const lanes = lanesOf(batch, fields);
      preview.add(lanes, batch.numRows);
      const keyText = formatLane(lanes[fields.findIndex((f) => f.name === key)]);
      const lines = format.lines(lanes.filter((_, c) => fields[c].name !== key), batch.numRows);
      const byDir = new Map<string, string[]>();
      keyText.forEach((t, i) => {
        const d = partitionDir(key, t);
        const list = byDir.get(d);
        if (list) list.push(lines[i]);
        else byDir.set(d, [lines[i]]);
      });
      for (const [d, ls] of byDir) await files.write(d, ls.join(''));
      rows += batch.numRows;
    }
  } finally {
    await files.closeAll();
  }
  return { path: dir, rows, preview: preview.rows };
}

/** Partition files, least recently used closed first when too many are open. */
class PartitionFiles {
  private readonly open = new Map<string, TextFile>();
  private readonly created = new Set<string>();
  constructor(
    private readonly dir: string,
    private readonly fileName: string,
    private readonly header: string,
  ) {}

  async write(partition: string, text: string): Promise<void> {
    let file = this.open.get(partition);
    if (file) this.open.delete(partition);
    else {
      if (this.open.size >= MAX_OPEN) {
        const [oldest, f] = this.open.entries().next().value!;
        this.open.delete(oldest);
        await f.close();
      }
      const fresh = !this.created.has(partition);
      file = await TextFile.open(childPath(this.dir, partition, this.fileName), fresh ? 'w' : 'a');
      if (fresh) {
        this.created.add(partition);
        await file.write(this.header);
      }
    }
    this.open.set(partition, file);
    await file.write(text);
  }

  async closeAll(): Promise<void> {
    for (const f of this.open.values()) await f.close();
    this.open.clear();
  }
}
