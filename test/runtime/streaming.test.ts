// Streaming behaviour: streaming operators pull their input only as their output is read, limit stops
// its input early, and a shared node's batches are held only until every reader has taken them.
import type * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { count, job } from '../../dsl/index.ts';
import type { Plan } from '../../plan/index.ts';
import { buildSinkStreams } from '../../runtime/plan-executor.ts';
import { teeStream } from '../../runtime/shared-stream.ts';
import { batchOf, fieldsOf } from './support/memory-tables.ts';

const spec = { s: 'string', n: 'int' } as const;
const F = fieldsOf(spec);

/** A source of `batches` batches of 4 rows that records how many it produced and whether it was closed. */
function counted(batches: number) {
  const state = { produced: 0, closed: false };
  const stream = (async function* () {
    try {
      for (let b = 0; b < batches; b++) {
        state.produced++;
        yield batchOf(F, [0, 1, 2, 3].map((i) => [`a/b/${i}`, b * 4 + i]));
      }
    } finally {
      state.closed = true;
    }
  })();
  return { state, stream };
}

async function drainWatching(plan: Plan, batches: number) {
  const { state, stream } = counted(batches);
  const [sink] = buildSinkStreams(plan, 4, () => stream);
  let consumed = 0;
  let maxAhead = 0;
  for await (const _ of sink.stream) {
    consumed++;
    maxAhead = Math.max(maxAhead, state.produced - consumed);
  }
  return { state, consumed, maxAhead };
}

describe('streaming', () => {
  it('filter, project, explode and union read one batch ahead at most', async () => {
    const p = job('s', 's', (j) => {
      const t = j.csv('t', spec).filter((r) => r.n.ge(0)).select((r) => ({ s: r.s, m: r.n.add(1) }));
      t.explode('s', { separator: '/', as: 'part' }).select('s', 'm').union(t.filter((r) => r.m.lt(0))).writeCsv('out');
    }).plan();
    const { consumed, maxAhead, state } = await drainWatching(p, 200);
    expect(state.produced).toBe(200);
    expect(consumed).toBe(600);
    expect(maxAhead).toBeLessThanOrEqual(1);
  });

  it('limit stops reading and closes its input', async () => {
    const p = job('s', 's', (j) => j.csv('t', spec).limit(10).writeCsv('out')).plan();
    const { state, consumed } = await drainWatching(p, 1000);
    expect(consumed).toBe(3);
    expect(state.produced).toBe(3);
    expect(state.closed).toBe(true);
  });

  it('aggregate consumes its whole input and emits groups', async () => {
    const p = job('s', 's', (j) => j.csv('t', spec).groupBy('s').agg(() => ({ c: count() })).writeCsv('out')).plan();
    const { state, consumed } = await drainWatching(p, 50);
    expect(state.produced).toBe(50);
    expect(consumed).toBe(1);
  });
});

describe('teeStream', () => {
  const take = async (it: AsyncIterator<arrow.RecordBatch>, n: number) => {
    for (let i = 0; i < n; i++) await it.next();
  };

  it('reads the source once and holds batches only until every reader has them', async () => {
    const { state, stream } = counted(100);
    const [a, b] = teeStream(stream, 2).map((s) => s[Symbol.asyncIterator]());
    for (let i = 0; i < 100; i++) {
      await take(a, 1);
      await take(b, 1);
      expect(state.produced).toBe(i + 1);
    }
    expect((await a.next()).done).toBe(true);
    expect((await b.next()).done).toBe(true);
    expect(state.produced).toBe(100);
  });

  it('a reader that stops does not hold the others back; the last one to stop closes the source', async () => {
    const { state, stream } = counted(100);
    const [a, b] = teeStream(stream, 2).map((s) => s[Symbol.asyncIterator]());
    await take(a, 2);
    await a.return!();
    await take(b, 5);
    expect(state.closed).toBe(false);
    await b.return!();
    expect(state.closed).toBe(true);
    expect(state.produced).toBe(5);
  });

  it('passes a failure on to every reader', async () => {
    const failing = (async function* () {
      yield batchOf(F, [['x', 1]]);
      throw new Error('boom');
    })();
    const [a, b] = teeStream(failing, 2).map((s) => s[Symbol.asyncIterator]());
    expect((await a.next()).done).toBe(false);
    await expect(a.next()).rejects.toThrow('boom');
    expect((await b.next()).done).toBe(false);
    await expect(b.next()).rejects.toThrow('boom');
  });
});
