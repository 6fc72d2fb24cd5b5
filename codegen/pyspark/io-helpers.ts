// Python readers and writers a generated script defines when it uses them: access logs, CSV and JSON
// lines read as the local runtime reads them (rejected lines dropped), outputs written in the text format
// of docs/semantics.md.
import type { Helper, HelperName } from './script-helpers.ts';

export type IoHelperName =
  | 'column'
  | 'all_of'
  | 'capture'
  | 'read_log'
  | 'read_csv'
  | 'read_json_lines'
  | 'read_parquet'
  | 'partitioned'
  | 'write_csv'
  | 'write_tsv'
  | 'write_parquet'
  | 'write_json_lines'
  | 'write_rejects'
  | 'log_rejects';

const h = (needs: HelperName[], code: string): Helper => ({ needs, code });

export const IO_HELPERS: { readonly [K in IoHelperName]: Helper } = {
  column: h([], [
    '',
    'def column(name):',
    '    # A column by its exact name: Spark would read dots as field access and backticks as quotes.',
    '    return F.col("`" + name.replace("`", "``") + "`")',
  ].join('\n')),
  all_of: h([], String.raw`
def all_of(conditions):
    result = F.lit(True)
    for c in conditions:
        result = result & c
    return result`),
  capture: h([], String.raw`
def capture(text, regex, group, may_take_no_part):
    value = F.regexp_extract(text, regex, group)
    if may_take_no_part:
        # '' is then also a group that took no part, which is null: a Java backreference to an unset group
        # fails, to a group set to '' matches empty.
        return F.when((value != "") | text.rlike("(?:" + regex + ")\\" + str(group)), value)
    return value`),
  read_log: h(['column', 'all_of', 'capture', 'millis', 'log_rejects', 'write_rejects'], String.raw`
LOG_INTEGER = "^-?[0-9]+$"
LOG_DECIMAL = "^-?[0-9]+([.][0-9]+)?$"
CLF_TIME = "^[0-9]{2}/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}$"
ISO_LOG_TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?Z$"


def log_field(raw, conversion):
    # The field's value, and a condition that is false when it rejects the line (None: never).
    if conversion == "text":
        return raw, None
    if conversion == "dash-null":
        return F.when(raw != "-", raw), None
    if conversion in ("int", "long", "double"):
        value = F.when(raw.rlike(LOG_DECIMAL if conversion == "double" else LOG_INTEGER), raw.cast(conversion))
        return value, raw.isNull() | (raw == "-") | value.isNotNull()
    if conversion == "clf-time":
        value = F.when(raw.rlike(CLF_TIME), F.to_timestamp(raw, "dd/MMM/yyyy:HH:mm:ss Z"))
        return value, raw.isNull() | value.isNotNull()
    if conversion == "iso-time":
        value = F.when(raw.rlike(ISO_LOG_TIME), millis(raw.cast("timestamp")))
        return value, raw.isNull() | (raw == "-") | value.isNotNull()
    raise ValueError("unknown log field conversion: " + conversion)


def split_request(request, split):
    # A request that does not match leaves method and protocol null and is the path (null if "-").
    regex = split["regex"]
    method, path, protocol = split["columns"]
    matched = request.rlike(regex)

    def part(group):
        value = capture(request, regex, group, split["optional"][group - 1])
        return F.when(value != "-", value) if split["conv"] == "dash-null" else value

    return {
        method: F.when(matched, part(1)),
        path: F.when(matched, part(2)).otherwise(F.when(request != "-", request)),
        protocol: F.when(matched, part(3)),
    }


def read_log(spark, path, log, rejects=None):
    # Lines matching the format's regex, field by field as plan/formats.ts says; a line that does not match,
    # or holds a bad number or time, is dropped (the local runtime counts it as a reject). With a rejects
    # folder, those lines are written there first with their reason.
    line = F.col("value")
    regex = log["regex"]
    fields = [(g + 1, f) for g, f in enumerate(log["groups"]) if f is not None]
    lines = spark.read.text(path)
    if rejects is not None:
        write_rejects(log_rejects(lines, log, fields), rejects)
    raw = lines.filter(line.rlike(regex))
    raw = raw.select(*[capture(line, regex, g, f[2]).alias(f[0]) for g, f in fields])
    values, kept = {}, []
    for _, (name, conversion, _) in fields:
        if name == "request" and log["request"] is not None:
            values.update(split_request(column(name), log["request"]))
            continue
        values[name], ok = log_field(column(name), conversion)
        if ok is not None:
            kept.append(ok)
    return raw.filter(all_of(kept)).select(*[values[c].alias(c) for c in log["columns"]])`),
  read_csv: h(['column', 'all_of', 'write_rejects', 'text_to_integral', 'text_to_double', 'text_to_boolean', 'text_to_timestamp', 'text_to_date'], String.raw`
# Stands for an empty unquoted field, so that Spark keeps "" (quoted) apart from null.
CSV_NULL = "\x00\x01null\x01\x00"


def csv_value(text, plan_type):
    # Surrounding spaces are trimmed for every type but string; text that does not convert rejects the record.
    if plan_type == "string":
        return text
    t = F.trim(text)
    if plan_type in ("int", "long"):
        return text_to_integral(t, plan_type)
    if plan_type == "timestamp":
        return text_to_timestamp(t, ISO_TIMESTAMP_IN_DATA)
    return {"double": text_to_double, "boolean": text_to_boolean, "date": text_to_date}[plan_type](t)


def read_csv(spark, path, columns, header, sep, rejects=None):
    # RFC 4180 with a declared schema (columns by position). A record with another number of fields, or a
    # value that is not of its column's type, is dropped (the local runtime counts it as a reject). With a
    # rejects folder, their numbers are written there: Spark's CSV reader keeps no record text.
    schema = T.StructType([T.StructField(name, T.StringType()) for name, _ in columns])
    options = dict(
        schema=schema, header=header, sep=sep, quote='"', escape='"', multiLine=True,
        nullValue=CSV_NULL, emptyValue="", ignoreLeadingWhiteSpace=False, ignoreTrailingWhiteSpace=False,
        enforceSchema=True, encoding="UTF-8")
    raw = spark.read.csv(path, mode="DROPMALFORMED", **options)
    values = [(column(name), csv_value(column(name), plan_type)) for name, plan_type in columns]
    ok = all_of([text.isNull() | value.isNotNull() for text, value in values])
    if rejects is not None:
        # Every column is used in the sum, so Spark parses each record (a bare count() would not drop any).
        parsed_all = raw.agg(F.sum(F.lit(1) + F.length(F.concat_ws(",", *[column(n) for n, _ in columns])) * 0)).first()[0] or 0
        counts = [("wrong-field-count", spark.read.csv(path, mode="PERMISSIVE", **options).count() - parsed_all),
                  ("bad-csv", raw.filter(~ok).count())]
        write_rejects(spark.createDataFrame([("#%s\t%d" % c,) for c in counts], "value string").coalesce(1), rejects)
    return raw.filter(ok).select(*[value.alias(name) for (name, _), (_, value) in zip(columns, values)])`),
  read_json_lines: h(['all_of', 'millis', 'text_to_timestamp', 'text_to_date', 'write_rejects'], String.raw`
JSON_CORRUPT = "\x00corrupt"
JSON_OPTIONS = {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": JSON_CORRUPT, "allowNonNumericNumbers": "false"}
# Numbers are read as doubles, as JavaScript's JSON does; times as text (a number is epoch milliseconds).
JSON_READ = {"string": T.StringType(), "int": T.DoubleType(), "long": T.DoubleType(), "double": T.DoubleType(),
             "boolean": T.BooleanType(), "timestamp": T.StringType(), "date": T.StringType()}
# Spark reads any JSON value into a string column: reading it again as these finds the values that are not strings.
JSON_NOT_STRING = {"number": T.DoubleType(), "boolean": T.BooleanType(),
                   "object": T.MapType(T.StringType(), T.StringType()), "array": T.ArrayType(T.StringType())}


def json_whole(d, low, high):
    return d.isNull() | ((d == F.floor(d)) & (d >= F.lit(low)) & (d <= F.lit(high)))


def read_json_lines(spark, path, columns, rejects=None):
    # One JSON object per line, fields by exact name, absent or null fields null; blank lines skipped. A line
    # that is not one object, or a field of another JSON type, is dropped (the local runtime counts it).
    line = F.col("value")
    strings = [n for n, t in columns if t == "string"]
    times = [n for n, t in columns if t == "timestamp"]
    probes = {k: [(n, t) for n in strings + (times if k == "number" else [])] for k, t in JSON_NOT_STRING.items()}

    def parse(fields):
        schema = T.StructType([T.StructField(n, t) for n, t in fields] + [T.StructField(JSON_CORRUPT, T.StringType())])
        return F.from_json(line, schema, JSON_OPTIONS)

    parsed = spark.read.text(path).filter(~line.rlike("^[ \\t]*$")).select(
        line, parse([(n, JSON_READ[t]) for n, t in columns]).alias("main"),
        *[parse(fields).alias(k) for k, fields in probes.items() if fields])
    main = F.col("main")
    kept = [main.getField(JSON_CORRUPT).isNull(), line.rlike("^[ \\t]*[{][\\s\\S]*[}][ \\t]*$")]
    values = []
    for n, t in columns:
        v = main.getField(n)
        if t == "string":
            kept += [F.col(k).getField(n).isNull() for k in JSON_NOT_STRING]
        elif t in ("int", "long"):
            limit = 2147483647 if t == "int" else 9007199254740991
            kept.append(json_whole(v, -limit - (1 if t == "int" else 0), limit))
            v = v.cast(t)
        elif t == "timestamp":
            number = F.col("number").getField(n)
            v = F.when(number.isNotNull(), F.when(json_whole(number, -9007199254740991, 9007199254740991),
                                                  F.timestamp_millis(number.cast("long"))))
            v = v.otherwise(text_to_timestamp(main.getField(n), ISO_TIMESTAMP_IN_DATA))
            kept.append(main.getField(n).isNull() | v.isNotNull())
        elif t == "date":
            v = text_to_date(v)
            kept.append(main.getField(n).isNull() | v.isNotNull())
        values.append(v.alias(n))
    if rejects is not None:
        write_rejects(parsed.filter(~all_of(kept)).select(F.concat_ws("\t", F.lit("bad-json"), line).alias("value")), rejects)
    return parsed.filter(all_of(kept)).select(*values)`),
  partitioned: h(['column', 'timestamp_text'], String.raw`
def partitioned(df, partition, keep_order):
    # partition: (column, plan type). The column becomes its output text (Spark would write timestamps its
    # own way). Spark sorts rows by it before writing and drops an earlier sort as redundant, so an ordered
    # output numbers its rows first and sorts by (partition, number): each directory keeps the plan's order.
    name, plan_type = partition
    text = timestamp_text(column(name)) if plan_type == "timestamp" else column(name).cast("string")
    df = df.select(*[text.alias(c) if c == name else column(c) for c in df.columns])
    if keep_order:
        position = "\x00position"
        df = df.withColumn(position, F.monotonically_increasing_id())
        df = df.sortWithinPartitions(column(name), column(position)).drop(position)
    return df`),
  write_csv: h(['partitioned', 'column', 'timestamp_text'], String.raw`
CSV_WRITE = {
    "header": "true", "sep": ",", "quote": '"', "escape": '"', "nullValue": "", "emptyValue": '""',
    # Spark trims values and quotes a leading '#' (its comment character) unless told otherwise.
    "ignoreLeadingWhiteSpace": "false", "ignoreTrailingWhiteSpace": "false", "comment": '"',
    "timestampFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "dateFormat": "yyyy-MM-dd", "timeZone": "UTC",
    "lineSep": "\n", "encoding": "UTF-8",
}


def csv_field(c, spark_type):
    # The field as the CSV writer would write it: '' and text with a comma, quote, CR or LF quoted.
    text = timestamp_text(c) if spark_type == "timestamp" else c.cast("string")
    quoted = F.concat(F.lit('"'), F.regexp_replace(text, '"', '""'), F.lit('"'))
    return F.when(text.isNull(), F.lit("")).when((text == "") | text.rlike('[",\\r\\n]'), quoted).otherwise(text)


def write_csv(df, path, partition=None, keep_order=False, header=True):
    # partition: (column, plan type) for one directory per value (Hive layout), else None.
    df = partitioned(df, partition, keep_order) if partition else df
    fields = [c for c in df.columns if partition is None or c != partition[0]]
    if len(fields) == 1:
        # Spark's CSV writer drops a row whose only field is null (its line would be empty), so one column
        # is written as text lines of CSV fields; these part files have no header row.
        name = fields[0]
        line = csv_field(column(name), df.schema[name].dataType.typeName()).alias("value")
        df = df.select(line, *([column(partition[0])] if partition else []))
        writer = df.write.mode("overwrite").option("lineSep", "\n")
        (writer.partitionBy(partition[0]) if partition else writer).text(path)
        return
    writer = df.write.mode("overwrite").options(**CSV_WRITE).option("header", "true" if header else "false")
    (writer.partitionBy(partition[0]) if partition else writer).csv(path)`),
  write_tsv: h(['partitioned', 'column', 'timestamp_text'], String.raw`
# (Java regex, Java replacement text): a backslash first, so that the escapes are not escaped again.
TSV_ESCAPES = [("\\\\", "\\\\\\\\"), ("\t", "\\\\t"), ("\n", "\\\\n"), ("\r", "\\\\r")]


def tsv_field(c, spark_type):
    # The value's text with backslash, tab, LF and CR escaped (Java regex and replacement text); null is \N.
    text = timestamp_text(c) if spark_type == "timestamp" else c.cast("string")
    if spark_type == "string":
        for regex, replacement in TSV_ESCAPES:
            text = F.regexp_replace(text, regex, replacement)
    return F.coalesce(text, F.lit("\\N"))


def write_tsv(df, path, partition=None, keep_order=False):
    # Each row as one text line of tab-joined fields, no header row.
    df = partitioned(df, partition, keep_order) if partition else df
    fields = [c for c in df.columns if partition is None or c != partition[0]]
    line = F.concat_ws("\t", *[tsv_field(column(c), df.schema[c].dataType.typeName()) for c in fields]).alias("value")
    df = df.select(line, *([column(partition[0])] if partition else []))
    writer = df.write.mode("overwrite").option("lineSep", "\n")
    (writer.partitionBy(partition[0]) if partition else writer).text(path)`),
  read_parquet: h(['column'], String.raw`
# Spark's type names a declared column accepts (docs/semantics.md, "Parquet").
PARQUET_TYPES = {"string": ["string"], "int": ["integer"], "long": ["long"], "double": ["double"],
                 "boolean": ["boolean"], "timestamp": ["timestamp", "timestamp_ntz"], "date": ["date"]}


def read_parquet(spark, path, columns):
    # A file or a folder of part files; the declared columns by name, each of the type the plan maps it to.
    df = spark.read.parquet(path)
    found = {f.name: f.dataType.typeName() for f in df.schema.fields}
    for name, plan_type in columns:
        if name not in found:
            raise ValueError("%s: no column '%s' in the Parquet file (it has %s)" % (path, name, ", ".join(found)))
        if found[name] not in PARQUET_TYPES[plan_type]:
            raise ValueError("%s: column '%s' is %s in the Parquet file, not %s as the job declares" % (path, name, found[name], plan_type))
    return df.select(*[column(name).cast("timestamp") if t == "timestamp" else column(name) for name, t in columns])`),
  write_parquet: h([], String.raw`
def write_parquet(df, path):
    # Timestamps as INT64 TIMESTAMP(MILLIS, UTC), as the runtime writes them (Spark's default is INT96).
    df.sparkSession.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")
    df.write.mode("overwrite").option("compression", "snappy").parquet(path)`),
  write_json_lines: h(['partitioned'], String.raw`
JSON_WRITE = {
    "ignoreNullFields": "false", "timestampFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "dateFormat": "yyyy-MM-dd",
    "timeZone": "UTC", "lineSep": "\n", "encoding": "UTF-8",
}


def write_json_lines(df, path, partition=None, keep_order=False):
    writer = (partitioned(df, partition, keep_order) if partition else df).write.mode("overwrite").options(**JSON_WRITE)
    (writer.partitionBy(partition[0]) if partition else writer).json(path)`),
  write_rejects: h([], String.raw`
def write_rejects(rejected, path):
    # One text line per rejected record, "<reason>\t<text>" (or "#<reason>\t<count>" for records without
    # text), so that the run can count read = parsed + rejected.
    rejected.write.mode("overwrite").option("lineSep", "\n").text(path)`),
  log_rejects: h(['column', 'capture'], String.raw`
LOG_LINE = "\x00line"
LOG_MATCHED = "\x00matched"
LOG_REASON = "\x00reason"


def log_rejects(lines, log, fields):
    # Every line the format rejects, with the runtime's reason: no-match, else the first field (in group
    # order) that does not convert. A second pass over the input, taken only when rejects are written.
    line = F.col("value")
    regex = log["regex"]
    checked = lines.select(line.alias(LOG_LINE), line.rlike(regex).alias(LOG_MATCHED),
                           *[capture(line, regex, g, f[2]).alias(f[0]) for g, f in fields])
    reason = F.when(~column(LOG_MATCHED), F.lit("no-match"))
    for _, (name, conversion, _) in fields:
        if name == "request" and log["request"] is not None:
            continue
        _, ok = log_field(column(name), conversion)
        if ok is not None:
            reason = reason.when(~ok, F.lit("bad-time" if conversion.endswith("time") else "bad-number"))
    rejected = checked.select(reason.alias(LOG_REASON), column(LOG_LINE)).filter(column(LOG_REASON).isNotNull())
    return rejected.select(F.concat_ws("\t", column(LOG_REASON), column(LOG_LINE)).alias("value"))`),
};
