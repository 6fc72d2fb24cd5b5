// Plans and seeded data for the Spark conformance of the ML nodes: labelled and clustered blobs, a
// regression, and a split over every column type (tricky doubles, unicode, nulls) from fast-check.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { job } from '../../dsl/index.ts';
import { ml } from '../../dsl/ml/index.ts';
import type { Plan } from '../../plan/index.ts';
import { gaussian, random, writeBlobs } from './ml-data.ts';

export interface MlCase {
  readonly name: string;
  readonly plan: Plan;
  readonly inputs: Record<string, string>;
}

/** Two overlapping classes in 3-D: logistic regression, a tree and a forest on the same split. */
function binary(dir: string): MlCase {
  const file = path.join(dir, 'binary.csv');
  writeBlobs(file, 101, [
    { label: 'no', centre: [0, 0, 0], spread: 1, rows: 260 },
    { label: 'yes', centre: [2, 1.5, -1], spread: 1.2, rows: 240 },
  ]);
  const plan = job('ml-binary', 'binary classifiers', (j) => {
    const t = j.csv('t', { id: 'int', x0: 'double', x1: 'double', x2: 'double', label: 'string' });
    const [train, test] = ml.split(t, 0.75, { seed: 5, by: ['id'] });
    const base = () => ml.pipeline(train).stringIndexer('label', 'y').vectorAssembler(['x0', 'x1', 'x2'], 'f');
    const lr = base().fit(ml.logisticRegression({ features: 'f', label: 'y', regParam: 0.05 }));
    lr.predict(test).writeCsv('lr_predictions');
    lr.evaluate(test, ['accuracy', 'f1', 'areaUnderROC']).writeJson('lr_metrics');
    lr.save('lr_model');
    const dt = base().fit(ml.decisionTreeClassifier({ features: 'f', label: 'y', maxDepth: 4 }));
    dt.predict(test).writeCsv('dt_predictions');
    dt.evaluate(test, ['accuracy', 'areaUnderROC']).writeJson('dt_metrics');
    dt.params().writeJson('dt_params');
    const rf = base().fit(ml.randomForestClassifier({ features: 'f', label: 'y', numTrees: 15, maxDepth: 4, seed: 3 }));
    rf.evaluate(test, ['accuracy']).writeJson('rf_metrics');
  }).plan();
  return { name: 'binary', plan, inputs: { t: file } };
}

