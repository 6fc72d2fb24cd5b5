// Column lineage from the plan: each node kind's value lineage (exact expressions and origins) kept apart
// from row-level influence (filters, keys, orders), constants and parameters named as such, ML models traced
// to what they predict from and were trained on, and pipelines traced across stages by column name.
import { describe, expect, it } from 'vitest';
import { aggText, exprText } from '../../cli/expr-text-printer.ts';
import { count, first, job, lit } from '../../dsl/index.ts';
import { ml } from '../../dsl/ml/index.ts';
import { columnLineage, NODE_KINDS, pipelineLineage, type ColumnLineage, type Origin, type Plan } from '../../plan/index.ts';
import topPages from '../../jobs/top-pages.ts';
import webAnalytics from '../../jobs/web-analytics.ts';

const PRINT = { expr: exprText, agg: aggText };
const kindsSeen = new Set<string>();

function lineageOf(plan: Plan): Map<string, ColumnLineage> {
  plan.nodes.forEach((n) => kindsSeen.add(n.kind));
  return new Map(columnLineage(plan, PRINT).map((l) => [`${l.output}.${l.column}`, l]));
}

const col = (input: string, column: string, format = 'csv'): Origin => ({ kind: 'column', input, column, format });
const rowsOf = (input: string, format = 'csv'): Origin => ({ kind: 'rows', input, format });
const roles = (l: ColumnLineage) => l.dependsOn.map((d) => d.role);
const dep = (l: ColumnLineage, role: string) => l.dependsOn.find((d) => d.role === role)!;

const ab = (body: (a: ReturnType<typeof csvA>, b: ReturnType<typeof csvB>) => void) =>
  job('ab', 'two inputs', (j) => body(csvA(j), csvB(j))).plan();
const csvA = (j: Parameters<Parameters<typeof job>[2]>[0]) => j.csv('a', { k: 'string', x: 'long' });
const csvB = (j: Parameters<Parameters<typeof job>[2]>[0]) => j.csv('b', { k: 'string', y: 'long' });

