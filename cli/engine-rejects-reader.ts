// The rejected records a Pig or Spark script wrote (`rejects__<input>` folders, codegen/common/rejects-param.ts):
// counted per reason and copied to <out>/_rejects/<input>.rejects in the local layout, giving the run summary
// the same read / parsed / rejected as local. A record that names its part file is cited as the runtime cites
// it (`<file>:<line>`, the file as the user named it); Pig gives no line number, so the line is found by
// reading that part file for the record's text (a log line is rejected for its text alone, so each copy of
// that text in the file is one of the rejected lines; so are default-mode CSV records, which are lines).
// Multi-line and unquoted CSV records are found by their number in the part file (Spark) or their fields
// (Pig): csv-reject-locator.ts. Records are written by part file, in line order.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LOCATED_REJECT_MARK, rejectsArgs, type RejectsEngine } from '../codegen/common/rejects-param.ts';
import { isLogFormat, sources, type Plan, type SourceNode } from '../plan/index.ts';
import { escapeRejectText } from '../runtime/rejects.ts';
import { readLines } from '../runtime/readers/line-source.ts';
import { countInputRecords } from './input-record-counter.ts';
import { locateJoinedRecords, locateNumberedRecords, type EngineReject } from './csv-reject-locator.ts';
import type { ResolvedInput } from './input-files.ts';
import type { InputSummary } from './run-summary-printer.ts';

/** Script parameter -> folder under `root`, one per input whose rejects the engine's script writes. */
export function rejectsParams(plan: Plan, engine: RejectsEngine, root: string): Record<string, string> {
  return rejectsArgs(plan, engine, (i) => path.join(root, i));
}

/** Part files of an engine's output folder, in name order (markers and checksums left out). */
function partFilesOf(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => !f.startsWith('_') && !f.startsWith('.')).sort().map((f) => path.join(dir, f));
}

/** A parsed rejects line: a count, a record without its file, or a record naming its file. */
type RejectsLine =
  | { readonly kind: 'count'; readonly reason: string; readonly n: number }
  | { readonly kind: 'record'; readonly reject: EngineReject; readonly file: string | null };

export function parseRejectsLine(line: string): RejectsLine {
  const counted = /^#([^\t]+)\t(\d+)$/.exec(line);
  if (counted) return { kind: 'count', reason: counted[1], n: Number(counted[2]) };
  if (line.startsWith(LOCATED_REJECT_MARK)) {
    const [file, at, reason, ...text] = line.slice(LOCATED_REJECT_MARK.length).split('\t');
    if (reason !== undefined) {
      // The line number, or `#<n>`: the record's number among its file's records (CSV on Spark).
      const n = /^#?[1-9]\d*$/.test(at) ? Number(at.replace('#', '')) : null;
      const numbered = at.startsWith('#');
      return { kind: 'record', file, reject: { line: numbered ? null : n, record: numbered ? n : null, reason, text: text.join('\t') } };
    }
  }
  const tab = line.indexOf('\t');
  return { kind: 'record', file: null, reject: { line: null, record: null, reason: tab < 0 ? line : line.slice(0, tab), text: tab < 0 ? '' : line.slice(tab + 1) } };
}

/** A path as an engine names a file (`file:/…` from Pig, `file:///…` URL-encoded from Spark) made local. */
function localPath(engineFile: string): string[] {
  if (!engineFile.startsWith('file:')) return [engineFile];
  const plain = engineFile.slice('file:'.length).replace(/^\/+/, '/');
  try {
    return [plain, fileURLToPath(engineFile.startsWith('file://') ? engineFile : `file://${plain}`)];
  } catch {
    return [plain];
  }
}

/** Absolute path (as the engine may see it) -> index of the input's part. */
function partIndex(input: ResolvedInput, enginePath: string | undefined): Map<string, number> {
  const byPath = new Map<string, number>();
  input.parts.forEach((p, i) => {
    byPath.set(path.resolve(p.file), i);
    if (enginePath !== undefined) byPath.set(path.join(enginePath, ...p.key.split('/')), i);
  });
  // One linked file given to the engine as itself.
  if (enginePath !== undefined && input.parts.length === 1) byPath.set(path.resolve(enginePath), 0);
  return byPath;
}

/**
 * Gives the records without a line number theirs: the k-th record of a text is its k-th line in the file,
 * in the runtime's physical line numbering (a CSV file's header line, its first non-empty one, is no record).
 * A text not found there keeps no line.
 */
