// The Python a script defines when its plan has ML nodes: pyspark.ml imports and the functions the
// compiled ML statements call. Spark column expressions and driver-side Python only: no Python UDF.

export const ML_PRELUDE_KEY = 'ml';

export const ML_PRELUDE = String.raw`import json
import math

from pyspark.ml import Pipeline
from pyspark.ml.classification import DecisionTreeClassifier, LogisticRegression, RandomForestClassifier
from pyspark.ml.clustering import KMeans
from pyspark.ml.evaluation import (BinaryClassificationEvaluator, ClusteringEvaluator,
                                   MulticlassClassificationEvaluator, RegressionEvaluator)
from pyspark.ml.feature import OneHotEncoder, StandardScaler, StringIndexer, VectorAssembler
from pyspark.ml.regression import LinearRegression
from pyspark.sql.column import Column, _to_java_column

ML_SPLIT_BUCKETS = 10000


def vector_to_array(col):
    # pyspark.ml.functions.vector_to_array without that module, which needs pandas: the same JVM function.
    return Column(spark_jvm().org.apache.spark.ml.functions.vector_to_array(_to_java_column(col), "float64"))


def spark_jvm():
    from pyspark import SparkContext
    return SparkContext._active_spark_context._jvm


def ml_split(df, key, threshold, train):
    # crc32 of the key's UTF-8 bytes, as the local runtime computes it: the same rows on every engine.
    bucket = F.crc32(key) % ML_SPLIT_BUCKETS
    return df.filter(bucket < threshold if train else bucket >= threshold)


def ml_predict(model, df, keep, added):
    # keep: input columns; added: (name, what, stage) for each column a prediction adds, vectors left out.
    out = model.transform(df)
    predicted = F.col("prediction").cast("int") + 1
    cols = [column(c) for c in keep]
    for name, what, stage in added:
        if what == "value":
            cols.append(column(name).cast("double").alias(name))
        elif what == "prediction":
            cols.append(F.col("prediction").cast("double").alias(name))
        elif what == "cluster":
            cols.append(F.col("cluster").cast("int").alias(name))
        elif what == "probability":
            cols.append(F.element_at(vector_to_array(F.col("probability")), predicted).alias(name))
        elif what == "label":
            labels = F.array(*[F.lit(label) for label in model.stages[stage].labels])
            cols.append(F.element_at(labels, predicted).alias(name))
    return out.select(*cols)


def ml_kmeans_cost(kmeans, df, features):
    # Sum of squared distances to the assigned centre (pyspark.ml has no computeCost since Spark 3.0).
    centres = F.array(*[F.array(*[F.lit(float(v)) for v in c]) for c in kmeans.clusterCenters()])
    centre = F.element_at(centres, F.col("cluster") + 1)
    squares = F.zip_with(vector_to_array(column(features)), centre, lambda a, b: (a - b) * (a - b))
    total = df.agg(F.sum(F.aggregate(squares, F.lit(0.0), lambda acc, x: acc + x))).first()[0]
    return 0.0 if total is None else total


def ml_metric(model, out, metric, label, features):
    if metric in ("accuracy", "f1", "weightedPrecision", "weightedRecall"):
        e = MulticlassClassificationEvaluator(labelCol=label, predictionCol="prediction", metricName=metric)
    elif metric == "areaUnderROC":
        e = BinaryClassificationEvaluator(labelCol=label, rawPredictionCol="rawPrediction", metricName=metric)
    elif metric in ("rmse", "mse", "mae", "r2"):
        e = RegressionEvaluator(labelCol=label, predictionCol="prediction", metricName=metric)
    elif metric == "silhouette":
        e = ClusteringEvaluator(featuresCol=features, predictionCol="cluster", metricName=metric,
                                distanceMeasure="squaredEuclidean")
    elif metric == "cost":
        return ml_kmeans_cost(model.stages[-1], out, features)
    else:
        raise ValueError("unknown metric: " + metric)
    return e.evaluate(out)


def ml_evaluate(spark, model, df, metrics, label, features):
    out = model.transform(df)
    rows = [(m, float(ml_metric(model, out, m, label, features))) for m in metrics]
    return spark.createDataFrame(rows, "metric string, value double")


def ml_json(value):
    # JSON text of a parameter; non-finite numbers (which JSON cannot hold) as null.
    def clean(v):
        if isinstance(v, float) and not math.isfinite(v):
            return None
        if isinstance(v, (list, tuple)):
            return [clean(x) for x in v]
        return v
    return json.dumps(clean(value))


def ml_vector(v):
    return [float(x) for x in v.toArray()]


ML_PARAMS = {
    "stringIndexer": lambda m: {"labels": list(m.labels)},
    "vectorAssembler": lambda m: {"inputCols": list(m.getInputCols())},
    "oneHotEncoder": lambda m: {"categorySizes": list(m.categorySizes)},
    "standardScaler": lambda m: {"mean": ml_vector(m.mean), "std": ml_vector(m.std)},
    "logisticRegression": lambda m: {"coefficientMatrix": [[float(x) for x in row] for row in m.coefficientMatrix.toArray()],
                                     "interceptVector": ml_vector(m.interceptVector), "numClasses": m.numClasses},
    "linearRegression": lambda m: {"coefficients": ml_vector(m.coefficients), "intercept": float(m.intercept)},
    "kMeans": lambda m: {"clusterCenters": [[float(x) for x in c] for c in m.clusterCenters()],
                         "trainingCost": float(m.summary.trainingCost)},
    "decisionTreeClassifier": lambda m: {"depth": m.depth, "numNodes": m.numNodes,
                                         "featureImportances": ml_vector(m.featureImportances)},
    "randomForestClassifier": lambda m: {"numTrees": m.getNumTrees, "totalNumNodes": m.totalNumNodes,
                                         "featureImportances": ml_vector(m.featureImportances)},
}


def ml_params(spark, model, kinds):
    # One row per fitted value: (stage, kind, param, JSON text), named as the local runtime names them.
    rows = [(i, kind, name, ml_json(value))
            for i, (stage, kind) in enumerate(zip(model.stages, kinds))
            for name, value in ML_PARAMS[kind](stage).items()]
    return spark.createDataFrame(rows, "stage int, kind string, param string, value string")`;
