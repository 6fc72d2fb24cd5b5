"""EMR emulator for tests: moto in server mode plus a driver that really runs the steps.

moto implements the EMR API but never moves a step on. This harness starts moto's
ThreadedMotoServer on a loopback port and, in a driver thread, runs each cluster's
pending steps in order on the real local engines: Pig 0.17 in local mode (one JVM per
step) and PySpark 3.5 (one shared local[2] session, the script's main(argv, spark)).
Scripts and inputs are read from moto's S3 in-process, s3:// arguments are rewritten to
local paths, outputs are uploaded back, the step's stderr/syslog/controller logs are
written as .gz under the cluster's LogUri, and steps and clusters change state as on EMR. Steps
`aws s3 cp s3://a s3://b` and `aws s3 rm s3://a` (command-runner.jar running the AWS CLI) copy or delete one
object in-process.

EMR Serverless: moto creates applications STARTED and job runs SUCCESS at once, and runs nothing. Here an
application is created CREATING (the driver moves it to CREATED), a job run starts SUBMITTED and the driver
moves it through PENDING, SCHEDULED and RUNNING (once its application is STARTED) to SUCCESS or FAILED, running
sparkSubmit's entryPoint with its entryPointArguments on the same local Spark session, with the same
localisation of s3:// arguments, and writing the driver's stderr/stdout as .gz under
<logUri>/applications/<app>/jobs/<run>/SPARK_DRIVER/. CancelJobRun (moto's) sets CANCELLED.

Usage:  python engines/moto_emr.py [--port 0]
Prints `MOTO_EMR_READY http://127.0.0.1:<port>` on stdout once it serves.

Control endpoints (same port, JSON):
  GET  /_harness/health              -> {"ok": true}
  POST /_harness/faults              {"service": "emr"|"s3"|"emr-serverless", "count": N, "kind": "throttle"|"500"|"500-after"}
                                     the next N requests to that service fail that way, after faults
                                     queued before ("500-after": carried out by moto, then answered 500)
  POST /_harness/faults/clear        drop faults not served yet
  POST /_harness/pause, /_harness/resume   stop / restart advancing steps (a cluster with steps left
                                     still shows RUNNING, as on EMR)
  GET  /_harness/requests            every request served: [{"service", "action", "method", "path"}], and for
                                     EMR the JSON it carried ("body"): what moto accepts but does not keep
                                     (instance fleets, managed scaling) can still be checked
  POST /_harness/requests/clear
  POST /_harness/serverless/hold     {"names": ["x", ...]}: a RUNNING job run whose name contains one of them
                                     is not run (it stays RUNNING, and can be cancelled) until held names are
                                     set again without it; {"names": []} releases all
Pig command: MOTO_EMR_JAVA, MOTO_EMR_PIG_JVM_FLAGS (JSON list), MOTO_EMR_PIG_CLASSPATH_FILE,
else found under .engines/ next to this file.
"""

