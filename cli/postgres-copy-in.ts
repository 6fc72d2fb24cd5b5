// `COPY ... FROM STDIN` on a pg client without another package: a submittable query that answers the
// server's CopyInResponse with the file's bytes (waiting for the socket to drain) and reports the rows copied.
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import type { Client } from 'pg';

/** The parts of pg's connection a submittable talks to. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  readonly stream: NodeJS.WritableStream & { writableLength: number };
}

const HIGH_WATER = 1 << 20;

class CopyFromFile {
  private rows = 0;
  private settled = false;
  constructor(
    readonly text: string,
    private readonly file: string,
    private readonly done: (error: Error | null, rows: number) => void,
  ) {}

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    void (async () => {
      for await (const chunk of createReadStream(this.file)) {
        connection.sendCopyFromChunk(chunk as Buffer);
        if (connection.stream.writableLength > HIGH_WATER) await once(connection.stream, 'drain');
      }
      connection.endCopyFrom();
    })().catch((e: Error) => connection.sendCopyFail(`cannot read ${this.file}: ${e.message}`));
  }

  handleCommandComplete(msg: { text?: string }): void {
    const m = /^COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rows = Number(m[1]);
  }

  // pg hands an error to the query and forgets it: ReadyForQuery then goes to nobody, so settle here.
  handleError(error: Error): void {
    this.settle(error);
  }

  handleReadyForQuery(): void {
    this.settle(null);
  }

  private settle(error: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    this.done(error, this.rows);
  }

  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** Runs `copySql` (a `COPY ... FROM STDIN`) with the bytes of `file`; resolves to the rows copied. */
export function copyFromFile(client: Client, copySql: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = new CopyFromFile(copySql, file, (error, rows) => (error ? reject(error) : resolve(rows)));
    // pg runs any object with submit() as a query of its own protocol.
    (client as unknown as { query(q: unknown): void }).query(q);
  });
}