async function findLines(source: SourceNode, file: string, records: readonly EngineReject[]): Promise<void> {
  const wanted = new Map<string, EngineReject[]>();
  for (const r of records) if (r.line === null) wanted.set(r.text, [...(wanted.get(r.text) ?? []), r]);
  if (wanted.size === 0) return;
  const keepsBom = isLogFormat(source.format.kind) || source.format.kind === 'text';
  let header = source.format.kind === 'csv' && source.format.header;
  for await (const chunk of readLines(file, { stripBom: !keepsBom })) {
    chunk.lines.forEach((text, i) => {
      if (header && text !== '') {
        header = false;
        return;
      }
      const waiting = wanted.get(text);
      if (!waiting) return;
      waiting.shift()!.line = chunk.firstLine + i;
      if (waiting.length === 0) wanted.delete(text);
    });
    if (wanted.size === 0) return;
  }
}

/** Per input: records read (counted in the file), rejected (as the engine wrote them), by reason. */
export async function engineInputSummaries(
  plan: Plan,
  inputs: Readonly<Record<string, ResolvedInput>>,
  rejectsRoot: string,
  outDir: string,
  enginePaths: Readonly<Record<string, string>> = {},
): Promise<InputSummary[]> {
  const out: InputSummary[] = [];
  for (const [name, input] of Object.entries(inputs)) {
    const source = sources(plan).find((s) => s.input === name);
    if (!source) continue;
    const file = input.shown;
    let read = 0;
    for (const p of input.parts) read += await countInputRecords(source, p.file);
    const target = path.join(outDir, '_rejects', `${name}.rejects`);
    rmSync(target, { force: true });
    const byReason: Record<string, number> = {};
    let rejected = 0;
    const parts = partIndex(input, enginePaths[name]);
    const byPart: EngineReject[][] = input.parts.map(() => []);
    const elsewhere: { file: string; reject: EngineReject }[] = [];
    const unfiled: EngineReject[] = [];
    const csv = source.format.kind === 'csv';
    // Default-mode CSV records are lines, cited by file and line (Spark) or file and text (Pig), as log lines are.
    const csvLines = source.format.kind === 'csv' && source.format.quote !== 'none' && !source.format.multiline;
    for (const part of partFilesOf(path.join(rejectsRoot, name))) {
      for await (const line of createInterface({ input: createReadStream(part, 'utf8'), crlfDelay: Infinity })) {
        if (line === '') continue;
        const r = parseRejectsLine(line);
        if (r.kind === 'count') {
          // Records the engine counted without their text.
          if (r.n > 0) byReason[r.reason] = (byReason[r.reason] ?? 0) + r.n;
          rejected += r.n;
          continue;
        }
        rejected++;
        byReason[r.reject.reason] = (byReason[r.reject.reason] ?? 0) + 1;
        const at = r.file === null ? undefined : localPath(r.file).map((f) => parts.get(f)).find((i) => i !== undefined);
        if (at !== undefined) byPart[at].push(r.reject);
        else if (csv && r.file === null) unfiled.push(r.reject);
        else elsewhere.push({ file: r.file ?? file, reject: r.reject });
      }
    }
    if (unfiled.length > 0) {
      const found = await locateJoinedRecords(source, input.parts.map((p) => p.file), unfiled);
      found.forEach((records, i) => byPart[i].push(...records));
      for (const r of unfiled) if (r.line === null) elsewhere.push({ file, reject: r });
    }
    const lines: string[] = [];
    for (const [i, records] of byPart.entries()) {
      if (csv && !csvLines) await locateNumberedRecords(source, input.parts[i].file, records);
      else await findLines(source, input.parts[i].file, records);
      records.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
      for (const r of records) lines.push(rejectsFileLine(input.parts[i].file, r));
    }
    for (const { file: f, reject } of elsewhere) lines.push(rejectsFileLine(f, reject));
    if (lines.length > 0) {
      mkdirSync(path.dirname(target), { recursive: true });
      const sink = createWriteStream(target);
      for (const l of lines) if (!sink.write(l)) await once(sink, 'drain');
      sink.end();
      await once(sink, 'finish');
    }
    out.push({ input: name, file, parts: input.parts.length, read, parsed: read - rejected, rejected, byReason, rejectsFile: lines.length > 0 ? target : null });
  }
  return out;
}

/** The runtime's rejects file line (`file:line`, or the file alone when the line is unknown). */
const rejectsFileLine = (file: string, r: EngineReject): string =>
  `${r.line === null ? file : `${file}:${r.line}`}\t${r.reason}\t${escapeRejectText(r.text)}\n`;