describe('value lineage and row influence per node kind', () => {
  it('top-pages (source, filter, aggregate, sort, limit, sink): count() is made of rows; filter and keys only affect rows', () => {
    const plan = topPages.plan();
    const l = lineageOf(plan);
    expect([...l.keys()]).toEqual(['top_pages.path', 'top_pages.hits', 'top_pages.bytes']);
    const path = l.get('top_pages.path')!;
    expect(path.expression).toBe('logs.path');
    expect(path.origins).toEqual([col('logs', 'path', 'combined')]);
    expect(path.steps).toEqual([]);
    const hits = l.get('top_pages.hits')!;
    expect(hits.expression).toBe('count() over logs (grouped by logs.path)');
    expect(hits.origins).toEqual([rowsOf('logs', 'combined')]);
    expect(hits.steps.map((s) => [s.kind, s.text])).toEqual([['aggregate', 'hits = count() grouped by path']]);
    expect(hits.steps[0].loc).toBe('jobs/top-pages.ts:8:6');
    expect(l.get('top_pages.bytes')!.expression).toBe('sum(logs.bytes) over logs (grouped by logs.path)');
    expect(l.get('top_pages.bytes')!.origins).toEqual([col('logs', 'bytes', 'combined')]);
    for (const c of l.values()) {
      expect(roles(c)).toEqual(['filter', 'group key', 'sort key', 'limit']);
      expect(dep(c, 'filter').text).toBe('(status >= 200) and (status <= 299)');
      expect(dep(c, 'filter').origins).toEqual([col('logs', 'status', 'combined')]);
      expect(dep(c, 'group key').origins).toEqual([col('logs', 'path', 'combined')]);
      expect(dep(c, 'sort key').origins).toEqual([rowsOf('logs', 'combined'), col('logs', 'path', 'combined')]);
      expect(dep(c, 'limit').origins).toEqual([]);
    }
  });

  it('project: expressions composed down to input columns; parameters and constants shown as such', () => {
    const plan = job('p', 'x', (j) => {
      const day = j.param('day', 'date');
      j.accessLog('logs')
        .derive((r) => ({ hour: r.time.truncHour(), big: r.bytes.mul(2) }))
        .select((r) => ({ hour: r.hour, twice: r.big.add(1), year: day.year(), one: lit(1) }))
        .writeCsv('out');
    }).plan();
    const l = lineageOf(plan);
    expect(l.get('out.hour')!.expression).toBe('truncHour(logs.time)');
    expect(l.get('out.hour')!.origins).toEqual([col('logs', 'time', 'combined')]);
    expect(l.get('out.twice')!.expression).toBe('(logs.bytes * 2) + 1');
    expect(l.get('out.twice')!.steps.map((s) => s.text)).toEqual(['twice = big + 1', 'big = bytes * 2']);
    expect(l.get('out.year')!.origins).toEqual([{ kind: 'param', name: 'day' }]);
    expect(l.get('out.year')!.expression).toBe('year($day)');
    expect(l.get('out.one')!.origins).toEqual([{ kind: 'constant', text: '1' }]);
    expect(l.get('out.one')!.dependsOn).toEqual([]);
  });

  it('join: sides by name, the USING key of a full join is coalesce(left, right), keys of both sides are row influence', () => {
    const left = lineageOf(ab((a, b) => a.join(b, { on: ['k'], how: 'left' }).writeCsv('o')));
    expect(left.get('o.k')!.expression).toBe('a.k');
    expect(left.get('o.y')!.origins).toEqual([col('b', 'y')]);
    expect(dep(left.get('o.x')!, 'join key').origins).toEqual([col('a', 'k'), col('b', 'k')]);
    expect(dep(left.get('o.x')!, 'join key').text).toBe('left join on k');
    const full = lineageOf(ab((a, b) => a.join(b, { on: ['k'], how: 'full' }).writeCsv('o')));
    expect(full.get('o.k')!.expression).toBe('coalesce(a.k, b.k)');
    expect(full.get('o.k')!.origins).toEqual([col('a', 'k'), col('b', 'k')]);
    const semi = lineageOf(ab((a, b) => a.semiJoin(b, { on: ['k'] }).writeCsv('o')));
    expect([...semi.keys()]).toEqual(['o.k', 'o.x']);
    expect(semi.get('o.x')!.origins).toEqual([col('a', 'x')]);
    expect(roles(semi.get('o.x')!)).toEqual(['join key']);
  });

  it('cross join and union: columns by side; a union column comes from every input', () => {
    const cross = lineageOf(
      job('c', 'x', (j) => {
        j.csv('a', { x: 'long' }).crossJoin(j.csv('b', { y: 'long' }), { maxRows: 100 }).writeCsv('o');
      }).plan(),
    );
    expect(cross.get('o.x')!.origins).toEqual([col('a', 'x')]);
    expect(cross.get('o.y')!.origins).toEqual([col('b', 'y')]);
    const union = lineageOf(ab((a, b) => a.union(b.select((r) => ({ k: r.k, x: r.y }))).writeCsv('o')));
    expect(union.get('o.x')!.expression).toBe('union(a.x, b.y)');
    expect(union.get('o.x')!.origins).toEqual([col('a', 'x'), col('b', 'y')]);
    expect(union.get('o.x')!.steps.map((s) => s.kind)).toEqual(['union', 'project']);
  });

  it('except, distinct: values from the left; whole rows of both sides decide which rows stay', () => {
    const l = lineageOf(ab((a, b) => a.except(b.select((r) => ({ k: r.k, x: r.y }))).distinct().writeCsv('o')));
    const x = l.get('o.x')!;
    expect(x.origins).toEqual([col('a', 'x')]);
    expect(roles(x)).toEqual(['set operation', 'distinct']);
    expect(dep(x, 'set operation').origins).toEqual([col('a', 'k'), col('a', 'x'), col('b', 'k'), col('b', 'y')]);
    expect(dep(x, 'distinct').origins).toEqual([col('a', 'k'), col('a', 'x')]);
  });

  it('explode: the new column is the split of its column, which also decides the rows', () => {
    const l = lineageOf(
      job('e', 'x', (j) => {
        j.accessLog('logs').explode('path', { separator: '/', as: 'segment' }).select((r) => ({ segment: r.segment, host: r.host })).writeCsv('o');
      }).plan(),
    );
    expect(l.get('o.segment')!.expression).toBe('explode(logs.path, "/")');
    expect(l.get('o.segment')!.origins).toEqual([col('logs', 'path', 'combined')]);
    expect(dep(l.get('o.host')!, 'explode').origins).toEqual([col('logs', 'path', 'combined')]);
  });

  it('window: a call is computed over its partition and order, which are its own influences only', () => {
    const l = lineageOf(
      job('w', 'x', (j) => {
        j.accessLog('logs')
          .groupBy('host', 'path')
          .agg(() => ({ hits: count() }))
          .window({ partitionBy: ['host'], orderBy: [['hits', 'desc'], 'path'] }, (r, w) => ({ rank: w.rowNumber(), running: w.sum(r.hits) }))
          .writeCsv('o');
      }).plan(),
    );
    const rank = l.get('o.rank')!;
    expect(rank.expression).toBe('rowNumber() over (partition by host, order by hits, path)');
    expect(rank.origins).toEqual([rowsOf('logs', 'combined')]);
    expect(roles(rank)).toEqual(['window partition', 'window order', 'group key']);
    expect(dep(rank, 'window partition').origins).toEqual([col('logs', 'host', 'combined')]);
    expect(dep(rank, 'window order').origins).toEqual([rowsOf('logs', 'combined'), col('logs', 'path', 'combined')]);
    expect(l.get('o.running')!.expression).toBe('sum((count() over logs (grouped by logs.host, logs.path))) over (partition by host, order by hits, path)');
    expect(roles(l.get('o.path')!)).toEqual(['group key']);
  });

  it('ordered first/last: the value from its argument, its order apart as an aggregate-order influence', () => {
    const l = lineageOf(
      job('f', 'x', (j) => {
        j.accessLog('logs').groupBy('host').agg((r) => ({ entry: first(r.path, { orderBy: [r.time] }) })).writeCsv('o');
      }).plan(),
    );
    const entry = l.get('o.entry')!;
    expect(entry.expression).toBe('first(logs.path by logs.time) over logs (grouped by logs.host)');
    expect(entry.origins).toEqual([col('logs', 'path', 'combined')]);
    expect(dep(entry, 'aggregate order').origins).toEqual([col('logs', 'time', 'combined')]);
    expect(roles(l.get('o.host')!)).toEqual(['group key']);
  });

  it('ML: predictions come from the stages over their input and from what the model was trained on', () => {
    const plan = job('ml', 'x', (j) => {
      const iris = j.csv('iris', { a: 'double', b: 'double', class: 'string' });
      const [train, test] = ml.split(iris, 0.8, { seed: 42 });
      const model = ml.pipeline(train).stringIndexer('class', 'label').vectorAssembler(['a', 'b'], 'features').fit(ml.logisticRegression({ features: 'features', label: 'label' }));
      model.predict(test).writeCsv('predictions');
      model.evaluate(test, ['accuracy']).writeJson('metrics');
      model.save('model');
    }).plan();
    const l = lineageOf(plan);
    const p = l.get('predictions.prediction')!;
    expect(p.expression).toBe('logisticRegression(vectorAssembler(iris.a, iris.b))');
    expect(p.origins).toEqual([col('iris', 'a'), col('iris', 'b'), col('iris', 'class')]);
    expect(p.steps.map((s) => [s.kind, s.text])).toEqual([
      ['predict', 'prediction = logisticRegression(vectorAssembler(a, b))'],
      ['fit', 'model = logisticRegression trained on class, a, b'],
    ]);
    // The model's training rows and the predicted rows: both sides of the split.
    expect(roles(p)).toEqual(['split', 'split']);
    expect(p.dependsOn.map((d) => d.text.split(' ')[0])).toEqual(['train', 'test']);
    expect(p.dependsOn[0].origins).toEqual([col('iris', 'a'), col('iris', 'b'), col('iris', 'class')]);
    expect(roles(l.get('predictions.a')!)).toEqual(['split']);
    expect(l.get('predictions.a')!.dependsOn[0].text).toMatch(/^test side/);
    expect(l.get('predictions.predicted_class')!.expression).toBe('labels of class(logisticRegression(vectorAssembler(iris.a, iris.b)))');
    expect(l.get('predictions.label')!.expression).toBe('stringIndexer(iris.class)');
    expect(l.get('metrics.metric')!.origins).toEqual([{ kind: 'constant', text: 'accuracy' }]);
    expect(l.get('metrics.value')!.origins).toEqual([col('iris', 'a'), col('iris', 'b'), col('iris', 'class')]);
    expect(l.get('model.param')!.origins[0].kind).toBe('constant');
    expect(l.get('model.value')!.origins).toEqual([col('iris', 'class'), col('iris', 'a'), col('iris', 'b')]);
  });

  it('the tests above cover every node kind', () => {
    const saved = job('s', 'x', (j) => {
      const [train] = ml.split(j.csv('d', { a: 'double' }), 0.5, { seed: 1 });
      ml.pipeline(train).vectorAssembler(['a'], 'f').fit(ml.kMeans({ features: 'f', k: 2, seed: 1 })).save('m');
    }).plan();
    lineageOf(saved);
    expect([...kindsSeen].sort()).toEqual([...NODE_KINDS].sort());
  });
});

