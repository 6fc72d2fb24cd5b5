// Property test: CSV written from Arrow bytes (csv-bytes.ts) is byte for byte the UTF-8 of the text that
// row-formats.ts gives for the same rows: quoting, nulls, empty strings, non-ASCII and lone surrogates,
// 64-bit longs, doubles, booleans, timestamps and dates at and past year 9999, sliced batches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { field, type ColumnType } from '../../plan/index.ts';
import { encodeLane } from '../../runtime/columns/lane-codec.ts';
import { laneOfScalars, type Scalar } from '../../runtime/columns/lane.ts';
import { decodeLane } from '../../runtime/columns/lane-codec.ts';
import { columnData, makeBatch } from '../../runtime/columns/record-batch.ts';
import { ByteOutput } from '../../runtime/writers/byte-output.ts';
import { csvRowEncoder } from '../../runtime/writers/csv-bytes.ts';
import { ROW_FORMATS } from '../../runtime/writers/row-formats.ts';

const TYPES: ColumnType[] = ['string', 'int', 'long', 'double', 'boolean', 'timestamp', 'date'];
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', '"', ',', '\r', '\n', ' ', 'é', '\u{1F600}', '\ud800', '\udc00', '\u2028', 'x'), maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constant(''),
);
const VALUES: { readonly [T in ColumnType]: fc.Arbitrary<Scalar> } = {
  string: text,
  int: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  long: fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }), fc.constantFrom(0n, -1n, 2n ** 32n, 2n ** 53n)),
  double: fc.oneof(fc.double(), fc.constantFrom(0, -0, 1e7, 1e-3, NaN, Infinity)),
  boolean: fc.constantFrom(0, 1),
  timestamp: fc.oneof(
    fc.integer({ min: Date.UTC(-300, 0, 1), max: Date.UTC(12000, 0, 1) }),
    fc.integer({ min: Date.UTC(2015, 4, 17), max: Date.UTC(2015, 4, 21) }),
    fc.constantFrom(0, -1, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(10000, 0, 1)),
  ),
  date: fc.integer({ min: -800_000, max: 3_000_000 }),
};

const ROWS = 40;
const column = fc.constantFrom(...TYPES).chain((type) =>
  fc.record({
    type: fc.constant(type),
    values: fc.oneof(
      fc.array(VALUES[type], { minLength: ROWS, maxLength: ROWS }),
      fc.array(fc.option(VALUES[type], { nil: null }), { minLength: ROWS, maxLength: ROWS }),
      fc.constant(new Array<null>(ROWS).fill(null)),
    ),
  }),
);

describe('CSV from Arrow bytes', () => {
  it('equals the UTF-8 of the text rows, for any columns, nulls and slices', () => {
    fc.assert(
      fc.property(
        fc.array(column, { minLength: 0, maxLength: 6 }),
        fc.integer({ min: 0, max: ROWS }),
        fc.nat(),
        fc.nat(),
        (cols, n, sliceStart, sliceLen) => {
          const fields = cols.map((c, i) => field(`c${i}`, c.type));
          const lanes = cols.map((c) => laneOfScalars(c.type, c.values.slice(0, n)));
          let batch = makeBatch(fields, lanes.map(encodeLane), n);
          const from = n === 0 ? 0 : sliceStart % n;
          batch = batch.slice(from, from + (sliceLen % (n - from + 1)));
          const want = Buffer.from(ROW_FORMATS.csv(fields).lines(fields.map((f) => decodeLane(columnData(batch, f.name), f.type)), batch.numRows).join(''), 'utf8');
          const out = new ByteOutput();
          const encode = csvRowEncoder(batch, fields);
          for (let i = 0; i < batch.numRows; ) i = encode(i, out);
          expect(out.buf.subarray(0, out.pos).toString('hex')).toBe(want.toString('hex'));
        },
      ),
      { numRuns: 300 },
    );
  });
});
