// Property test: grouping by the UTF-8 bytes of a string column (utf8-group-index.ts) numbers groups
// exactly as a Map of the decoded strings does: first-seen order, one group for nulls, across batches and
// sliced data, with colliding-looking and non-ASCII keys.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeLane } from '../../runtime/columns/lane-codec.ts';
import { laneOfScalars, type Scalar } from '../../runtime/columns/lane.ts';
import { Utf8KeyGroups } from '../../runtime/kernels/utf8-group-index.ts';

const key = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'ab', 'ba', '/index.html', '/index.html?x=1', 'é', 'e\u0301', '\u{1F600}', '\ud800'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 20 }),
);
const batch = fc.array(fc.option(key, { nil: null, freq: 6 }), { maxLength: 60 });

describe('Utf8KeyGroups', () => {
  it('numbers groups as a Map of the decoded keys does', () => {
    fc.assert(
      fc.property(fc.array(batch, { minLength: 1, maxLength: 8 }), fc.nat({ max: 5 }), (batches, start) => {
        const groups = new Utf8KeyGroups();
        const keys: (Scalar | null)[] = [];
        const map = new Map<string | null, number>();
        const wantKeys: (string | null)[] = [];
        let count = start;
        let first = start;
        for (const values of batches) {
          // A lone surrogate is stored as U+FFFD, so the oracle groups the stored text.
          const stored = values.map((v) => (v === null ? null : Buffer.from(v, 'utf8').toString('utf8')));
          const data = encodeLane(laneOfScalars('string', stored));
          const gid = new Int32Array(values.length);
          count = groups.assign(data, gid, count, keys);
          const want = stored.map((v) => {
            let g = map.get(v);
            if (g === undefined) {
              g = first++;
              map.set(v, g);
              wantKeys.push(v);
            }
            return g;
          });
          expect([...gid]).toEqual(want);
          // Sliced data reads the same rows.
          if (values.length > 2) {
            const sliced = data.slice(1, values.length - 2);
            const again = new Int32Array(sliced.length);
            count = groups.assign(sliced, again, count, keys);
            expect([...again]).toEqual(want.slice(1, values.length - 1));
          }
        }
        expect(count).toBe(first);
        expect(keys).toEqual(wantKeys);
      }),
      { numRuns: 300 },
    );
  });
});
