"""Run many generated PySpark scripts in ONE local SparkSession.

Starting a JVM and a SparkSession costs seconds, so the test harness batches:
engines/spark-runner.ts writes a jobs file, runs this script with the venv's
python, and reads the results file back.

Usage:
    python spark_batch.py JOBS.json RESULTS.json

JOBS.json    [{"script": "/abs/path/job.py", "argv": ["--events", "in.csv", "--out", "outdir"],
               "plans": true}, ...]
RESULTS.json [{"ok": true, "error": null, "traceback": null, "seconds": 1.23,
               "stdout": "...", "stderr": "...",
               "plans": [{"path": "outdir", "plan": "AdaptiveSparkPlan ..."}]}, ...]
             (same order as the jobs)

With "plans": true, the physical plan of every DataFrame the job writes
(DataFrameWriter csv/text/json/parquet/save) is recorded with the path it
goes to, in the run itself: the text of executedPlan, planned (not run) just
before the write. The test suite checks it for single-task bottlenecks
(test/harness/spark-plan-check.ts).

RESULTS.json is rewritten after every job, so a crash of the whole process
still leaves the results of the jobs that finished.

CONTRACT FOR GENERATED PYSPARK SCRIPTS (codegen/pyspark must follow it)
-----------------------------------------------------------------------
1. The script defines a top-level function

       def main(argv=None, spark=None):

   - `argv` is a list of strings without the program name (None means
     sys.argv[1:]). It is parsed with argparse: one `--<input-name> PATH` per
     input and one `--<output-name> PATH` per output (names as in the plan).
   - `spark` is a SparkSession or None. The script creates one ONLY when it is
     None:
         if spark is None:
             spark = SparkSession.builder.appName("...").getOrCreate()
     and never calls spark.stop() on a session it was given (it may stop one
     it created itself).
2. The script ends with

       if __name__ == "__main__":
           main()

   so that `spark-submit job.py --in s3://... --out s3://...` works on EMR.
3. Importing the module has no side effects beyond imports and definitions:
   no session created, no I/O, no sys.exit at import time.
4. Failure is an exception (or argparse's SystemExit): this runner records it
   per job and goes on with the next one.
5. The script must not change session-wide settings it does not restore
   (spark.conf.set of time zone, shuffle partitions ...); the batch session is
   already configured: local[2], shuffle partitions 2, session time zone UTC.
   Temp views and cached tables are dropped between jobs by this runner.
6. Outputs are written with mode("overwrite") or to paths that do not exist.

Each script is imported with importlib under a unique module name
(emr_jobs_batch_<n>), with its folder first on sys.path while it runs.
"""

import contextlib
import importlib.util
import io
import json
import os
import sys
import tempfile
import time
import traceback

SESSION_CONF = {
    "spark.master": "local[2]",
    "spark.app.name": "emr-jobs-local-batch",
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.host": "127.0.0.1",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.memory": "1g",
}

LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %p %c{1}: %m%n
# pyspark counts as a shell: Spark sets the root level to the level of the
# logger of the class that starts logging (for pyspark PythonGatewayServer,
# WARN unless configured) and prints "Setting default log level" if they differ.
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = error
"""


class _Tee(io.TextIOBase):
    """Captures what a job prints while still passing it through."""

    def __init__(self, passthrough):
        self._buf = io.StringIO()
        self._pass = passthrough

    def write(self, s):
        self._buf.write(s)
        try:
            self._pass.write(s)
        except Exception:
            pass
        return len(s)

    def flush(self):
        try:
            self._pass.flush()
        except Exception:
            pass

    def getvalue(self):
        return self._buf.getvalue()


def _write_results(path, results):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(results, f)  # ASCII-escaped: safe for any text a job printed
    os.replace(tmp, path)


def _create_session(workdir):
    from pyspark.sql import SparkSession

    # EMR_JOBS_SPARK_CONF: a JSON object of settings over SESSION_CONF (the scale benchmark's event log and
    # parallelism); the tests never set it.
    extra = json.loads(os.environ.get("EMR_JOBS_SPARK_CONF") or "{}")

    log4j = os.path.join(workdir, "log4j2.properties")
    with open(log4j, "w", encoding="utf-8") as f:
        f.write(LOG4J2)
    builder = SparkSession.builder
    for k, v in dict(SESSION_CONF, **extra).items():
        builder = builder.config(k, str(v))
    java_opts = "-Dlog4j2.configurationFile=file:%s -Duser.timezone=UTC -Dfile.encoding=UTF-8 -XX:+UseSerialGC" % log4j
    builder = builder.config("spark.driver.extraJavaOptions", java_opts)
    builder = builder.config("spark.local.dir", os.path.join(workdir, "spark-local"))
    builder = builder.config("spark.sql.warehouse.dir", os.path.join(workdir, "warehouse"))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _reset_session(spark):
    try:
        spark.catalog.clearCache()
        for t in spark.catalog.listTables():
            if t.isTemporary:
                spark.catalog.dropTempView(t.name)
    except Exception:
        pass


_WRITE_METHODS = ("csv", "text", "json", "parquet", "orc", "save")
_captured = None  # the list the running job's writes go to, or None


def _plan_text(df):
    try:
        return df._jdf.queryExecution().executedPlan().toString()
    except Exception as e:  # noqa: BLE001 - a plan that cannot be shown is reported, not fatal
        return "<no plan: %s: %s>" % (type(e).__name__, e)


def _install_plan_capture():
    """Wraps DataFrameWriter's write methods once: each records its DataFrame's plan while a job asks."""
    from pyspark.sql.readwriter import DataFrameWriter

    def wrap(name):
        original = getattr(DataFrameWriter, name)

        def write(self, *args, **kwargs):
            if _captured is not None:
                path = args[0] if args else kwargs.get("path")
                _captured.append({"path": None if path is None else str(path), "plan": _plan_text(self._df)})
            return original(self, *args, **kwargs)

        write.__wrapped__ = original
        setattr(DataFrameWriter, name, write)

    for name in _WRITE_METHODS:
        wrap(name)


def _run_job(index, job, spark):
    global _captured
    script = os.path.abspath(job["script"])
    argv = [str(a) for a in job.get("argv", [])]
    name = "emr_jobs_batch_%d" % index
    script_dir = os.path.dirname(script)
    out, err = _Tee(sys.stdout), _Tee(sys.stderr)
    started = time.time()
    result = {"ok": False, "error": None, "traceback": None, "seconds": 0.0}
    plans = [] if job.get("plans") else None
    _captured = plans
    sys.path.insert(0, script_dir)
    # The job's Spark jobs carry its index as their group (in the event log: "spark.jobGroup.id").
    spark.sparkContext.setJobGroup(name, script)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            spec = importlib.util.spec_from_file_location(name, script)
            if spec is None or spec.loader is None:
                raise ImportError("cannot import %s" % script)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
            main = getattr(module, "main", None)
            if not callable(main):
                raise AttributeError("%s defines no main(argv=None, spark=None)" % script)
            main(argv, spark)
        result["ok"] = True
    except KeyboardInterrupt:
        raise
    except SystemExit as e:  # argparse errors, explicit sys.exit
        if e.code in (0, None):
            result["ok"] = True
        else:
            result["error"] = "SystemExit: %s" % (e.code,)
            result["traceback"] = traceback.format_exc()
    except BaseException as e:  # noqa: BLE001 - report everything per job
        result["error"] = "%s: %s" % (type(e).__name__, e)
        result["traceback"] = traceback.format_exc()
    finally:
        result["seconds"] = round(time.time() - started, 3)
        _captured = None
        try:
            sys.path.remove(script_dir)
        except ValueError:
            pass
        sys.modules.pop(name, None)
        _reset_session(spark)
    result["stdout"] = out.getvalue()
    result["stderr"] = err.getvalue()
    if plans is not None:
        result["plans"] = plans
    return result


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: spark_batch.py JOBS.json RESULTS.json", file=sys.stderr)
        return 2
    jobs_path, results_path = argv
    with open(jobs_path, encoding="utf-8") as f:
        jobs = json.load(f)
    results = []
    _write_results(results_path, results)
    workdir = tempfile.mkdtemp(prefix="emr-jobs-spark-")
    t0 = time.time()
    spark = _create_session(workdir)
    _install_plan_capture()
    print("[spark_batch] session started in %.2f s" % (time.time() - t0), file=sys.stderr, flush=True)
    try:
        for i, job in enumerate(jobs):
            results.append(_run_job(i, job, spark))
            _write_results(results_path, results)
    finally:
        spark.stop()
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    print("[spark_batch] %d job(s) in %.2f s" % (len(jobs), time.time() - t0), file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