import argparse
import datetime
import gzip
import importlib.util
import io
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.emr.models import emr_backends
from moto.emrserverless import models as emrserverless_models
from moto.emrserverless.models import emrserverless_backends
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from moto.s3.models import s3_backends
from werkzeug.serving import make_server

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENGINES = os.environ.get("EMR_JOBS_ENGINES_DIR") or os.path.join(ROOT, ".engines")
TERMINAL_STEP = {"COMPLETED", "CANCELLED", "FAILED", "INTERRUPTED"}
ACTIVE_CLUSTER = {"STARTING", "BOOTSTRAPPING", "RUNNING", "WAITING"}
PIG_FLAGS_FALLBACK = ["-Xmx1g", "-XX:+UseSerialGC", "-XX:+IgnoreUnrecognizedVMOptions"] + [
    "--add-opens=java.base/%s=ALL-UNNAMED" % p
    for p in ("java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util "
              "java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs "
              "sun.security.action sun.util.calendar").split()
] + ["-Dfile.encoding=UTF-8", "-Duser.timezone=UTC", "-Dpig.datetime.default.tz=UTC"]
PIG_LOG4J = """log4j.rootLogger=INFO, stderr, syslog
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.Threshold=WARN
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=%d{ISO8601} [main] %p %c - %m%n
log4j.appender.syslog=org.apache.log4j.FileAppender
log4j.appender.syslog.File={syslog}
log4j.appender.syslog.layout=org.apache.log4j.PatternLayout
log4j.appender.syslog.layout.ConversionPattern=%d{ISO8601} %p [main] %c: %m%n
"""


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def stamp():
    return now().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class Control:
    """State shared by the HTTP middleware and the driver thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.faults = {"emr": [], "s3": [], "emr-serverless": []}
        self.requests = []
        self.paused = False
        self.held_job_runs = []


CONTROL = Control()


# ------------------------------------------------------------------ HTTP: faults, stats, control

def service_of(environ):
    target = environ.get("HTTP_X_AMZ_TARGET", "")
    if target.startswith("ElasticMapReduce."):
        return "emr", target.split(".", 1)[1]
    method = environ.get("REQUEST_METHOD", "")
    query = environ.get("QUERY_STRING", "")
    path = environ.get("PATH_INFO", "")
    parts = [p for p in path.split("/") if p]
    if "/emr-serverless/" in environ.get("HTTP_AUTHORIZATION", ""):
        return "emr-serverless", serverless_action(method, parts)
    params = dict(p.partition("=")[::2] for p in query.split("&") if p)
    if params.get("x-id"):  # the AWS SDKs name the operation in the query
        return "s3", params["x-id"]
    if method == "PUT" and len(parts) > 1:
        action = "UploadPart" if "partNumber=" in query else "PutObject"
    elif method == "POST" and "uploads" in params:
        action = "CreateMultipartUpload"
    elif method == "POST" and "uploadId" in params:
        action = "CompleteMultipartUpload"
    else:
        action = {"HEAD": "HeadObject", "GET": "GetObject" if len(parts) > 1 else "ListObjects",
                  "DELETE": "DeleteObject"}.get(method, method)
        if method == "PUT":
            action = "CreateBucket"
    return "s3", action


def serverless_action(method, parts):
    """The EMR Serverless operation of a REST request: /applications[/<id>[/start|/stop|/jobruns[/<run>]]]."""
    n = len(parts)
    if n == 1:
        return "CreateApplication" if method == "POST" else "ListApplications"
    if n == 2:
        return {"GET": "GetApplication", "DELETE": "DeleteApplication", "PATCH": "UpdateApplication"}.get(method, method)
    if n == 3 and parts[2] in ("start", "stop"):
        return parts[2].capitalize() + "Application"
    if n == 3:
        return "StartJobRun" if method == "POST" else "ListJobRuns"
    return "CancelJobRun" if method == "DELETE" else "GetJobRun"


def json_response(start_response, status, body, headers=()):
    data = json.dumps(body).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))] + list(headers))
    return [data]


def fault_response(start_response, service, kind):
    if service == "emr-serverless":
        code = "ThrottlingException" if kind == "throttle" else "InternalServerException"
        status = "429 Too Many Requests" if kind == "throttle" else "500 Internal Server Error"
        data = json.dumps({"message": "injected by moto_emr harness"}).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("x-amzn-ErrorType", code), ("Content-Length", str(len(data)))])
        return [data]
    if service == "emr":
        code = "ThrottlingException" if kind == "throttle" else "InternalServerError"
        status = "400 Bad Request" if kind == "throttle" else "500 Internal Server Error"
        data = json.dumps({"__type": code, "message": "injected by moto_emr harness"}).encode("utf-8")
        start_response(status, [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", code),
                                ("Content-Length", str(len(data)))])
        return [data]
    code, status = ("SlowDown", "503 Slow Down") if kind == "throttle" else ("InternalError", "500 Internal Server Error")
    data = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s</Code><Message>injected by moto_emr harness"
            "</Message></Error>" % code).encode("utf-8")
    start_response(status, [("Content-Type", "application/xml"), ("Content-Length", str(len(data)))])
    return [data]


def control_endpoint(environ, start_response):
    path = environ.get("PATH_INFO", "")
    method = environ.get("REQUEST_METHOD", "GET")
    body = {}
    if method == "POST":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        body = json.loads(raw or b"{}")
    with CONTROL.lock:
        if path == "/_harness/health":
            return json_response(start_response, "200 OK", {"ok": True})
        if path == "/_harness/faults/clear":
            CONTROL.faults = {"emr": [], "s3": [], "emr-serverless": []}
            return json_response(start_response, "200 OK", {"ok": True})
        if path == "/_harness/faults" and method == "POST":
            service = body.get("service", "emr")
            CONTROL.faults[service] += [body.get("kind", "throttle")] * int(body.get("count", 1))
            return json_response(start_response, "200 OK", {"ok": True})
        if path in ("/_harness/pause", "/_harness/resume"):
            CONTROL.paused = path.endswith("pause")
            return json_response(start_response, "200 OK", {"paused": CONTROL.paused})
        if path == "/_harness/serverless/hold" and method == "POST":
            CONTROL.held_job_runs = [str(n) for n in body.get("names", [])]
            return json_response(start_response, "200 OK", {"held": CONTROL.held_job_runs})
        if path == "/_harness/requests":
            return json_response(start_response, "200 OK", CONTROL.requests)
        if path == "/_harness/requests/clear":
            CONTROL.requests = []
            return json_response(start_response, "200 OK", {"ok": True})
        if path == "/_harness/s3/fill" and method == "POST":
            # Objects of a declared size without their bytes: listing a 70 GB prefix without writing 70 GB.
            for i in range(int(body["count"])):
                key = "%s%05d%s" % (body["prefix"], i, body.get("suffix", ""))
                s3().put_object(body["bucket"], key, b"").contentsize = int(body["size"])
            return json_response(start_response, "200 OK", {"ok": True})
    return json_response(start_response, "404 Not Found", {"error": "no such harness endpoint: " + path})


def emr_body(environ):
    """The EMR request's JSON, read and put back for moto."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(raw)
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return None


