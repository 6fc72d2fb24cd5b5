// Gathers what a real engine wrote (a folder of part files per output, maybe one per partition) into the
// runtime's layout: `<out>/<output>.csv` with one header, `<out>/<output>/<col>=<value>/part-00000.csv`, or
// for Parquet `<out>/<output>/part-NNNNN.parquet` (the engine's parts in name order).
import { closeSync, copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CHECKS_FORMAT, JobError, printableJson, type CheckResults, type SinkNode } from '../plan/index.ts';
import { childPath } from '../runtime/path-guard.ts';
import { parquetFiles, parquetPartName } from '../runtime/parquet/parquet-files.ts';
import { escapePartitionValue } from '../runtime/writers/hive-partition.ts';
import { csvField } from '../runtime/writers/row-formats.ts';
import { extensionOf, outputPath } from './output-reader.ts';

/**
 * Engine part files, in name order (which is row order for sorted outputs); markers and checksums skipped.
 * Pig's MultiStorage names a partition's files after the folder (`kind=web-0,000`), not `part-*`.
 */
export function partFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (statSync(dir).isFile()) return [dir];
  const own = `${path.basename(dir)}-`;
  return readdirSync(dir)
    .filter((f) => (f.startsWith('part-') || f.startsWith(own)) && !f.endsWith('.crc'))
    .sort()
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile());
}

/** A CSV field as docs/semantics.md writes it: the runtime writer's own. */
export { csvField };

/** Copies the engine's output of `sink` from `engineDir` into `outDir`; returns the path written. */
export async function collectOutput(engineDir: string, sink: SinkNode, outDir: string): Promise<string> {
  const target = outputPath(outDir, sink);
  rmSync(target, { recursive: true, force: true });
  if (sink.format === 'parquet') {
    // Parquet files cannot be joined byte-wise: the engine's part files are copied, renamed in name order.
    mkdirSync(target, { recursive: true });
    const parts = existsSync(engineDir) ? parquetFiles(engineDir) : [];
    parts.forEach((p, i) => copyFileSync(p, childPath(target, parquetPartName(i))));
    return target;
  }
  const columns = sink.schema.map((f) => f.name).filter((n) => n !== sink.partitionBy);
  const header = sink.format === 'csv' ? columns.map(csvField).join(',') : null;
  if (!sink.partitionBy) {
    await concatParts(partFiles(engineDir), target, header);
    return target;
  }
  // Every engine escapes the column in the folder name as the runtime does (`a/b` → `a%2Fb=…`).
  const prefix = `${escapePartitionValue(sink.partitionBy)}=`;
  const dirs = existsSync(engineDir) ? readdirSync(engineDir).filter((d) => d.startsWith(prefix)).sort() : [];
  for (const d of dirs) {
    const file = childPath(target, d, `part-00000.${extensionOf(sink.format)}`);
    await concatParts(partFiles(path.join(engineDir, d)), file, header);
  }
  mkdirSync(target, { recursive: true });
  return target;
}

/**
 * Gathers the check results an engine wrote (a folder of part files holding the document on one line) into
 * `file`, written as the runtime writes it; null when the engine wrote none (it stopped before its checks).
 */
export function collectChecks(engineDir: string, file: string): CheckResults | null {
  const parts = partFiles(engineDir);
  if (!parts.length) return null;
  const text = parts.map((p) => readFileSync(p, 'utf8')).join('');
  let doc: CheckResults;
  try {
    doc = JSON.parse(text) as CheckResults;
  } catch (e) {
    throw new JobError('engine', `the engine's check results are not JSON: ${(e as Error).message}`, { file: engineDir });
  }
  if (doc?.format !== CHECKS_FORMAT || !Array.isArray(doc.checks)) {
    throw new JobError('engine', `the engine's check results are not an emr-jobs check results document (expected "format": "${CHECKS_FORMAT}" and a "checks" list)`, { file: engineDir });
  }
  writeFileSync(file, `${printableJson(doc)}\n`);
  return doc;
}

/**
 * Writes `header` once, then each part. Engines write the header into every part file or into none: the
 * first part with data decides which, so a data row that happens to equal the header is never dropped.
 */
async function concatParts(parts: readonly string[], target: string, header: string | null): Promise<void> {
  mkdirSync(path.dirname(target), { recursive: true });
  const out = createWriteStream(target);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  if (header !== null) out.write(`${header}\n`);
  const nonEmpty = parts.filter((p) => statSync(p).size > 0);
  const headed = header !== null && nonEmpty.length > 0 && firstLine(nonEmpty[0]) === header;
  for (const p of nonEmpty) {
    const skip = headed && firstLine(p) === header ? Buffer.byteLength(`${header}\n`) : 0;
    const size = statSync(p).size;
    if (skip >= size) continue;
    await pipeline(createReadStream(p, { start: skip }), out, { end: false });
    if (lastByte(p, size) !== 0x0a) out.write('\n');
  }
  out.end();
  await done;
}

function firstLine(file: string): string {
  const buf = Buffer.alloc(64 * 1024);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const nl = text.indexOf('\n');
    return (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  } finally {
    closeSync(fd);
  }
}

function lastByte(file: string, size: number): number {
  const buf = Buffer.alloc(1);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, 1, size - 1);
    return buf[0];
  } finally {
    closeSync(fd);
  }
}
