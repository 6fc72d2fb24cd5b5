// PySpark for the ML plan nodes (pyspark.ml pipelines), used by the PySpark compiler's node visitor.
export { compileEvaluate, compileFit, compileModelParams, compilePredict, compileSaveModel, compileSplit } from './ml-node-compiler.ts';
export { ML_PRELUDE, ML_PRELUDE_KEY } from './ml-prelude.ts';
