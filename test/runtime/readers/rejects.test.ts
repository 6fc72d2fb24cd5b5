// RejectCollector: counts, the rejects file format (escaping), the file only when needed, and --max-rejects.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobError } from '../../../plan/index.ts';
import { readAll } from '../../../runtime/readers/index.ts';
import { RejectCollector } from '../../../runtime/rejects.ts';
import { logNode, sample, tempDir, tempFile } from './reader-fixtures.ts';

describe('RejectCollector', () => {
  it('counts rows and reasons, and writes escaped raw text', async () => {
    const path = join(tempDir(), 'out', '_rejects', 'logs.rejects');
    const c = new RejectCollector({ input: 'logs', file: 'data/in.log', rejectsPath: path });
    c.parsed(5);
    c.reject(2, 'no-match', 'a\tb\rc\\n');
    c.reject(9, 'bad-time', 'x', 'time: "y" is not ...');
    c.parsed(1);
    await c.close();
    expect([c.rowsRead, c.rowsParsed, c.rejected]).toEqual([8, 6, 2]);
    expect(c.byReason).toEqual({ 'no-match': 1, 'bad-time': 1 });
    expect(readFileSync(path, 'utf8')).toBe('data/in.log:2\tno-match\ta\\tb\\rc\\n\ndata/in.log:9\tbad-time: time: "y" is not ...\tx\n');
  });

  it('writes no file when nothing is rejected, or when no path is given', async () => {
    const path = join(tempDir(), 'none.rejects');
    const c = new RejectCollector({ input: 'in', file: 'f', rejectsPath: path });
    c.parsed(3);
    await c.close();
    expect(existsSync(path)).toBe(false);
    const d = new RejectCollector({ input: 'in', file: 'f', rejectsPath: null });
    d.reject(1, 'no-match', 'x');
    await d.close();
    expect(d.rejected).toBe(1);
  });

  it('throws an input error naming the file and the first reject once rejects exceed maxRejects', async () => {
    const path = join(tempDir(), 'max.rejects');
    const c = new RejectCollector({ input: 'logs', file: 'in.log', rejectsPath: path, maxRejects: 2 });
    c.reject(3, 'bad-number', 'a', 'status: "x" is not a 32-bit integer');
    c.reject(4, 'no-match', 'b');
    let err: unknown;
    try {
      c.reject(7, 'no-match', 'c');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JobError);
    const je = err as JobError;
    expect(je.kind).toBe('input');
    expect(je.message).toBe(
      `input 'logs' (in.log): 3 lines rejected, more than --max-rejects 2; first: line 3 (bad-number: status: "x" is not a 32-bit integer)`,
    );
    expect(je.where).toEqual({ file: 'in.log', line: 3 });
    expect(je.describe()).toMatch(/^in\.log:3: input error: /);
    // what was rejected so far is on disk for the user to look at
    expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it('stops a read at the (maxRejects + 1)th bad line', async () => {
    const lines = ['bad one', 'bad two', 'bad three', 'bad four'];
    const err = await readAll(logNode('combined'), tempFile(lines.join('\n')), { maxRejects: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JobError);
    expect((err as JobError).message).toContain('1 lines rejected, more than --max-rejects 0; first: line 1 (no-match)');
    const ok = await readAll(logNode('combined'), sample('access_logs/apache_logs'), { maxRejects: 1 });
    expect(ok.rejects.rejected).toBe(1);
  });
});