/** Three classes with a categorical column: indexer, one-hot, assembler, scaler, multinomial regression and a tree. */
function multiclass(dir: string): MlCase {
  const file = path.join(dir, 'multi.csv');
  const r = random(202);
  const cats = ['red', 'green', 'blue', 'green'];
  const lines = ['id,x0,x1,colour,label'];
  for (let i = 0; i < 450; i++) {
    const c = i % 3;
    const x0 = Math.round(([0, 3, 0][c] + gaussian(r)) * 1e4) / 1e4;
    const x1 = Math.round(([0, 0, 3][c] + gaussian(r)) * 1e4) / 1e4;
    lines.push(`${i},${x0},${x1},${cats[(i * 7 + c) % 4]},${['setosa', 'versi', 'virgin'][c]}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const plan = job('ml-multiclass', 'multiclass with a categorical feature', (j) => {
    const t = j.csv('t', { id: 'int', x0: 'double', x1: 'double', colour: 'string', label: 'string' });
    const [train, test] = ml.split(t, 0.7, { seed: 11 });
    const stages = ml.pipeline(train).stringIndexer('label', 'y').stringIndexer('colour', 'colour_idx').oneHotEncoder('colour_idx', 'colour_vec')
      .vectorAssembler(['x0', 'x1', 'colour_vec'], 'raw').standardScaler('raw', 'f');
    const lr = stages.fit(ml.logisticRegression({ features: 'f', label: 'y', regParam: 0.01 }));
    lr.predict(test).writeCsv('lr_predictions');
    lr.evaluate(test, ['accuracy', 'f1', 'weightedPrecision', 'weightedRecall']).writeJson('lr_metrics');
    lr.save('lr_model');
    const dt = stages.fit(ml.decisionTreeClassifier({ features: 'raw', label: 'y', maxDepth: 3 }));
    dt.predict(test).writeCsv('dt_predictions');
    dt.params().writeJson('dt_params');
  }).plan();
  return { name: 'multiclass', plan, inputs: { t: file } };
}

/** y = 3 x0 - 2 x1 + 0.5 + noise: ridge regression through the normal equations. */
function regression(dir: string): MlCase {
  const file = path.join(dir, 'regression.csv');
  const r = random(303);
  const lines = ['id,x0,x1,y'];
  for (let i = 0; i < 300; i++) {
    const x0 = Math.round(r() * 10 * 1e4) / 1e4;
    const x1 = Math.round((r() * 4 - 2) * 1e4) / 1e4;
    lines.push(`${i},${x0},${x1},${Math.round((3 * x0 - 2 * x1 + 0.5 + gaussian(r)) * 1e4) / 1e4}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const plan = job('ml-regression', 'linear regression', (j) => {
    const t = j.csv('t', { id: 'int', x0: 'double', x1: 'double', y: 'double' });
    const [train, test] = ml.split(t, 0.8, { seed: 2 });
    const m = ml.pipeline(train).vectorAssembler(['x0', 'x1'], 'f').fit(ml.linearRegression({ features: 'f', label: 'y', regParam: 0.1 }));
    m.predict(test).writeCsv('predictions');
    m.evaluate(test, ['rmse', 'mse', 'mae', 'r2']).writeJson('metrics');
    m.save('model');
  }).plan();
  return { name: 'regression', plan, inputs: { t: file } };
}

/** Four well-separated blobs for k-means; `initialCentres` builds the runtime-only variant. */
export function clustersPlan(initialCentres?: number[][]): Plan {
  return job('ml-clusters', 'k-means', (j) => {
    const t = j.csv('t', { id: 'int', x0: 'double', x1: 'double', label: 'string' });
    const m = ml.pipeline(t).vectorAssembler(['x0', 'x1'], 'f').fit(ml.kMeans({ features: 'f', k: 4, seed: 5, initialCentres }));
    m.predict(t).writeCsv('predictions');
    m.evaluate(t, ['cost', 'silhouette']).writeJson('metrics');
    m.save('model');
  }).plan();
}

function clusters(dir: string): MlCase {
  const file = path.join(dir, 'clusters.csv');
  writeBlobs(file, 404, [
    { label: 'a', centre: [0, 0], spread: 0.6, rows: 120 },
    { label: 'b', centre: [8, 1], spread: 0.8, rows: 100 },
    { label: 'c', centre: [2, 9], spread: 0.7, rows: 90 },
    { label: 'd', centre: [-7, 6], spread: 0.5, rows: 110 },
  ]);
  return { name: 'clusters', plan: clustersPlan(), inputs: { t: file } };
}

/** Doubles whose text Java and JavaScript spell differently unless the plan's cast takes care. */
const TRICKY = [0.1 + 0.2, 1e20, 1e-7, 1e-5, 2 ** 60, -0.0, 123456789012, 1 / 3, 5e-324, 1.7976931348623157e308, 100, 0.001, 1e7, 12345678.9];

/** Every column type, nulls included: train and test rows must be exactly the runtime's. */
function typedSplit(dir: string): MlCase {
  const file = path.join(dir, 'typed.jsonl');
  const row = fc.record({
    i: fc.option(fc.integer(), { nil: null }),
    l: fc.option(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), { nil: null }),
    d: fc.option(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(...TRICKY)), { nil: null }),
    s: fc.option(fc.string({ unit: 'grapheme', maxLength: 8 }), { nil: null }),
    b: fc.option(fc.boolean(), { nil: null }),
    t: fc.option(fc.integer({ min: -1e12, max: 4e12 }).map((ms) => new Date(ms).toISOString()), { nil: null }),
    day: fc.option(fc.integer({ min: -3e4, max: 3e4 }).map((d) => new Date(d * 864e5).toISOString().slice(0, 10)), { nil: null }),
  });
  const rows = fc.sample(row, { seed: 77, numRuns: 400 });
  writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const plan = job('ml-typed-split', 'split over every type', (j) => {
    const t = j.jsonLines('t', { i: 'int', l: 'long', d: 'double', s: 'string', b: 'boolean', t: 'timestamp', day: 'date' });
    const [train, test] = ml.split(t, 0.5, { seed: -12345 });
    train.writeJson('train');
    test.writeJson('test');
  }).plan();
  return { name: 'typed-split', plan, inputs: { t: file } };
}

export function mlCases(dir: string): MlCase[] {
  return [binary(dir), multiclass(dir), regression(dir), clusters(dir), typedSplit(dir)];
}
