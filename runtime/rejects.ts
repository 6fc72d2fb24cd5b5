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

/** Counts and the open rejects file, shared by an input's collector and its per-part views. */
class RejectTally {
  parsedRows = 0;
  rejectedRows = 0;
  readonly reasons: Record<string, number> = {};
  first: { file: string; line: number; reason: string } | null = null;
  fd: number | null = null;
  pending: string[] = [];
  pendingBytes = 0;
}

export class RejectCollector {
  private readonly t: RejectTally;

  constructor(
    private readonly opts: RejectCollectorOptions,
    tally?: RejectTally,
  ) {
    this.t = tally ?? new RejectTally();
  }

  /**
   * The same collector for one part file of the input (a folder's or a glob's file): its rejects cite that
   * file and its own line numbers; counts and the rejects file stay the input's.
   */
  forPart(file: string): RejectCollector {
    return new RejectCollector({ ...this.opts, file }, this.t);
  }

  get rowsRead(): number {
    return this.t.parsedRows + this.t.rejectedRows;
  }
  get rowsParsed(): number {
    return this.t.parsedRows;
  }
  get rejected(): number {
    return this.t.rejectedRows;
  }
  /** Rejected lines per reason (only reasons that occurred). */
  get byReason(): Record<string, number> {
    return { ...this.t.reasons };
  }
  /** `file:line` of the first rejected line, or null. */
  get firstReject(): string | null {
    return this.t.first && `${this.t.first.file}:${this.t.first.line}`;
  }

  /** Counts n rows accepted. */
  parsed(n: number): void {
    this.t.parsedRows += n;
  }

  /**
   * Records a rejected line (1-based physical line, raw text without its line break). `detail` says what was
   * wrong (e.g. the column); the rejects file shows it after the reason. Throws once rejects exceed maxRejects.
   */
  reject(line: number, reason: RejectReason, text: string, detail?: string): void {
    const t = this.t;
    t.rejectedRows++;
    t.reasons[reason] = (t.reasons[reason] ?? 0) + 1;
    const why = detail ? `${reason}: ${detail}` : reason;
    t.first ??= { file: this.opts.file, line, reason: why };
    if (this.opts.rejectsPath !== null) this.write(`${this.opts.file}:${line}\t${escapeRejectText(why)}\t${escapeRejectText(text)}\n`);
    const max = this.opts.maxRejects;
    if (max !== undefined && t.rejectedRows > max) {
      this.flush();
      throw maxRejectsError(this.opts.input, t.first.file, t.rejectedRows, max, t.first);
    }
  }

  /** Flushes and closes the rejects file (if any line was rejected). Safe to call more than once. */
  async close(): Promise<void> {
    this.flush();
    if (this.t.fd !== null) {
      closeSync(this.t.fd);
      this.t.fd = null;
    }
  }

  private write(text: string): void {
    this.t.pending.push(text);
    this.t.pendingBytes += text.length;
    if (this.t.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    const t = this.t;
    if (t.pending.length === 0 || this.opts.rejectsPath === null) return;
    if (t.fd === null) {
      mkdirSync(dirname(this.opts.rejectsPath), { recursive: true });
      t.fd = openSync(this.opts.rejectsPath, 'w');
    }
    writeSync(t.fd, t.pending.join(''));
    t.pending = [];
    t.pendingBytes = 0;
  }
}
