// The rejected records a Pig or Spark script wrote (`rejects__<input>` folders of `<reason>\t<text>` lines):
// counted per reason and copied to <out>/_rejects/<input>.rejects in the local layout (file, reason, text;
// the engines know no line numbers), giving the run summary the same read / parsed / rejected as local.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { rejectsArgs, type RejectsEngine } from '../codegen/common/rejects-param.ts';
import { sources, type Plan } from '../plan/index.ts';
import { escapeRejectText } from '../runtime/rejects.ts';
import { countInputRecords } from './input-record-counter.ts';
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

/** Per input: records read (counted in the file), rejected (as the engine wrote them), by reason. */
export async function engineInputSummaries(
  plan: Plan,
  inputs: Readonly<Record<string, ResolvedInput>>,
  rejectsRoot: string,
  outDir: string,
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
    let sink: ReturnType<typeof createWriteStream> | null = null;
    for (const part of partFilesOf(path.join(rejectsRoot, name))) {
      for await (const line of createInterface({ input: createReadStream(part, 'utf8'), crlfDelay: Infinity })) {
        if (line === '') continue;
        const counted = /^#([^\t]+)\t(\d+)$/.exec(line);
        if (counted) {
          // Records the engine counted without their text (Spark's CSV reader).
          const n = Number(counted[2]);
          if (n > 0) byReason[counted[1]] = (byReason[counted[1]] ?? 0) + n;
          rejected += n;
          continue;
        }
        const tab = line.indexOf('\t');
        const reason = tab < 0 ? line : line.slice(0, tab);
        const text = tab < 0 ? '' : line.slice(tab + 1);
        rejected++;
        byReason[reason] = (byReason[reason] ?? 0) + 1;
        if (sink === null) {
          mkdirSync(path.dirname(target), { recursive: true });
          sink = createWriteStream(target);
        }
        if (!sink.write(`${file}\t${reason}\t${escapeRejectText(text)}\n`)) await once(sink, 'drain');
      }
    }
    if (sink !== null) {
      sink.end();
      await once(sink, 'finish');
    }
    out.push({ input: name, file, parts: input.parts.length, read, parsed: read - rejected, rejected, byReason, rejectsFile: sink !== null ? target : null });
  }
  return out;
}
