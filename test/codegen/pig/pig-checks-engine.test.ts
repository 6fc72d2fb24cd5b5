// Data-quality checks on real Apache Pig 0.17 (local mode): every check kind on passing data, on failing data
// with a previous row count, and with a later run date, in one Pig JVM of their own (these cases hold every
// check kind at once, and a script with checks turns two optimizer rules off, so they stay out of the shared
// case batch). The results document Pig writes must equal the runtime's, check by check.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkCases, runtimeChecks } from './support/check-cases.ts';
import type { EngineCase } from './support/engine-cases.ts';
import { differences, runBoth, type BothResult } from './support/pig-vs-runtime.ts';

let cases: EngineCase[] = [];
const results = new Map<string, BothResult>();

beforeAll(async () => {
  cases = checkCases().map((c, i) => ({ key: `check/${i}`, ...c }));
  const both = await runBoth(cases);
  cases.forEach((c, i) => results.set(c.key, both[i]));
}, 900_000);

describe('data-quality checks on Pig', () => {
  const checked = () => cases;
  const pigChecks = (key: string) => {
    const r = results.get(key)!;
    if (!r.pig.ok) throw new Error(`Pig failed on ${key}: ${r.pig.error}`);
    return r.pig.checks;
  };

  it('write the outputs the runtime writes', () => {
    const diffs = cases.map((c) => [c.key, differences(c.plan, results.get(c.key)!)]).filter(([, d]) => d);
    expect(diffs.map(([k, d]) => `${k}:\n${d}`).join('\n\n')).toBe('');
  });

  it('give the runtime\'s results document, check by check, on passing and failing data', async () => {
    expect(checked().length).toBe(3);
    for (const c of checked()) expect({ key: c.key, ...pigChecks(c.key) }).toEqual({ key: c.key, ...(await runtimeChecks(c)) });
  });

  it('fail every kind on the failing table, with samples, and pass it on the passing one', () => {
    const [good, bad, late] = checked().map((c) => pigChecks(c.key)!.checks);
    expect(good.map((r) => r.status)).toEqual(good.map(() => 'pass'));
    expect(bad.filter((r) => r.status === 'fail').map((r) => r.kind).sort()).toEqual(['acceptedValues', 'expr', 'freshness', 'matches', 'notNull', 'range', 'references', 'rowCount', 'rowCount', 'unique']);
    expect(bad.find((r) => r.kind === 'unique')).toMatchObject({ failing: 1, samples: [{ id: '1', duplicates: '2' }] });
    expect(bad.find((r) => r.name === 'within half of the last run')).toMatchObject({ rows: 4, previousRows: 2, failing: 1 });
    expect(good.find((r) => r.name === 'within half of the last run')).toMatchObject({ previousRows: null, status: 'pass' });
    expect(late.filter((r) => r.status === 'fail').map((r) => r.kind)).toEqual(['rowCount', 'freshness']);
  });
});