class HarnessApp:
    """Wraps moto's WSGI app: harness endpoints, request log and injected faults."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith("/_harness/"):
            return control_endpoint(environ, start_response)
        service, action = service_of(environ)
        body = emr_body(environ) if service == "emr" else None
        with CONTROL.lock:
            pending = CONTROL.faults[service]
            kind = pending.pop(0) if pending else None
            CONTROL.requests.append({"service": service, "action": action, "method": environ.get("REQUEST_METHOD"),
                                     "path": environ.get("PATH_INFO"), "fault": kind, "body": body})
        if kind == "500-after":
            # The request is carried out, then its answer is lost: what a retry must not repeat blindly.
            body = self.app(environ, lambda *_args, **_kw: None)
            for _chunk in body:
                pass
            return fault_response(start_response, service, "500")
        if kind:
            return fault_response(start_response, service, kind)
        return self.app(environ, start_response)


class HarnessServer(ThreadedMotoServer):
    def _server_entry(self):
        app = HarnessApp(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


# ------------------------------------------------------------------ S3 in-process

def s3():
    return s3_backends[DEFAULT_ACCOUNT_ID]["aws"]


def split_uri(uri):
    rest = uri[len("s3://"):]
    bucket, _, key = rest.partition("/")
    return bucket, key


def keys_under(bucket, prefix):
    try:
        names = list(s3().get_bucket(bucket).keys.keys())
    except Exception:  # noqa: BLE001 - a missing bucket has no keys
        return []
    return sorted(k for k in names if k == prefix or k.startswith(prefix.rstrip("/") + "/"))


def download(uri, local):
    """Copies an object, or every object under a prefix, to `local`; False when nothing is there."""
    bucket, key = split_uri(uri)
    keys = keys_under(bucket, key)
    if not keys:
        return False
    if keys == [key]:
        os.makedirs(os.path.dirname(local), exist_ok=True)
        with open(local, "wb") as f:
            f.write(s3().get_object(bucket, key).value)
        return True
    for k in keys:
        rel = k[len(key.rstrip("/")) + 1:]
        if not rel or rel.endswith("/"):
            continue
        dest = os.path.join(local, rel)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest, "wb") as f:
            f.write(s3().get_object(bucket, k).value)
    return True


def upload_tree(local, uri):
    bucket, key = split_uri(uri)
    base = key.rstrip("/")
    for dirpath, _dirs, files in os.walk(local):
        for name in files:
            if name.endswith(".crc"):  # local Hadoop checksums; EMRFS writes none
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, local).replace(os.sep, "/")
            with open(path, "rb") as f:
                s3().put_object(bucket, base + "/" + rel, f.read())


def put_gz(uri, text):
    bucket, key = split_uri(uri)
    s3().put_object(bucket, key, gzip.compress(text.encode("utf-8")))


# ------------------------------------------------------------------ engines

NOT_ON_EMR_PIG = re.compile(r"^(parquet-|aircompressor-|zstd-jni-)")


def pig_command(workdir, log4j):
    java = os.environ.get("MOTO_EMR_JAVA")
    if not java:
        home = open(os.path.join(ENGINES, "java-home")).read().strip()
        java = os.path.join(home, "bin", "java")
    flags = json.loads(os.environ["MOTO_EMR_PIG_JVM_FLAGS"]) if os.environ.get("MOTO_EMR_PIG_JVM_FLAGS") else PIG_FLAGS_FALLBACK
    cp_file = os.environ.get("MOTO_EMR_PIG_CLASSPATH_FILE") or os.path.join(ENGINES, "pig.classpath")
    # EMR's Pig has no Parquet storage: a script that writes Parquet must REGISTER every jar it needs.
    classpath = ":".join(j for j in open(cp_file).read().strip().split(":") if not NOT_ON_EMR_PIG.match(os.path.basename(j)))
    return [java] + flags + ["-Dlog4j.configuration=file:" + log4j, "-Dhadoop.tmp.dir=" + os.path.join(workdir, "hadoop"),
                             "-Dpig.temp.dir=" + os.path.join(workdir, "pigtmp"), "-cp", classpath,
                             "org.apache.pig.Main", "-x", "local", "-4", log4j, "-l", os.path.join(workdir, "pig-logs")]


def run_pig(args, workdir, localise):
    """args: pig-script --run-pig-script --args -f <script> -p k=v ..."""
    rest = args[args.index("--args") + 1:] if "--args" in args else args[1:]
    script, params = None, []
    i = 0
    while i < len(rest):
        if rest[i] == "-f":
            script = localise(rest[i + 1], script=True)
            i += 2
        elif rest[i] in ("-p", "-param"):
            k, _, v = rest[i + 1].partition("=")
            params += ["-param", "%s=%s" % (k, localise(v))]
            i += 2
        else:
            params.append(rest[i])
            i += 1
    if script is None:
        return 1, "", "ERROR pig-script: no -f <script> in step arguments\n"
    syslog = os.path.join(workdir, "syslog.txt")
    log4j = os.path.join(workdir, "log4j.properties")
    with open(log4j, "w") as f:
        f.write(PIG_LOG4J.replace("{syslog}", syslog))
    os.makedirs(os.path.join(workdir, "pig-logs"), exist_ok=True)  # Pig writes pig_<time>.log in it on errors
    proc = subprocess.run(pig_command(workdir, log4j) + params + [script], cwd=workdir, capture_output=True,
                          text=True, timeout=900)
    stderr = proc.stderr
    logs_dir = os.path.join(workdir, "pig-logs")
    if os.path.isdir(logs_dir):
        for name in sorted(os.listdir(logs_dir)):
            with open(os.path.join(logs_dir, name), errors="replace") as f:
                stderr += "Details also at logfile: %s\n%s" % (name, f.read())
    syslog_text = open(syslog, errors="replace").read() if os.path.exists(syslog) else ""
    return proc.returncode, syslog_text, stderr


SPARK = {"session": None}


def spark_session(workdir):
    if SPARK["session"] is None:
        from pyspark.sql import SparkSession

        conf = {"spark.master": "local[2]", "spark.app.name": "moto-emr", "spark.sql.shuffle.partitions": "2",
                "spark.default.parallelism": "2", "spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                "spark.driver.bindAddress": "127.0.0.1", "spark.driver.host": "127.0.0.1",
                "spark.sql.session.timeZone": "UTC", "spark.driver.memory": "1g",
                "spark.local.dir": os.path.join(workdir, "spark-local"),
                "spark.sql.warehouse.dir": os.path.join(workdir, "warehouse"),
                "spark.driver.extraJavaOptions": "-Duser.timezone=UTC -Dfile.encoding=UTF-8 -XX:+UseSerialGC"}
        builder = SparkSession.builder
        for k, v in conf.items():
            builder = builder.config(k, v)
        SPARK["session"] = builder.getOrCreate()
        SPARK["session"].sparkContext.setLogLevel("ERROR")
    return SPARK["session"]


SPARK_OPTS_WITH_VALUE = {"--deploy-mode", "--master", "--conf", "--name", "--py-files", "--files", "--jars",
                         "--driver-memory", "--executor-memory", "--num-executors", "--executor-cores", "--class"}


def run_spark(args, workdir, localise, spark_root):
    i, script = 1, None
    while i < len(args):
        if args[i] in SPARK_OPTS_WITH_VALUE:
            i += 2
            continue
        script = args[i]
        break
    if script is None:
        return 1, "", "Error: spark-submit: no application script in step arguments\n"
    local_script = localise(script, script=True)
    argv = [localise(a) if a.startswith("s3://") else a for a in args[i + 1:]]
    syslog = "%s INFO SparkContext: Running Spark version %s (shared local[2] session)\n" % (stamp(), _spark_version())
    name = "moto_emr_step_%d" % int(time.time() * 1000)
    try:
        spark = spark_session(spark_root)
        spec = importlib.util.spec_from_file_location(name, local_script)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        module.main(argv, spark)
        return 0, syslog, ""
    except SystemExit as e:
        if e.code in (0, None):
            return 0, syslog, ""
        return 1, syslog, driver_traceback()
    except BaseException:  # noqa: BLE001 - a failing step is reported, the harness goes on
        return 1, syslog, driver_traceback()
    finally:
        sys.modules.pop(name, None)


def driver_traceback():
    """The traceback from the script's frames on, as spark-submit's driver would print it."""
    etype, value, tb = sys.exc_info()
    return "".join(traceback.format_exception(etype, value, tb.tb_next if tb else None))


def _spark_version():
    try:
        import pyspark

        return pyspark.__version__
    except Exception:  # noqa: BLE001
        return "?"


def run_aws_s3(args):
    """`aws s3 cp s3://src s3://dst` (one object) or `aws s3 rm s3://key`, as the AWS CLI on an EMR node runs them (no options)."""
    uris = args[3:]
    if len(uris) != (2 if args[2] == "cp" else 1) or not all(a.startswith("s3://") for a in uris):
        return 1, "", "usage: aws s3 cp <s3://source> <s3://target> | aws s3 rm <s3://key> (the emulator takes one object, no options)\n"
    if args[2] == "rm":
        bucket, key = split_uri(uris[0])
        if key in keys_under(bucket, key):
            s3().delete_object(bucket, key)
        return 0, "", "delete: %s\n" % uris[0]
    src_bucket, src_key = split_uri(uris[0])
    dst_bucket, dst_key = split_uri(uris[1])
    try:
        body = s3().get_object(src_bucket, src_key).value
    except Exception:  # noqa: BLE001 - the AWS CLI's message for a missing source
        return 1, "", "fatal error: An error occurred (404) when calling the HeadObject operation: Key \"%s\" does not exist\n" % src_key
    s3().put_object(dst_bucket, dst_key, body)
    return 0, "", "copy: %s to %s\n" % (uris[0], uris[1])


# ------------------------------------------------------------------ the driver

class StepRun:
    def __init__(self, step):
        self.step = step
        self.workdir = tempfile.mkdtemp(prefix="moto-emr-step-")
        self.outputs = []

    def localise(self, value, script=False):
        """s3:// values become local paths: existing objects are downloaded, the rest are outputs."""
        if not value.startswith("s3://"):
            return value
        bucket, key = split_uri(value)
        local = os.path.join(self.workdir, "s3", bucket, key.rstrip("/"))
        if download(value, local):
            return local
        if script:
            raise FileNotFoundError("script %s does not exist" % value)
        self.outputs.append((local, value))
        return local


