// Window functions and sessions over the people table: null partition keys, ties, NaN-free doubles with
// ±1e300, strings whose UTF-16 order differs from their code point order, and frames of every shape.
import { fromEpochSeconds, job } from '../../../../dsl/index.ts';

export const windowJob = job('spark-windows', 'window functions and sessions', (j) => {
  const people = j.csv('people', { id: 'int', g: 'string', x: 'int', d: 'double', s: 'string', flag: 'boolean' });
  // A total order (id last): row numbers, lag/lead and ROWS frames are then the same on every engine.
  people
    .window({ partitionBy: ['g'], orderBy: [['s', 'desc'], 'id'] }, (r, w) => ({
      rn: w.rowNumber(), rk: w.rank(), dr: w.denseRank(), prev: w.lag(r.s), next2: w.lead(r.x, 2, -1), back: w.lag(r.flag, 1, false),
      sx: w.sum(r.x), sd: w.sum(r.d), c: w.count(), cx: w.count(r.x), ax: w.avg(r.x), lo: w.min(r.s), hi: w.max(r.s, { rows: [-1, 1] }),
      maxd: w.max(r.d, { rows: [null, null] }), mind: w.min(r.d, { rows: [0, null] }), s3: w.sum(r.x, { rows: [-2, 0] }),
    }))
    .writeCsv('by_g');
  // Ties (x repeats) without a tie-break: only ranks, which ties do not change.
  people.select('id', 'x').window({ orderBy: [['x', 'desc']] }, (_r, w) => ({ rk: w.rank(), dr: w.denseRank() })).writeCsv('ranks');
  people.window({ partitionBy: ['flag'], orderBy: ['x', 'id'] }, (_r, w) => ({ rn: w.rowNumber() })).filter((r) => r.rn.le(2)).select('id', 'flag', 'rn').writeCsv('top2');
  people
    // Minutes x plus id seconds: distinct times (the index among equal times is not defined); null x: a null time.
    .select((r) => ({ id: r.id, g: r.g, at: fromEpochSeconds(r.x.cast('long').mul(60).add(r.id).add(1431856800)) }))
    .sessionize({ by: ['g'], time: 'at', gap: { minutes: 30 } })
    .writeCsv('sessions');
});