describe('pipelines', () => {
  const all = pipelineLineage(webAnalytics.plan(), PRINT);
  const get = (key: string) => all.find((l) => `${l.stage}.${l.output}.${l.column}` === key)!;

  it('every output column of every stage, traced to the pipeline input', () => {
    const p = webAnalytics.plan();
    const expected = p.stages.flatMap((s) => s.plan.nodes.filter((n) => n.kind === 'sink').flatMap((k) => {
      const input = s.plan.nodes.find((n) => n.id === (k as { input: string }).input)!;
      return input.schema.map((f) => `${s.name}.${(k as { output: string }).output}.${f.name}`);
    }));
    expect(all.map((l) => `${l.stage}.${l.output}.${l.column}`)).toEqual(expected);
    for (const l of all) for (const o of l.origins) if (o.kind === 'column' || o.kind === 'rows') expect(o.input).toBe('logs');
  });

  it('top-pages.top_pages.hits crosses parse.requests to the access log input: rows, and path as its group key', () => {
    const hits = get('top-pages.top_pages.hits');
    expect(hits.origins).toEqual([rowsOf('logs', 'combined')]);
    expect(hits.steps.map((s) => `${s.stage}: ${s.text}`)).toEqual(['top-pages: hits = count() grouped by path', 'top-pages: rows of logs = rows of parse.requests']);
    const key = dep(hits, 'group key');
    expect(key.origins).toEqual([col('logs', 'path', 'combined')]);
    expect(key.steps.map((s) => s.text)).toEqual(['logs.path = parse.requests.path']);
    const path = get('top-pages.top_pages.path');
    expect(path.steps.map((s) => [s.stage, s.kind, s.text])).toEqual([['top-pages', 'source', 'logs.path = parse.requests.path']]);
  });

  it('a computed column keeps its expression over the pipeline input', () => {
    expect(get('traffic.traffic_by_hour.hour').expression).toBe('truncHour(logs.time)');
    expect(get('traffic.traffic_by_hour.hour').steps.map((s) => s.stage)).toEqual(['traffic', 'traffic']);
    expect(get('parse.requests.status').origins).toEqual([col('logs', 'status', 'combined')]);
  });
});
