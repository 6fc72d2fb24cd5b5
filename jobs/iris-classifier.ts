// Iris species from flower measurements: multinomial logistic regression on a deterministic 80/20 split,
// with predictions, metrics and the fitted model as outputs.
import { job } from '../dsl/index.ts';
import { ml } from '../dsl/ml/index.ts';

export default job('iris-classifier', 'Predicts the iris species from sepal and petal sizes (logistic regression, 80/20 split)', { owner: 'ml-team@example.com' }, (j) => {
  const iris = j.csv(
    'iris',
    { sepal_length: 'double', sepal_width: 'double', petal_length: 'double', petal_width: 'double', class: 'string' },
    { header: false },
  );
  const [train, test] = ml.split(iris, 0.8, { seed: 42 });
  const model = ml
    .pipeline(train)
    .stringIndexer('class', 'label')
    .vectorAssembler(['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], 'features')
    .fit(ml.logisticRegression({ features: 'features', label: 'label', maxIter: 100, regParam: 0.01 }));
  model.predict(test).writeCsv('predictions');
  model.evaluate(test, ['accuracy', 'f1', 'weightedPrecision', 'weightedRecall']).writeJson('metrics');
  model.save('model');
});
