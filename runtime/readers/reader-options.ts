// Options every reader takes (the contract of readSource in docs/architecture.md).
import type { RejectCollector } from '../rejects.ts';

export interface ReaderOptions {
  /** Max rows per RecordBatch. */
  readonly batchSize: number;
  /** Projection: only these columns (in schema order) are materialised. Rejects never depend on it. */
  readonly columns?: readonly string[];
  readonly rejects: RejectCollector;
  /** Progress, in bytes of the file on disk. */
  readonly onBytes?: (bytesSoFar: number, bytesTotal: number) => void;
  /** Bytes read per chunk (default 256 KiB); memory use is bounded by it and the longest line. */
  readonly chunkBytes?: number;
}
