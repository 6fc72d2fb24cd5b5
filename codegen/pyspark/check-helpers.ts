// Python functions of a script with data-quality checks: each check's result and the results document as
// plan/checks.ts builds them (checkResult, checkResultsJson, checkFailureText), key for key and word for word.
import { CHECKS_FILE, CHECKS_FORMAT, CHECKS_VERSION, SAMPLE_ROWS } from '../../plan/index.ts';
import type { Helper, HelperName } from './script-helpers.ts';

export type CheckHelperName = 'count_rows' | 'check_result' | 'checks_failure' | 'write_check_results' | 'previous_rows';

const h = (needs: HelperName[], code: string): Helper => ({ needs, code });

export const CHECK_HELPERS: { readonly [K in CheckHelperName]: Helper } = {
  count_rows: h([], String.raw`
def count_rows(dfs):
    # The row counts of several DataFrames in one Spark job: a union of their rows, each reduced to its tag.
    tagged = None
    for i, df in enumerate(dfs):
        rows = df.select(F.lit(i).alias("tag"))
        tagged = rows if tagged is None else tagged.union(rows)
    counted = dict(tagged.groupBy("tag").count().collect())
    return [counted.get(i, 0) for i in range(len(dfs))]`),
  check_result: h(['column', 'value_text'], String.raw`
class ChecksFailed(Exception):
    """An error check failed: the message names it, its dataset, job line, failing count and samples."""


def sample_rows(df):
    # The samples node's rows (at most ${SAMPLE_ROWS}, in its order), each value as outputs write it, null as None.
    names = df.columns
    texts = [value_text(column(n), df.schema[n].dataType.typeName()).alias(n) for n in names]
    return [dict(zip(names, row)) for row in df.select(*texts).collect()]


def row_count_passes(check, rows, previous):
    if "min" in check and rows < check["min"]:
        return False
    if "max" in check and rows > check["max"]:
        return False
    return not ("tolerance" in check and previous is not None and abs(rows - previous) > check["tolerance"] * previous)


def check_result(check, rows, selected, samples, previous_rows):
    # rows: the checked rows' count; selected: the count of the rows the rule selects (None for rowCount);
    # samples: the samples node's DataFrame (None when the check shows none), read only when the check failed.
    previous = previous_rows.get(check["name"])
    if check["rule"] == "no-rows":
        failing = selected
    elif check["rule"] == "some-rows":
        failing = 1 if selected == 0 else 0
    else:
        failing = 0 if row_count_passes(check, rows, previous) else 1
    result = {key: check[key] for key in ("name", "kind", "dataset", "severity")}
    result.update(status="pass" if failing == 0 else "fail", failing=failing, rows=rows)
    if "tolerance" in check:
        result["previousRows"] = previous
    result["samples"] = sample_rows(samples) if failing and samples is not None else []
    result["line"] = check["line"]
    return result`),
  checks_failure: h([], String.raw`
def js_json(value):
    # JSON as JavaScript's JSON.stringify writes it: no spaces, non-ASCII as itself, lone surrogates escaped.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "".join("\\u%04x" % ord(ch) if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def clip(value):
    # Values longer than 40 UTF-16 code units are cut to 39 and an ellipsis, as JavaScript counts them.
    if value is None:
        return None
    units = value.encode("utf-16-le", "surrogatepass")
    return value if len(units) <= 80 else units[:78].decode("utf-16-le", "surrogatepass") + "\u2026"


def check_failure_text(r):
    if r["kind"] == "rowCount":
        previous = r.get("previousRows")
        what = "%d rows%s" % (r["rows"], "" if previous is None else " (previous run: %d)" % previous)
    elif r["kind"] == "freshness":
        what = "no row recent enough among %d" % r["rows"]
    else:
        one = r["failing"] == 1
        noun = ("duplicated key" if one else "duplicated keys") if r["kind"] == "unique" else ("failing row" if one else "failing rows")
        what = "%d %s of %d" % (r["failing"], noun, r["rows"])
    shown = [js_json({k: clip(v) for k, v in s.items()}) for s in r["samples"][:3]]
    samples = "; e.g. " + ", ".join(shown) if shown else ""
    return "check '%s' (%s, %s) on %s at %s failed: %s%s" % (r["name"], r["kind"], r["severity"], r["dataset"], r["line"], what, samples)


def first_failed_error(checks):
    # Index of the first failed error check, or -1.
    return next((i for i, c in enumerate(checks) if c["severity"] == "error" and c["status"] == "fail"), -1)


def checks_failure(checks):
    # The message the run stops with: the first failed error check, and how many more failed.
    failed = [c for c in checks if c["severity"] == "error" and c["status"] == "fail"]
    more = len(failed) - 1
    return check_failure_text(failed[0]) + (" (and %d more failed error check%s)" % (more, "s" if more > 1 else "") if more else "")`),
  write_check_results: h([], String.raw`
def beside(path, name):
    # A sibling of an output folder (a local path or an s3:// URI).
    trimmed = path.rstrip("/")
    return trimmed[:trimmed.rfind("/") + 1] + name


def write_check_results(spark, job, checks, path, output):
    # The results document on one line (ASCII, other characters escaped): one part file in the folder path,
    # by default ${CHECKS_FILE} beside the folder of output.
    path = path or beside(output, ${JSON.stringify(CHECKS_FILE)})
    text = json.dumps({"format": ${JSON.stringify(CHECKS_FORMAT)}, "version": ${CHECKS_VERSION}, "job": job, "checks": checks}, separators=(",", ":"))
    spark.createDataFrame([(text,)], "value string").coalesce(1).write.mode("overwrite").option("lineSep", "\n").text(path)`),
  previous_rows: h([], String.raw`
def previous_rows(text):
    # {"check name": rows, ...}: the previous run's row count of each rowCount check (emr-jobs run passes
    # the counts in its --previous results; on EMR give them in the step's arguments).
    try:
        value = json.loads(text)
    except ValueError as e:
        raise ValueError("--checks__previous_rows: not JSON (%s)" % e)
    if not isinstance(value, dict) or any(type(v) is not int or v < 0 for v in value.values()):
        raise ValueError('--checks__previous_rows: expected a JSON object of check name to row count, like {"rowCount(tolerance 0.5)": 120}')
    return value`),
};
