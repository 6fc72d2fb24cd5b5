// Type tests of the ML DSL: a string label, a missing or non-numeric feature, a reused column name or a
// metric that does not suit the model does not compile; predictions and metrics have the row types said.
import { describe, expectTypeOf, test } from 'vitest';
import type { Dataset } from '../../dsl/index.ts';
import { ml } from '../../dsl/ml/index.ts';

type Iris = { sepal_length: 'double'; sepal_width: 'double'; petal_length: 'double'; petal_width: 'double'; class: 'string'; day: 'date' };
declare const iris: Dataset<Iris>;
declare const other: Dataset<{ sepal_length: 'double' }>;
type RowOf<D> = D extends Dataset<infer R> ? R : never;

const indexed = () => ml.pipeline(iris).stringIndexer('class', 'label');
const assembled = () => indexed().vectorAssembler(['sepal_length', 'petal_length'], 'features');

describe('labels', () => {
  test('a string label does not compile; an indexed or numeric one does', () => {
    // @ts-expect-error class is a string column: index it first
    assembled().fit(ml.logisticRegression({ features: 'features', label: 'class' }));
    assembled().fit(ml.logisticRegression({ features: 'features', label: 'label' }));
    assembled().fit(ml.linearRegression({ features: 'features', label: 'petal_width' }));
    // @ts-expect-error a label that is not a column
    assembled().fit(ml.decisionTreeClassifier({ features: 'features', label: 'species' }));
  });
});

describe('features', () => {
  test('a missing or non-numeric input of the assembler does not compile', () => {
    // @ts-expect-error petal_size is not a column
    indexed().vectorAssembler(['sepal_length', 'petal_size'], 'features');
    // @ts-expect-error class is a string
    indexed().vectorAssembler(['sepal_length', 'class'], 'features');
    // @ts-expect-error day is a date
    indexed().vectorAssembler(['day'], 'features');
  });
  test('estimators need a vector column; vectors feed assemblers and scalers', () => {
    // @ts-expect-error sepal_length is a number, not an assembled vector
    assembled().fit(ml.kMeans({ features: 'sepal_length', k: 3 }));
    // @ts-expect-error no column called feature
    assembled().fit(ml.kMeans({ features: 'feature', k: 3 }));
    assembled().standardScaler('features', 'scaled').vectorAssembler(['scaled', 'sepal_width'], 'all').fit(ml.kMeans({ features: 'all', k: 3 }));
    // @ts-expect-error a scaler scales vectors
    indexed().standardScaler('sepal_length', 'scaled');
    // @ts-expect-error one-hot encodes a numeric index, not a string
    indexed().oneHotEncoder('class', 'class_vec');
  });
  test('a stage output may not reuse a column name', () => {
    // @ts-expect-error sepal_length exists
    indexed().vectorAssembler(['sepal_width'], 'sepal_length');
    // @ts-expect-error label exists already
    indexed().stringIndexer('class', 'label');
  });
  test('an indexer reads a string column', () => {
    // @ts-expect-error sepal_length is not a string
    ml.pipeline(iris).stringIndexer('sepal_length', 'i');
  });
});

describe('models', () => {
  test('predictions: the input columns, indexer outputs, then the estimator outputs; vectors left out', () => {
    const lr = assembled().fit(ml.logisticRegression({ features: 'features', label: 'label' }));
    expectTypeOf<RowOf<ReturnType<typeof lr.predict<Iris>>>>().toEqualTypeOf<
      Iris & { label: 'double'; prediction: 'double'; probability: 'double'; predicted_class: 'string' } extends infer T ? { [K in keyof T]: T[K] } : never
    >();
    const km = assembled().fit(ml.kMeans({ features: 'features', k: 2 }));
    expectTypeOf<RowOf<ReturnType<typeof km.predict<Iris>>>['cluster']>().toEqualTypeOf<'int'>();
    const reg = assembled().fit(ml.linearRegression({ features: 'features', label: 'petal_width' }));
    expectTypeOf<keyof RowOf<ReturnType<typeof reg.predict<Iris>>>>().toEqualTypeOf<keyof Iris | 'label' | 'prediction'>();
  });
  test('metrics suit the model', () => {
    const lr = assembled().fit(ml.logisticRegression({ features: 'features', label: 'label' }));
    lr.evaluate(iris, ['accuracy', 'f1', 'areaUnderROC']);
    // @ts-expect-error rmse is a regression metric
    lr.evaluate(iris, ['rmse']);
    const km = assembled().fit(ml.kMeans({ features: 'features', k: 2 }));
    km.evaluate(iris, ['cost', 'silhouette']);
    // @ts-expect-error accuracy needs labels
    km.evaluate(iris, ['accuracy']);
    expectTypeOf<RowOf<ReturnType<typeof km.evaluate>>>().toEqualTypeOf<{ metric: 'string'; value: 'double' }>();
  });
  test('predict needs the columns the model was trained on', () => {
    const lr = assembled().fit(ml.logisticRegression({ features: 'features', label: 'label' }));
    // @ts-expect-error the other rows lack petal_length, class ...
    lr.predict(other);
  });
  test('split keys are columns; both sides keep the row type', () => {
    const [train, test] = ml.split(iris, 0.8, { seed: 1, by: ['class'] });
    expectTypeOf(train).toEqualTypeOf<Dataset<Iris>>();
    expectTypeOf(test).toEqualTypeOf<Dataset<Iris>>();
    // @ts-expect-error klass is not a column
    ml.split(iris, 0.8, { seed: 1, by: ['klass'] });
  });
});
