// Counts the rows an input yields and the lines it rejects (per reason), writes rejected lines to the
// input's rejects file, and turns more than --max-rejects into an input error as soon as it happens (reject-policy.ts
// decides the rest once the counts are known).
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RejectReason } from '../plan/index.ts';
import { maxRejectsError } from './reject-policy.ts';

export interface RejectCollectorOptions {
  /** The job input name (for messages). */
  readonly input: string;
  /** The input file as the user named it: rejects file lines and errors cite it. */
  readonly file: string;
  /** Where rejected lines go; created on the first reject only. null: count, do not write. */
  readonly rejectsPath: string | null;
  /** More rejected lines than this fail the run; unset means no limit. */
  readonly maxRejects?: number;
}

/** Buffered bytes before a write: rejects go to disk as they come, so memory stays bounded. */
const FLUSH_BYTES = 64 * 1024;

/** A rejects file field never holds a tab or a line break, so each line splits on its two tabs. */
export function escapeRejectText(text: string): string {
  return text.replace(/[\t\r\n]/g, (c) => (c === '\t' ? '\\t' : c === '\r' ? '\\r' : '\\n'));
}

export class RejectCollector {
  private parsedRows = 0;
  private rejectedRows = 0;
  private readonly reasons: Record<string, number> = {};
  private first: { line: number; reason: string } | null = null;
  private fd: number | null = null;
  private pending: string[] = [];
  private pendingBytes = 0;

  constructor(private readonly opts: RejectCollectorOptions) {}

  get rowsRead(): number {
    return this.parsedRows + this.rejectedRows;
  }
  get rowsParsed(): number {
    return this.parsedRows;
  }
  get rejected(): number {
    return this.rejectedRows;
  }
  /** Rejected lines per reason (only reasons that occurred). */
  get byReason(): Record<string, number> {
    return { ...this.reasons };
  }

  /** Counts n rows accepted. */
  parsed(n: number): void {
    this.parsedRows += n;
  }

  /**
   * Records a rejected line (1-based physical line, raw text without its line break). `detail` says what was
   * wrong (e.g. the column); the rejects file shows it after the reason. Throws once rejects exceed maxRejects.
   */
  reject(line: number, reason: RejectReason, text: string, detail?: string): void {
    this.rejectedRows++;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
    const why = detail ? `${reason}: ${detail}` : reason;
    this.first ??= { line, reason: why };
    if (this.opts.rejectsPath !== null) this.write(`${this.opts.file}:${line}\t${escapeRejectText(why)}\t${escapeRejectText(text)}\n`);
    const max = this.opts.maxRejects;
    if (max !== undefined && this.rejectedRows > max) {
      this.flush();
      throw maxRejectsError(this.opts.input, this.opts.file, this.rejectedRows, max, this.first!);
    }
  }

  /** Flushes and closes the rejects file (if any line was rejected). Safe to call more than once. */
  async close(): Promise<void> {
    this.flush();
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }

  private write(text: string): void {
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0 || this.opts.rejectsPath === null) return;
    if (this.fd === null) {
      mkdirSync(dirname(this.opts.rejectsPath), { recursive: true });
      this.fd = openSync(this.opts.rejectsPath, 'w');
    }
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }
}