def run_step(cluster, step, spark_root):
    run = StepRun(step)
    args = [str(a) for a in step.args]
    started = time.time()
    controller = ["%s INFO Ensure step %s jar file %s" % (stamp(), step.id, step.jar),
                  "%s INFO StepRunner: Created Runner for step %s" % (stamp(), step.id),
                  "INFO startExec 'hadoop jar /var/lib/aws/emr/step-runner/hadoop-jars/%s %s'" % (step.jar, " ".join(args))]
    try:
        if args and args[0] == "pig-script":
            code, syslog, stderr = run_pig(args, run.workdir, run.localise)
        elif args and args[0] == "spark-submit":
            code, syslog, stderr = run_spark(args, run.workdir, run.localise, spark_root)
        elif args[:3] in (["aws", "s3", "cp"], ["aws", "s3", "rm"]):
            code, syslog, stderr = run_aws_s3(args)
        else:
            code, syslog, stderr = 1, "", "Error: unsupported step command: %s\n" % (args[:1],)
        if code == 0:
            for local, uri in run.outputs:
                if os.path.exists(local):
                    upload_tree(local, uri)
    except Exception:  # noqa: BLE001 - e.g. a missing script
        code, syslog, stderr = 1, "", traceback.format_exc()
    took = int(round(time.time() - started))
    controller.append("INFO total process run time: %d seconds" % took)
    if code == 0:
        controller.append("%s INFO Step succeeded with exitCode 0 and took %d seconds" % (stamp(), took))
    else:
        controller.append("%s WARN Step failed with exitCode %d and took %d seconds" % (stamp(), code, took))
    if cluster.log_uri:
        base = cluster.log_uri.rstrip("/") + "/%s/steps/%s/" % (cluster.id, step.id)
        put_gz(base + "controller.gz", "\n".join(controller) + "\n")
        put_gz(base + "syslog.gz", syslog)
        put_gz(base + "stderr.gz", stderr)
        put_gz(base + "stdout.gz", "")
    shutil.rmtree(run.workdir, ignore_errors=True)
    return code == 0


