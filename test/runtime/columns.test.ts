// The column layer against Arrow's own getters: decoding lanes, gathering and concatenating rows, on
// sliced data (non-zero offsets, as limit produces) for every column type.
import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ColumnType } from '../../plan/index.ts';
import { arrowType } from '../../runtime/arrow-types.ts';
import { decodeLane, encodeLane } from '../../runtime/columns/lane-codec.ts';
import { scalarAt } from '../../runtime/columns/lane.ts';
import { concatData, takeRows } from '../../runtime/columns/take-rows.ts';

const DAY = 86_400_000;
const VALUE: Record<ColumnType, fc.Arbitrary<unknown>> = {
  string: fc.string({ unit: fc.constantFrom('a', 'é', '\u{1F600}', ',', '') }),
  int: fc.integer(),
  long: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  double: fc.double(),
  boolean: fc.boolean(),
  timestamp: fc.integer({ min: -1e13, max: 1e13 }),
  date: fc.integer({ min: -100_000, max: 100_000 }).map((d) => d * DAY),
};
const TYPES = Object.keys(VALUE) as ColumnType[];

const columnArb = fc.constantFrom(...TYPES).chain((type) =>
  fc.record({
    type: fc.constant(type),
    values: fc.array(fc.option(VALUE[type], { nil: null, freq: 3 }), { minLength: 1, maxLength: 40 }),
    cut: fc.tuple(fc.nat(), fc.nat()),
  }),
);

/** A sliced Arrow column and the values Arrow itself reads from it. */
function sliced(type: ColumnType, values: unknown[], cut: [number, number]) {
  const full = arrow.vectorFromArray(values, arrowType(type)).data[0];
  const start = cut[0] % values.length;
  const len = cut[1] % (values.length - start + 1);
  const data = full.slice(start, len);
  const vec = arrow.makeVector(data);
  return { data, expected: Array.from({ length: len }, (_, i) => vec.get(i)) };
}

/** Arrow's value as a lane value (booleans 0/1, dates in days). */
const asLane = (type: ColumnType, v: unknown) => (v === null ? null : type === 'boolean' ? (v ? 1 : 0) : type === 'date' ? (v as number) / DAY : v);
const readBack = (d: arrow.Data) => {
  const vec = arrow.makeVector(d);
  return Array.from({ length: d.length }, (_, i) => vec.get(i));
};

describe('column layer', () => {
  it('decodes sliced columns of every type as Arrow reads them, and encodes them back', () => {
    fc.assert(
      fc.property(columnArb, ({ type, values, cut }) => {
        const { data, expected } = sliced(type, values, cut);
        const lane = decodeLane(data, type);
        expect(Array.from({ length: lane.length }, (_, i) => scalarAt(lane, i))).toEqual(expected.map((v) => asLane(type, v)));
        expect(readBack(encodeLane(lane))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('gathers rows by index (-1 = null) from sliced columns', () => {
    fc.assert(
      fc.property(columnArb, fc.array(fc.integer({ min: -1, max: 50 }), { maxLength: 30 }), ({ type, values, cut }, picks) => {
        const { data, expected } = sliced(type, values, cut);
        const idx = Int32Array.from(picks.map((p) => (p < 0 || data.length === 0 ? -1 : p % data.length)));
        expect(readBack(takeRows(data, type, idx))).toEqual(Array.from(idx, (i) => (i < 0 ? null : expected[i])));
      }),
      { numRuns: 300 },
    );
  });

  it('concatenates sliced chunks in order', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fc.array(fc.tuple(fc.array(fc.option(fc.constant(0), { nil: null }), { minLength: 1, maxLength: 9 }), fc.nat(), fc.nat()), { minLength: 1, maxLength: 5 }), (type, chunks) => {
        const sample = fc.sample(VALUE[type], 60);
        const parts = chunks.map(([mask, a, b]) => sliced(type, mask.map((m, i) => (m === null ? null : sample[i % sample.length])), [a, b]));
        expect(readBack(concatData(parts.map((p) => p.data), type))).toEqual(parts.flatMap((p) => p.expected));
      }),
      { numRuns: 200 },
    );
  });
});
