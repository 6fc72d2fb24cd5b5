// One stream read by several consumers (a node feeding several others, or one input read by several
// sources): the upstream is computed once and each batch is kept only until every consumer has read it.
// Memory stays bounded while consumers advance together; when one reads far ahead of another (a join
// building its right side from the same node as its left), the lagging consumer's batches are buffered.
import type * as arrow from 'apache-arrow';
import type { BatchStream } from './kernels/operator-types.ts';

class Tee {
  private readonly buffer: arrow.RecordBatch[] = [];
  /** Absolute index of buffer[0]. */
  private base = 0;
  private readonly cursors: number[];
  private readonly open: boolean[];
  private upstream: AsyncIterator<arrow.RecordBatch> | null = null;
  private pulling: Promise<void> | null = null;
  private done = false;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly source: BatchStream,
    consumers: number,
  ) {
    this.cursors = new Array<number>(consumers).fill(0);
    this.open = new Array<boolean>(consumers).fill(true);
  }

  async next(c: number): Promise<IteratorResult<arrow.RecordBatch>> {
    while (this.open[c]) {
      const at = this.cursors[c] - this.base;
      if (at < this.buffer.length) {
        const batch = this.buffer[at];
        this.cursors[c]++;
        this.trim();
        return { done: false, value: batch };
      }
      if (this.failure) throw this.failure.error;
      if (this.done) break;
      await this.pull();
    }
    return { done: true, value: undefined };
  }

  async close(c: number): Promise<IteratorResult<arrow.RecordBatch>> {
    if (this.open[c]) {
      this.open[c] = false;
      this.trim();
      if (!this.open.some(Boolean) && !this.done) {
        this.done = true;
        await this.upstream?.return?.();
      }
    }
    return { done: true, value: undefined };
  }

  private pull(): Promise<void> {
    this.upstream ??= this.source[Symbol.asyncIterator]();
    this.pulling ??= this.upstream.next().then(
      (r) => {
        if (r.done) this.done = true;
        else this.buffer.push(r.value);
        this.pulling = null;
      },
      (error) => {
        this.failure = { error };
        this.pulling = null;
      },
    );
    return this.pulling;
  }

  /** Drops batches every open consumer has read. */
  private trim(): void {
    let min = Infinity;
    this.cursors.forEach((p, c) => this.open[c] && (min = Math.min(min, p)));
    if (min === Infinity) min = this.base + this.buffer.length;
    const drop = min - this.base;
    if (drop > 0) {
      this.buffer.splice(0, drop);
      this.base = min;
    }
  }
}

/** `consumers` streams each yielding every batch of `source`, which is read once. */
export function teeStream(source: BatchStream, consumers: number): BatchStream[] {
  if (consumers === 1) return [source];
  const tee = new Tee(source, consumers);
  return Array.from({ length: consumers }, (_, c) => ({
    [Symbol.asyncIterator]: (): AsyncIterator<arrow.RecordBatch> => ({
      next: () => tee.next(c),
      return: () => tee.close(c),
    }),
  }));
}