def finish_cluster(cluster, state, message):
    cluster.state = state
    cluster.last_state_change_reason = message
    cluster.end_datetime = now()


def advance(cluster, spark_root):
    """Runs the cluster's next unfinished step; updates step and cluster states like EMR does."""
    pending = [s for s in cluster.steps if s.state not in TERMINAL_STEP]
    if not pending:
        if not cluster.keep_job_flow_alive_when_no_steps:
            finish_cluster(cluster, "TERMINATED", "Steps completed")
        elif cluster.state == "RUNNING":
            cluster.state = "WAITING"
        return False
    step = pending[0]
    cluster.state = "RUNNING"
    step.state = "RUNNING"
    step.start()
    ok = run_step(cluster, step, spark_root)
    if cluster.state not in ACTIVE_CLUSTER:  # terminated while the step ran
        step.state = "CANCELLED"
        step.end_date_time = now()
        return True
    step.state = "COMPLETED" if ok else "FAILED"
    step.end_date_time = now()
    if not ok:
        step.last_state_change_reason = "Step failed: see the step's stderr log"
        rest = [s for s in cluster.steps if s.state not in TERMINAL_STEP]
        if step.action_on_failure in ("TERMINATE_CLUSTER", "TERMINATE_JOB_FLOW"):
            for s in rest:
                s.state = "CANCELLED"
            finish_cluster(cluster, "TERMINATED_WITH_ERRORS", "Shut down as step failed")
        elif step.action_on_failure == "CANCEL_AND_WAIT":
            for s in rest:
                s.state = "CANCELLED"
    return True


