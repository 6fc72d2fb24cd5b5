// Aggregates, joins, sorts, limits, explode, distinct and union over small tables with null keys,
// duplicate rows and strings whose UTF-16 order differs from their code point order.
import { count, countDistinct, first, job, last, lit, max, min, sum, avg } from '../../../../dsl/index.ts';

export const PEOPLE_CSV = [
  'id,g,x,d,s,flag',
  '1,a,10,1.5,apple/pie//,true',
  '2,a,,2.5,😀,false',
  '3,b,-3,,\uffff,',
  '4,,7,0.25,\ue000/x,true',
  '5,,7,0.25,,false',
  '6,c,,,a,true',
  '7,b,2147483647,-1e300,Zebra,false',
  '8,b,2147483647,1e300,zebra/,true',
  '9,a,10,1.5,apple/pie//,true',
].join('\n');

export const ORDERS_CSV = ['oid,id,amount', '100,1,5', '101,1,7', '102,3,', '103,,9', '104,42,1', '105,9,0'].join('\n');

export const relationalJob = job('spark-relational', 'aggregates, joins, order and row operators', (j) => {
  const people = j.csv('people', { id: 'int', g: 'string', x: 'int', d: 'double', s: 'string', flag: 'boolean' });
  const orders = j.csv('orders', { oid: 'long', id: 'long', amount: 'int' });

  people
    .groupBy('g')
    .agg((r) => ({
      rows: count(), xs: count(r.x), distinct_x: countDistinct(r.x), sum_x: sum(r.x), avg_d: avg(r.d), sum_d: sum(r.d),
      min_s: min(r.s), max_s: max(r.s), min_x: min(r.x), max_d: max(r.d),
    }))
    .writeCsv('by_group');

  people.filter((r) => r.id.gt(100)).agg((r) => ({ rows: count(), sum_x: sum(r.x), max_s: max(r.s) })).writeCsv('empty_agg');
  // Ordered first/last of a global aggregate: a bounded top-1 per call, not a window over every row.
  people.agg((r) => ({ rows: count(), fs: first(r.s, { orderBy: [[r.d, 'desc'], r.id] }), lx: last(r.x, { orderBy: r.g }) })).writeCsv('global_ordered');
  people.filter((r) => r.id.gt(100)).agg((r) => ({ fs: first(r.s, { orderBy: [[r.d, 'desc']] }), lx: last(r.x, { orderBy: r.g }) })).writeCsv('empty_ordered');
  people.groupBy((r) => ({ big: r.x.gt(0), flag: r.flag })).agg(() => ({ n: count() })).writeCsv('computed_keys');

  for (const how of ['inner', 'left', 'right', 'full'] as const) {
    people.select('id', 'g').join(orders, { on: ['id'], how }).writeCsv(`join_${how}`);
  }
  people.join(orders.rename({ id: 'person' }), { on: [['x', 'oid']], how: 'full' }).writeCsv('join_pairs');
  // int = long keys; person 1 has two orders, one order has a null id.
  people.select('id', 'g').semiJoin(orders, { on: ['id'] }).writeCsv('semi');
  people.select('id', 'g').antiJoin(orders, { on: ['id'] }).writeCsv('anti');
  const flagged = people.filter((r) => r.flag).select('g', 'x');
  people.select('id', 'g', 'x').semiJoin(flagged, { on: ['g', 'x'] }).writeCsv('semi_two_keys');
  people.select('id', 'g', 'x').antiJoin(flagged, { on: ['g', 'x'] }).writeCsv('anti_two_keys');
  people.select('id', 's').join(people.select((r) => ({ id: r.id, s2: r.s })), { on: ['id'] }).writeCsv('self_join');
  people.select('id').crossJoin(orders.select('oid', 'amount'), { maxRows: 54 }).writeCsv('cross');
  // v is -0.0 for d = -1e300 and 0.0 for 1e300; w is NaN for both (Infinity - Infinity); null for a null d.
  const z = people.select((r) => ({ g: r.g, v: r.d.mul(0), w: r.d.div(1e-300).sub(r.d.div(1e-300)) }));
  const bs = z.filter((r) => r.g.eq('b'));
  z.except(bs).writeCsv('except');
  z.intersect(bs).writeCsv('intersect');

  people.orderBy('s', ['id', 'desc']).writeCsv('by_s');
  people.orderBy(['x', 'desc'], ['d', 'desc'], 'id').writeCsv('by_x_desc');
  people.orderBy('flag', 'id').limit(4).writeCsv('first_flags');
  people.orderBy(['s', 'desc'], 'id').limit(3).select('s', 'id').writeCsv('top_s');

  people.explode('s', { separator: '/', as: 'part' }).select('id', 'part').writeCsv('parts');
  people.select('g', 's').distinct().writeCsv('distinct_gs');
  people.select('id', 'g').union(people.select((r) => ({ id: r.id.add(lit(100)), g: r.s }))).writeCsv('unioned');
});
