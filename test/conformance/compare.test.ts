// The comparison rules of testing/compare-rules.ts (through test/harness/compare.ts): what counts as equal outputs, and what must be caught.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { field, type ColumnType, type Plan, type PlanNode, type SinkNode } from '../../plan/index.ts';
import { compareCase, compareRows, doublesClose, orderRuleFor, orderViolation, type Cell, type OrderRule } from '../harness/compare.ts';

const MULTISET: OrderRule = { kind: 'multiset' };
const byFirst = (limit: number | null = null): OrderRule => ({ kind: 'ordered', keys: [{ index: 0, desc: false }], limit });

describe('multisets', () => {
  const types: ColumnType[] = ['int', 'string'];
  it('ignores row order but not row counts', () => {
    const a = [['1', 'a'], ['2', 'b'], ['2', 'b']];
    expect(compareRows(a, [a[2], a[0], a[1]], types, MULTISET).equal).toBe(true);
    const r = compareRows(a, [a[0], a[1]], types, MULTISET, { labels: ['runtime', 'pig'] });
    expect(r.equal).toBe(false);
    expect(r.diff).toContain('runtime has 3 rows, pig has 2');
    expect(r.diff).toContain('only in runtime (1):\n    ["2","b"]');
  });

  it('tells null from the empty string unless asked not to, and only in string columns', () => {
    expect(compareRows([['1', '']], [['1', null]], types, MULTISET).equal).toBe(false);
    expect(compareRows([['1', '']], [['1', null]], types, MULTISET, { emptyStringIsNull: true }).equal).toBe(true);
    expect(compareRows([[null, 'a']], [['0', 'a']], types, MULTISET, { emptyStringIsNull: true }).equal).toBe(false);
  });

  it('refuses rows of the wrong width', () => {
    expect(compareRows([['1']], [['1']], types, MULTISET).diff).toContain('a row has 1 cells, expected 2');
  });

  it('equals any permutation of itself, and never equals a changed copy (property)', () => {
    const cell = fc.option(fc.string({ maxLength: 3 }), { nil: null });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 12 }), fc.nat(), fc.string({ minLength: 4, maxLength: 4 }), (rows, k, junk) => {
        const shuffled = [...rows.slice(k % rows.length), ...rows.slice(0, k % rows.length)].reverse();
        expect(compareRows(rows, shuffled, ['string', 'string'], MULTISET).equal).toBe(true);
        const changed = rows.map((r, i) => (i === k % rows.length ? [junk, r[1]] : r));
        const same = rows[k % rows.length][0] === junk;
        expect(compareRows(rows, changed, ['string', 'string'], MULTISET).equal).toBe(same);
      }),
    );
  });
});

describe('doubles', () => {
  it('are equal within a relative 1e-9, NaN equal to NaN, infinities only to themselves', () => {
    expect(doublesClose('0.30000000000000004', '0.3', 1e-9)).toBe(true);
    expect(doublesClose('1.0E20', '100000000000000000000', 1e-9)).toBe(true);
    expect(doublesClose('1.0', '1.000001', 1e-9)).toBe(false);
    expect(doublesClose('NaN', 'NaN', 1e-9)).toBe(true);
    expect(doublesClose('NaN', '0.0', 1e-9)).toBe(false);
    expect(doublesClose('Infinity', '1.7976931348623157E308', 1e-9)).toBe(false);
    expect(doublesClose('-Infinity', '-Infinity', 1e-9)).toBe(true);
    expect(doublesClose('-0.0', '0.0', 1e-9)).toBe(true);
    expect(doublesClose('abc', 'abc ', 1e-9)).toBe(false);
  });

  it('only in double columns: text columns compare exactly', () => {
    expect(compareRows([['1.0']], [['1']], ['double'], MULTISET).equal).toBe(true);
    expect(compareRows([['1.0']], [['1']], ['string'], MULTISET).equal).toBe(false);
  });
});