def clusters():
    for _account, regions in list(emr_backends.items()):
        for _region, backend in list(regions.items()):
            yield from list(backend.clusters.values())


def serverless_backends():
    for _account, regions in list(emrserverless_backends.items()):
        yield from list(regions.values())


JOB_RUN_STEPS = {"SUBMITTED": "PENDING", "PENDING": "SCHEDULED", "SCHEDULED": "RUNNING"}


def job_run_log_folder(job_run):
    overrides = job_run.configuration_overrides or {}
    uri = ((overrides.get("monitoringConfiguration") or {}).get("s3MonitoringConfiguration") or {}).get("logUri")
    if not uri:
        return None
    return uri.rstrip("/") + "/applications/%s/jobs/%s/SPARK_DRIVER/" % (job_run.application_id, job_run.id)


def run_job_run(job_run, spark_root):
    """A job run's sparkSubmit on the local Spark session, as run_spark runs a cluster's spark-submit step."""
    import shlex

    spark = (job_run.job_driver or {}).get("sparkSubmit") or {}
    args = ["spark-submit"] + shlex.split(spark.get("sparkSubmitParameters") or "") + [spark.get("entryPoint", "")]
    args += [str(a) for a in spark.get("entryPointArguments") or []]
    run = StepRun(job_run)
    try:
        code, _syslog, stderr = run_spark(args, run.workdir, run.localise, spark_root)
        if code == 0:
            for local, uri in run.outputs:
                if os.path.exists(local):
                    upload_tree(local, uri)
    except Exception:  # noqa: BLE001 - e.g. a missing script
        code, stderr = 1, traceback.format_exc()
    folder = job_run_log_folder(job_run)
    if folder:
        put_gz(folder + "stderr.gz", stderr)
        put_gz(folder + "stdout.gz", "")
    shutil.rmtree(run.workdir, ignore_errors=True)
    return code == 0


