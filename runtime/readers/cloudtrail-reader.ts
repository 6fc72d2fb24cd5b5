// Reads CloudTrail log files: one row per event (plan/formats.ts CLOUDTRAIL_COLUMNS). A file whose first
// non-blank line is one JSON object on its own is read line by line (one-line `{"Records":[...]}` files,
// event-per-line exports); otherwise the whole file is one JSON document (pretty-printed log files), held as
// text while it is read. Each JSON text that is an object with a `Records` array gives its elements as
// events; any other object is one event. A bad event is one reject; a text that is not JSON, one reject.
import type * as arrow from 'apache-arrow';
import { CLOUDTRAIL_COLUMNS, CLOUDTRAIL_SCHEMA, type SourceNode } from '../../plan/index.ts';
import { BatchBuilder } from './batch-builder.ts';
import { Rejection, type Cell } from './cell.ts';
import { jsonRecordConverter } from './json-record.ts';
import { jsonText, parseJsonKeepingNumbers } from './json-text.ts';
import { BLANK } from './jsonl-reader.ts';
import { readLines } from './line-source.ts';
import type { ReaderOptions } from './reader-options.ts';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The events of one JSON text, or why the whole text is rejected. */
function eventsOf(text: string): { events: unknown[]; envelope: boolean } | Rejection {
  let value: unknown;
  try {
    value = parseJsonKeepingNumbers(text);
  } catch (e) {
    return new Rejection('bad-json', `not valid JSON (${(e as Error).message})`);
  }
  if (!isObject(value)) return new Rejection('bad-json', 'a CloudTrail file holds JSON objects');
  const records = Object.hasOwn(value, 'Records') ? value.Records : null;
  if (records === null) return { events: [value], envelope: false };
  return Array.isArray(records) ? { events: records, envelope: true } : new Rejection('bad-json', "'Records' is not an array of events");
}

const firstObjectLine = (text: string): boolean => {
  try {
    return isObject(JSON.parse(text));
  } catch {
    return false;
  }
};

export async function* readCloudTrail(_node: SourceNode, path: string, opts: ReaderOptions): AsyncGenerator<arrow.RecordBatch> {
  const convert = jsonRecordConverter(CLOUDTRAIL_COLUMNS);
  const batch = new BatchBuilder(CLOUDTRAIL_SCHEMA, opts.columns, opts.batchSize);
  const row: Cell[] = new Array(CLOUDTRAIL_COLUMNS.length).fill(null);
  const full: arrow.RecordBatch[] = [];

  const take = (text: string, line: number): void => {
    const found = eventsOf(text);
    if (found instanceof Rejection) {
      opts.rejects.reject(line, found.reason, text, found.detail);
      return;
    }
    found.events.forEach((event, i) => {
      const rejection = convert(event, row);
      if (rejection) {
        const detail = found.envelope ? `Records[${i}]: ${rejection.detail}` : rejection.detail;
        opts.rejects.reject(line, rejection.reason, jsonText(event), detail);
      } else {
        batch.append(row);
        if (batch.full) {
          opts.rejects.parsed(batch.length);
          full.push(batch.flush()!);
        }
      }
    });
  };

  let mode: 'lines' | 'document' | null = null;
  let documentLine = 0;
  const document: string[] = [];
  for await (const chunk of readLines(path, { ...opts, stripBom: true })) {
    let line = chunk.firstLine;
    for (const text of chunk.lines) {
      if (mode === null && !BLANK.test(text)) {
        mode = firstObjectLine(text) ? 'lines' : 'document';
        documentLine = line;
      }
      if (mode === 'document') document.push(text);
      else if (mode === 'lines' && !BLANK.test(text)) take(text, line);
      line++;
    }
    yield* full.splice(0);
  }
  if (mode === 'document') take(document.join('\n'), documentLine);
  yield* full.splice(0);
  opts.rejects.parsed(batch.length);
  const rest = batch.flush();
  if (rest) yield rest;
}