describe('ordered outputs', () => {
  const types: ColumnType[] = ['int', 'string'];
  it('compares the sort-key sequence in order and tie groups as multisets', () => {
    const a = [['1', 'x'], ['1', 'y'], ['2', 'z']];
    expect(compareRows(a, [['1', 'y'], ['1', 'x'], ['2', 'z']], types, byFirst()).equal).toBe(true);
    const swapped = compareRows(a, [['2', 'z'], ['1', 'x'], ['1', 'y']], types, byFirst());
    expect(swapped.equal).toBe(false);
    expect(swapped.diff).toContain('differs first at row 1');
    const wrongTie = compareRows(a, [['1', 'x'], ['1', 'q'], ['2', 'z']], types, byFirst());
    expect(wrongTie.diff).toContain('tie group at rows 1-2');
  });

  it('under a limit that filled up, leaves the last tie group free but still checks its keys', () => {
    const a = [['1', 'x'], ['2', 'y'], ['2', 'z']];
    expect(compareRows(a, [['1', 'x'], ['2', 'w'], ['2', 'v']], types, byFirst(3)).equal).toBe(true);
    expect(compareRows(a, [['1', 'x'], ['2', 'w'], ['3', 'v']], types, byFirst(3)).equal).toBe(false);
    expect(compareRows(a, [['1', 'q'], ['2', 'y'], ['2', 'z']], types, byFirst(3)).equal).toBe(false);
    // Fewer rows than the limit: nothing was cut, every group is determined.
    expect(compareRows(a, [['1', 'x'], ['2', 'w'], ['2', 'v']], types, byFirst(5)).equal).toBe(false);
  });

  it('re-sorts rows whose order was lost before comparing under a limit', () => {
    const rule: OrderRule = { kind: 'ordered', keys: [{ index: 0, desc: true }], limit: 2, resort: true };
    expect(compareRows([['1', 'a'], ['2', 'b']], [['2', 'b'], ['1', 'c']], types, rule).equal).toBe(true);
    expect(compareRows([['1', 'a'], ['2', 'b']], [['2', 'x'], ['1', 'c']], types, rule).equal).toBe(false);
    expect(compareRows([['1', 'a'], ['2', 'b']], [['2', 'b'], ['0', 'c']], types, rule).equal).toBe(false);
  });

  it('a limit over unordered rows determines only the count', () => {
    expect(compareRows([['1', 'a']], [['9', 'b']], types, { kind: 'count' }).equal).toBe(true);
    expect(compareRows([['1', 'a']], [], types, { kind: 'count' }).equal).toBe(false);
  });

  it('checks the order docs/semantics.md defines: nulls first ascending, last descending, UTF-16 strings', () => {
    expect(orderViolation([[null], ['1'], ['10']], ['int'], [{ index: 0, desc: false }])).toBeNull();
    expect(orderViolation([['10'], ['9']], ['int'], [{ index: 0, desc: false }])).toContain('rows 1 and 2');
    expect(orderViolation([['2'], ['1'], [null]], ['long'], [{ index: 0, desc: true }])).toBeNull();
    expect(orderViolation([[null], ['1']], ['long'], [{ index: 0, desc: true }])).not.toBeNull();
    // U+1F600 sorts after U+FF5E by code point, but before it by UTF-16 units (0xD83D < 0xFF5E).
    expect(orderViolation([['\uD83D\uDE00'], ['\uFF5E']], ['string'], [{ index: 0, desc: false }])).toBeNull();
    expect(orderViolation([['\uFF5E'], ['\uD83D\uDE00']], ['string'], [{ index: 0, desc: false }])).not.toBeNull();
    expect(orderViolation([['false'], ['true']], ['boolean'], [{ index: 0, desc: false }])).toBeNull();
  });
});

describe('order rules from the plan', () => {
  const loc = { file: 't', line: 1, column: 1 };
  const schema = [field('k', 'int'), field('v', 'string')];
  const node = (n: object) => ({ loc, schema, ...n }) as unknown as PlanNode;
  const planOf = (...nodes: PlanNode[]): Plan => ({ format: 'emr-jobs/plan', version: 1, job: 'j', description: '', nodes });
  const src = node({ id: 's', kind: 'source', input: 'in', format: { kind: 'csv', header: true, delimiter: ',' } });
  const sort = node({ id: 'o', kind: 'sort', input: 's', keys: [{ column: 'v', desc: true }] });
  const sink = (input: string, partitionBy: string | null = null) => node({ id: 'out', kind: 'sink', input, output: 'o', format: 'csv', partitionBy }) as SinkNode;

  it('a sort before the sink orders; a limit over it cuts; anything else is a multiset', () => {
    expect(orderRuleFor(planOf(src, sort, sink('o')), sink('o'))).toEqual({ kind: 'ordered', keys: [{ index: 1, desc: true }], limit: null });
    const lim = node({ id: 'l', kind: 'limit', input: 'o', n: 3 });
    expect(orderRuleFor(planOf(src, sort, lim, sink('l')), sink('l'))).toEqual({ kind: 'ordered', keys: [{ index: 1, desc: true }], limit: 3 });
    const lim2 = node({ id: 'l', kind: 'limit', input: 's', n: 3 });
    expect(orderRuleFor(planOf(src, lim2, sink('l')), sink('l'))).toEqual({ kind: 'count' });
    expect(orderRuleFor(planOf(src, sort, sink('o', 'k')), sink('o', 'k'))).toEqual({ kind: 'multiset' });
    // Partition folders lose the order, but not the limit's cut.
    expect(orderRuleFor(planOf(src, sort, lim, sink('l', 'k')), sink('l', 'k'))).toEqual({ kind: 'ordered', keys: [{ index: 1, desc: true }], limit: 3, resort: true });
    expect(orderRuleFor(planOf(src, sink('s')), sink('s'))).toEqual({ kind: 'multiset' });
  });

  it('compareCase names the output and its columns, and a missing output', () => {
    const plan = planOf(src, sink('s'));
    const r = compareCase(plan, { o: [['1', 'a']] }, { o: [['1', 'b']] }, { labels: ['runtime', 'spark'] });
    expect(r.diff).toContain("output 'o' [k:int, v:string]");
    expect(compareCase(plan, { o: [] }, {}, { labels: ['runtime', 'spark'] }).diff).toBe("output 'o': missing from spark");
    expect(compareCase(plan, { o: [['1', 'a']] as Cell[][] }, { o: [['1', 'a']] }).equal).toBe(true);
  });
});