def is_held(job_run):
    with CONTROL.lock:
        return any(n in (job_run.name or "") for n in CONTROL.held_job_runs)


def advance_serverless(backend, spark_root, paused):
    """Moves applications and job runs on one state per pass; runs a RUNNING job run unless paused."""
    worked = False
    for app in list(backend.applications.values()):
        if app.state == "CREATING":
            app.state = "CREATED"
            worked = True
    for app_id, runs in list(backend.job_runs.items()):
        app = backend.applications.get(app_id)
        for job_run in list(runs):
            auto_start = (app.auto_start_configuration or {}).get("enabled", True) if app else False
            if job_run.state == "SCHEDULED" and app and app.state in ("CREATED", "STOPPED") and auto_start:
                app.state = "STARTED"  # EMR Serverless starts an application for a job run when autoStart is on
            if job_run.state in JOB_RUN_STEPS and (job_run.state != "SCHEDULED" or (app and app.state == "STARTED")):
                job_run.state = JOB_RUN_STEPS[job_run.state]
                job_run.updated_at = now()
                worked = True
            elif job_run.state == "RUNNING" and not paused and not is_held(job_run):
                ok = run_job_run(job_run, spark_root)
                if job_run.state == "RUNNING":  # not cancelled meanwhile
                    job_run.state = "SUCCESS" if ok else "FAILED"
                    job_run.state_details = "" if ok else "Job failed, please check complete logs in configured logging destination. ExitCode: 1."
                    job_run.updated_at = now()
                worked = True
    return worked


def driver(stop, spark_root):
    while not stop.is_set():
        worked = False
        with CONTROL.lock:
            paused = CONTROL.paused
        for backend in serverless_backends():
            try:
                worked = advance_serverless(backend, spark_root, paused) or worked
            except Exception:  # noqa: BLE001 - keep the driver alive
                traceback.print_exc()
        for cluster in clusters():
            # moto leaves a cluster WAITING even with steps to run; EMR shows it RUNNING.
            if cluster.state == "WAITING" and any(s.state not in TERMINAL_STEP for s in cluster.steps):
                cluster.state = "RUNNING"
        if not paused:
            for cluster in clusters():
                if cluster.state in ("RUNNING", "WAITING"):
                    try:
                        worked = advance(cluster, spark_root) or worked
                    except Exception:  # noqa: BLE001 - keep the driver alive
                        traceback.print_exc()
        if not worked:
            stop.wait(0.1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--exit-on-stdin-eof", action="store_true", help="stop when stdin closes (the parent went away)")
    opts = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    if not os.environ.get("JAVA_HOME") and os.path.exists(os.path.join(ENGINES, "java-home")):
        os.environ["JAVA_HOME"] = open(os.path.join(ENGINES, "java-home")).read().strip()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("TZ", "UTC")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # EMR Serverless states as on AWS: an application is CREATING first, a job run SUBMITTED (see the docstring).
    emrserverless_models.APPLICATION_STATUS = "CREATING"
    emrserverless_models.JOB_STATUS = "SUBMITTED"
    server = HarnessServer(ip_address="127.0.0.1", port=opts.port, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    spark_root = tempfile.mkdtemp(prefix="moto-emr-spark-")
    stop = threading.Event()
    thread = threading.Thread(target=driver, args=(stop, spark_root), daemon=True)
    thread.start()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    if opts.exit_on_stdin_eof:
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    print("MOTO_EMR_READY http://%s:%d" % (host, port), flush=True)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        stop.set()
    server.stop()
    if SPARK["session"] is not None:
        SPARK["session"].stop()
    shutil.rmtree(spark_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
