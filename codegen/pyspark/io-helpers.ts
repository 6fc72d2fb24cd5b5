// Python readers and writers a generated script defines when it uses them: access logs, CSV, JSON
// lines, text lines and CloudTrail files read as the local runtime reads them (rejected lines dropped),
// outputs written in the text format of docs/semantics.md. Every read lists a folder as Pig and the runtime
// do (and as an S3 prefix is read): recursively (recursiveFileLookup, which also keeps `k=v` folder names
// from becoming columns), hidden names skipped.
import { URL_ESCAPES_REGEX } from '../../plan/index.ts';
import type { Helper, HelperName } from './script-helpers.ts';

export type IoHelperName =
  | 'column'
  | 'all_of'
  | 'capture'
  | 'read_log'
  | 'csv_value'
  | 'read_csv'
  | 'read_csv_lines'
  | 'json_records'
  | 'read_json_lines'
  | 'read_text_lines'
  | 'read_cloudtrail'
  | 'read_parquet'
  | 'partitioned'
  | 'value_text'
  | 'write_csv'
  | 'write_tsv'
  | 'write_parquet'
  | 'write_json_lines'
  | 'write_rejects'
  | 'numbered_lines'
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
W3C_TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}\t[0-9]{2}:[0-9]{2}:[0-9]{2}$"
URL_ESCAPES = ${JSON.stringify(URL_ESCAPES_REGEX)}


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
    if conversion == "w3c-time":
        # date<tab>time (UTC), read as the ISO text yyyy-MM-ddTHH:mm:ssZ.
        value, _ = log_field(F.concat(F.regexp_replace(raw, "\t", "T"), F.lit("Z")), "iso-time")
        value = F.when(raw.rlike(W3C_TIME), value)
        return value, raw.isNull() | value.isNotNull()
    if conversion == "url-decoded":
        # Only text whose escapes are all valid UTF-8 is decoded (url_decode fails on a bad one); "+" is
        # written %2B first, as url_decode reads "+" as a space.
        decoded = F.url_decode(F.regexp_replace(raw, "[+]", "%2B"))
        return F.when(raw != "-", F.when(raw.rlike(URL_ESCAPES), decoded).otherwise(raw)), None
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
    lines = spark.read.text(path, recursiveFileLookup=True)
    if log["skip"] is not None:
        lines = lines.filter(~line.rlike(log["skip"]))
    if rejects is not None:
        write_rejects(log_rejects(spark, path, log, fields), rejects)
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
  csv_value: h(['text_to_integral', 'text_to_double', 'text_to_boolean', 'text_to_timestamp', 'text_to_date'], String.raw`
CSV_REASON = "\x00reason"


def csv_value(text, plan_type):
    # Surrounding spaces are trimmed for every type but string; text that does not convert rejects the record.
    if plan_type == "string":
        return text
    t = F.trim(text)
    if plan_type in ("int", "long"):
        return text_to_integral(t, plan_type)
    if plan_type == "timestamp":
        return text_to_timestamp(t, ISO_TIMESTAMP_IN_DATA)
    return {"double": text_to_double, "boolean": text_to_boolean, "date": text_to_date}[plan_type](t)`),
  read_csv: h(['column', 'all_of', 'write_rejects', 'numbered_lines', 'csv_value'], String.raw`
# Stands for an empty unquoted field, so that Spark keeps "" (quoted) apart from null.
CSV_NULL = "\x00\x01null\x01\x00"
CSV_CORRUPT = "\x00corrupt"


def csv_field_count(record, sep, quoted):
    # Fields of a record's raw text: delimiters outside quotes (well-formed RFC 4180), or every one unquoted.
    d = "".join("\\" + c if c in "\\^$.|?*+()[]{}" else c for c in sep)
    return F.size(F.split(record, d + '(?=(?:[^"]*"[^"]*")*[^"]*$)' if quoted else d, -1))


def csv_rejects(records, count_ok, ok):
    # Each rejected record as "@<file>\t#<n>\t<reason>\t": Spark's CSV reader keeps neither a record's text nor
    # its line, so it is cited by its number among its part file's records (run --engine spark finds its line
    # and text there). Every column takes part, so Spark parses each record whole (it refuses a query of the
    # raw text alone) and counts the records as it reads them for rows.
    reason = F.when(~count_ok, F.lit("wrong-field-count")).when(~ok, F.lit("bad-csv"))
    whole = F.struct(*[column(c) for c in records.columns])

    def rejected(rows):
        located = rows.select(*[column(c) for c in LINE_COLUMNS], reason.alias(CSV_REASON))
        return located.filter(column(CSV_REASON).isNotNull())

    found = numbered_rows(positioned(records), rejected, whole)
    return found.select(F.concat_ws("\t", F.concat(F.lit("@"), column(LINE_FILE)), F.concat(F.lit("#"), column(LINE_NUMBER)),
                                    column(CSV_REASON), F.lit("")).alias("value"))


def read_csv(spark, path, columns, header, sep, rejects=None, quote='"', extra_fields="reject"):
    # Columns by position from RFC 4180 records over several lines (multiLine: Spark reads each file in one
    # task), or (quote "") from lines split at every delimiter, as
    # PigStorage reads them (Spark's line-based reader, which skips lines of only spaces and control
    # characters). Spark keeps the raw text of a record with another number of fields than the schema:
    # rejected (the local runtime counts it), unless it has more and the schema is a prefix (extra_fields
    # "ignore"). A value that is not of its column's type rejects the record. With a rejects folder, each is
    # written there by its part file and number (csv_rejects).
    quoted = quote != ""
    schema = T.StructType([T.StructField(name, T.StringType()) for name, _ in columns] + [T.StructField(CSV_CORRUPT, T.StringType())])
    options = dict(
        schema=schema, header=header, sep=sep, quote=quote if quoted else "\u0000", escape=quote if quoted else "\\",
        multiLine=quoted, mode="PERMISSIVE", columnNameOfCorruptRecord=CSV_CORRUPT,
        nullValue=CSV_NULL, emptyValue="", ignoreLeadingWhiteSpace=False, ignoreTrailingWhiteSpace=False,
        enforceSchema=True, encoding="UTF-8", recursiveFileLookup=True)
    raw = spark.read.csv(path, **options)
    corrupt = column(CSV_CORRUPT)
    count_ok = corrupt.isNull()
    if extra_fields == "ignore":
        count_ok = count_ok | (csv_field_count(corrupt, sep, quoted) > len(columns))
    values = [(column(name), csv_value(column(name), plan_type)) for name, plan_type in columns]
    ok = all_of([text.isNull() | value.isNotNull() for text, value in values])
    if rejects is not None:
        write_rejects(csv_rejects(raw, count_ok, ok), rejects)
    return raw.filter(count_ok & ok).select(*[value.alias(name) for (name, _), (_, value) in zip(columns, values)])`),
  read_csv_lines: h(['column', 'all_of', 'write_rejects', 'numbered_lines', 'csv_value'], String.raw`
CSV_HEADER = "\x00header"
CSV_LINE = "\x00line"


def csv_records(rows, header):
    # Positioned lines that are records: not empty and, with a header, not each file's first such line (the
    # lowest id in the file's split starting at 0, whose rows Spark numbers in reading order).
    rows = rows.filter(F.col("value") != "")
    if not header:
        return rows
    firsts = rows.filter(column(LINE_SPLIT) == 0).groupBy(LINE_FILE).agg(F.min(LINE_ID).alias(CSV_HEADER))
    rows = rows.join(F.broadcast(firsts), [LINE_FILE], "left")
    return rows.filter(column(CSV_HEADER).isNull() | (column(LINE_ID) != column(CSV_HEADER))).drop(CSV_HEADER)


def csv_line_field(line, regex, group):
    # A field's raw text as its value: a quoted one without its quotes and with "" as "; an empty unquoted one null.
    raw = F.regexp_extract(line, regex, group)
    inside = F.regexp_replace(raw.substr(F.lit(2), F.length(raw) - 2), '""', '"')
    return F.when(raw.startswith('"'), inside).when(raw != "", raw)


def read_csv_lines(spark, path, columns, header, regex, well_formed, rejects=None):
    # Records that are lines (LF, CR, CRLF end one; empty ones are none), RFC 4180 fields within each: a line is
    # matched whole against the schema's record regex (plan/csv-line-regex.ts, as on Pig and the local runtime);
    # one that does not match has malformed quoting (it fails well_formed: bad-csv) or another number of fields
    # (wrong-field-count); a value not of its column's type rejects it too (bad-csv). Lines split like any text,
    # so a file is read by many tasks. With a rejects folder, each is written there with its part file and line.
    line = F.col("value")
    lines = spark.read.text(path, recursiveFileLookup=True)
    records = csv_records(positioned(lines), True) if header else lines.filter(line != "")
    texts = [csv_line_field(line, regex, i + 1) for i in range(len(columns))]
    values = [csv_value(text, plan_type) for text, (_, plan_type) in zip(texts, columns)]
    ok = all_of([text.isNull() | value.isNotNull() for text, value in zip(texts, values)])
    if rejects is not None:
        def rejected(rows):
            reason = (F.when(~line.rlike(well_formed), F.lit("bad-csv")).when(~line.rlike(regex), F.lit("wrong-field-count"))
                      .when(~ok, F.lit("bad-csv")))
            checked = csv_records(rows, header).select(*LINE_COLUMNS, reason.alias(CSV_REASON), line.alias(CSV_LINE))
            return checked.filter(column(CSV_REASON).isNotNull())

        found = numbered_lines(spark, path, rejected)
        write_rejects(found.select(F.concat_ws("\t", F.concat(F.lit("@"), column(LINE_FILE)), column(LINE_NUMBER),
                                               column(CSV_REASON), column(CSV_LINE)).alias("value")), rejects)
    kept = records.filter(line.rlike(regex) & ok)
    return kept.select(*[value.alias(name) for value, (name, _) in zip(values, columns)])`),
  json_records: h(['all_of', 'millis', 'text_to_timestamp', 'text_to_date'], String.raw`
JSON_CORRUPT = "\x00corrupt"
JSON_OPTIONS = {"mode": "PERMISSIVE", "columnNameOfCorruptRecord": JSON_CORRUPT, "allowNonNumericNumbers": "false"}
JSON_OBJECT = "^[ \\t]*[{][\\s\\S]*[}][ \\t]*$"
# Numbers are read as doubles, as JavaScript's JSON does; times as text (a number is epoch milliseconds).
JSON_READ = {"string": T.StringType(), "int": T.DoubleType(), "long": T.DoubleType(), "double": T.DoubleType(),
             "boolean": T.BooleanType(), "timestamp": T.StringType(), "date": T.StringType()}
# Spark reads any JSON value into a string column: reading it again as these finds the values that are not strings.
JSON_NOT_STRING = {"number": T.DoubleType(), "boolean": T.BooleanType(),
                   "object": T.MapType(T.StringType(), T.StringType()), "array": T.ArrayType(T.StringType())}


def json_whole(d, low, high):
    return d.isNull() | ((d == F.floor(d)) & (d >= F.lit(low)) & (d <= F.lit(high)))


def json_columns(columns):
    # (name, plan type[, path[, read]]): without a path a column reads the top-level key of its name; read
    # "json" keeps any value as text (a string as itself, anything else as Spark's compact JSON text).
    return [(c[0], c[1], list(c[2]) if len(c) > 2 else [c[0]], c[3] if len(c) > 3 else "value") for c in columns]


def json_schema(fields):
    # fields: (path, Spark type); paths become nested structs (no path runs through another's value).
    tree = {}
    for path, spark_type in fields:
        node = tree
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = spark_type

    def build(node):
        return [T.StructField(k, T.StructType(build(v)) if isinstance(v, dict) else v) for k, v in node.items()]

    return T.StructType(build(tree) + [T.StructField(JSON_CORRUPT, T.StringType())])


def json_get(c, path):
    for key in path:
        c = c.getField(key)
    return c


def json_records(texts, columns, keep=()):
    # texts: a "value" column, one JSON object each. Returns the rows (fields at their paths, absent or null
    # fields null) and the rejected texts as "bad-json\t<text>": not one object, or a field of another JSON
    # type (an object on a path where a value is, or a value where an object is, fails the whole parse),
    # each after the columns 'keep' of its text.
    line = F.col("value")
    cols = json_columns(columns)
    strings = [p for _, t, p, r in cols if t == "string" and r == "value"]
    times = [p for _, t, p, _ in cols if t == "timestamp"]
    probes = {k: [(p, t) for p in strings + (times if k == "number" else [])] for k, t in JSON_NOT_STRING.items()}
    main_fields = [(p, T.StringType() if r == "json" else JSON_READ[t]) for _, t, p, r in cols]
    parsed = texts.select(
        *keep, line, F.from_json(line, json_schema(main_fields), JSON_OPTIONS).alias("main"),
        *[F.from_json(line, json_schema(fields), JSON_OPTIONS).alias(k) for k, fields in probes.items() if fields])
    main = F.col("main")
    kept = [main.getField(JSON_CORRUPT).isNull(), line.rlike(JSON_OBJECT)]
    values = []
    for n, t, p, r in cols:
        v = json_get(main, p)
        if t == "string" and r == "value":
            kept += [json_get(F.col(k), p).isNull() for k in JSON_NOT_STRING]
        elif t in ("int", "long"):
            limit = 2147483647 if t == "int" else 9007199254740991
            kept.append(json_whole(v, -limit - (1 if t == "int" else 0), limit))
            v = v.cast(t)
        elif t == "timestamp":
            number = json_get(F.col("number"), p)
            v = F.when(number.isNotNull(), F.when(json_whole(number, -9007199254740991, 9007199254740991),
                                                  F.timestamp_millis(number.cast("long"))))
            v = v.otherwise(text_to_timestamp(json_get(main, p), ISO_TIMESTAMP_IN_DATA))
            kept.append(json_get(main, p).isNull() | v.isNotNull())
        elif t == "date":
            v = text_to_date(v)
            kept.append(json_get(main, p).isNull() | v.isNotNull())
        values.append(v.alias(n))
    rejected = parsed.filter(~all_of(kept)).select(*keep, F.concat_ws("\t", F.lit("bad-json"), line).alias("value"))
    return parsed.filter(all_of(kept)).select(*values), rejected`),
  read_json_lines: h(['json_records', 'write_rejects', 'numbered_lines', 'column'], String.raw`
JSON_BLANK = "^[ \\t]*$"


def read_json_lines(spark, path, columns, rejects=None):
    # One JSON object per line, blank lines skipped; a line that is not one object, or a field of another
    # JSON type, is dropped (the local runtime counts it). With a rejects folder, those lines are written
    # there with their part file and line: "@<file>\t<line>\tbad-json\t<text>" (a second pass over the input).
    line = F.col("value")
    rows, _ = json_records(spark.read.text(path, recursiveFileLookup=True).filter(~line.rlike(JSON_BLANK)), columns)
    if rejects is not None:
        keep = [column(c) for c in LINE_COLUMNS]
        found = numbered_lines(spark, path, lambda lines: json_records(lines.filter(~line.rlike(JSON_BLANK)), columns, keep)[1])
        write_rejects(found.select(F.concat_ws("\t", F.concat(F.lit("@"), column(LINE_FILE)), column(LINE_NUMBER), line).alias("value")), rejects)
    return rows`),
  read_text_lines: h([], String.raw`
def read_text_lines(spark, path):
    # Every line as it is (Hadoop's line reader: LF, CR or CRLF end a line, not kept), nothing rejected.
    return spark.read.text(path, recursiveFileLookup=True).select(F.col("value").alias("line"))`),
  read_cloudtrail: h(['json_records', 'write_rejects'], String.raw`
CLOUDTRAIL_ENVELOPE = T.StructType([T.StructField("Records", T.StringType()), T.StructField(JSON_CORRUPT, T.StringType())])


def read_cloudtrail(spark, path, columns, rejects=None):
    # Each file is read line by line when its first non-blank line is one JSON object, else as one JSON
    # document. A JSON text that is an object with a Records array gives its elements as events; any other
    # text is one event (rejected unless it is an object of the right shape).
    whole = F.col("value")
    first = F.regexp_extract(whole, "^(?:[ \\t]*(?:\\r\\n|\\r|\\n))*([^\\r\\n]*)", 1)
    by_line = F.from_json(first, CLOUDTRAIL_ENVELOPE, JSON_OPTIONS).getField(JSON_CORRUPT).isNull() & first.rlike(JSON_OBJECT)
    files = spark.read.text(path, wholetext=True, recursiveFileLookup=True).select(whole, by_line.alias("by_line"))
    lines = files.filter("by_line").select(F.explode(F.split(whole, "\\r\\n|\\r|\\n")).alias("value"))
    documents = files.filter(~F.col("by_line")).select(F.regexp_replace(whole, "^\\s+|\\s+$", "").alias("value"))
    texts = lines.union(documents).filter(~whole.rlike("^[ \\t]*$"))
    envelope = F.from_json(whole, CLOUDTRAIL_ENVELOPE, JSON_OPTIONS)
    records = F.col("envelope").getField("Records")
    texts = texts.select(whole, F.when(whole.rlike("^\\s*[{][\\s\\S]*[}]\\s*$") & envelope.getField(JSON_CORRUPT).isNull(),
                                       envelope).alias("envelope"))
    is_array = records.rlike("^\\s*\\[")
    events = texts.filter(records.isNotNull() & is_array).select(
        F.explode(F.from_json(records, T.ArrayType(T.StringType()))).alias("value"))
    # A null element is text "null": rejected as not an object, as the runtime rejects it.
    events = events.select(F.coalesce(whole, F.lit("null")).alias("value"))
    rows, rejected = json_records(texts.filter(records.isNull()).select(whole).union(events), columns)
    if rejects is not None:
        bad_envelopes = texts.filter(records.isNotNull() & ~is_array).select(F.concat_ws("\t", F.lit("bad-json"), whole).alias("value"))
        write_rejects(rejected.union(bad_envelopes), rejects)
    return rows`),
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
  value_text: h(['timestamp_text'], String.raw`
def value_text(c, spark_type):
    # A value's text as outputs write it (docs/semantics.md, "Outputs"): Spark's own for every type but
    # timestamps (spark_type: Spark's type name, as DataType.typeName() gives it).
    return timestamp_text(c) if spark_type == "timestamp" else c.cast("string")`),
  write_csv: h(['partitioned', 'column', 'value_text'], String.raw`
CSV_WRITE = {
    "header": "true", "sep": ",", "quote": '"', "escape": '"', "nullValue": "", "emptyValue": '""',
    # Spark trims values and quotes a leading '#' (its comment character) unless told otherwise.
    "ignoreLeadingWhiteSpace": "false", "ignoreTrailingWhiteSpace": "false", "comment": '"',
    "timestampFormat": "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "dateFormat": "yyyy-MM-dd", "timeZone": "UTC",
    "lineSep": "\n", "encoding": "UTF-8",
}


def csv_field(c, spark_type):
    # The field as the CSV writer would write it: '' and text with a comma, quote, CR or LF quoted.
    text = value_text(c, spark_type)
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
  write_tsv: h(['partitioned', 'column', 'value_text'], String.raw`
# (Java regex, Java replacement text): a backslash first, so that the escapes are not escaped again.
TSV_ESCAPES = [("\\\\", "\\\\\\\\"), ("\t", "\\\\t"), ("\n", "\\\\n"), ("\r", "\\\\r")]


def tsv_field(c, spark_type):
    # The value's text with backslash, tab, LF and CR escaped (Java regex and replacement text); null is \N.
    text = value_text(c, spark_type)
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
    # Times are read as written, in the proleptic Gregorian calendar (no rebase from Spark 2's calendar).
    df = spark.read.option("datetimeRebaseMode", "CORRECTED").parquet(path)
    found = {f.name: f.dataType.typeName() for f in df.schema.fields}
    for name, plan_type in columns:
        if name not in found:
            raise ValueError("%s: no column '%s' in the Parquet file (it has %s)" % (path, name, ", ".join(found)))
        if found[name] not in PARQUET_TYPES[plan_type]:
            raise ValueError("%s: column '%s' is %s in the Parquet file, not %s as the job declares" % (path, name, found[name], plan_type))
    return df.select(*[column(name).cast("timestamp") if t == "timestamp" else column(name) for name, t in columns])`),
  write_parquet: h([], String.raw`
def write_parquet(df, path):
    # Timestamps as INT64 TIMESTAMP(MILLIS, UTC), as the runtime writes them (Spark's default is INT96), and
    # times before 1900 (dates before 1582) as they are, in the proleptic Gregorian calendar the runtime uses
    # (Spark's default refuses to write them, asking for a rebase mode).
    df.sparkSession.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MILLIS")
    df.sparkSession.conf.set("spark.sql.parquet.datetimeRebaseModeInWrite", "CORRECTED")
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
  numbered_lines: h(['column'], String.raw`
LINE_FILE = "\x00file"
LINE_SPLIT = "\x00split"
LINE_ID = "\x00id"
LINE_NUMBER = "\x00number"
LINE_COLUMNS = [LINE_FILE, LINE_SPLIT, LINE_ID]


def positioned(rows):
    # Rows as read, each with its part file, the start of its split and an id: numbered_rows's input.
    return rows.select("*", F.input_file_name().alias(LINE_FILE), F.input_file_block_start().alias(LINE_SPLIT),
                       F.monotonically_increasing_id().alias(LINE_ID))


def numbered_lines(spark, path, located):
    # The input's lines, with their part file and 1-based line number in it, to which 'located' (a function of
    # the lines, keeping the LINE_ columns) is applied.
    return numbered_rows(positioned(spark.read.text(path, recursiveFileLookup=True)), located)


def numbered_rows(rows, located, counted=None):
    # 'located' applied to positioned rows, each then numbered from 1 within its part file. Spark reads a
    # split's rows one after another, so monotonically_increasing_id numbers them consecutively within it, and
    # a split that starts inside a file is continued from the row counts of the file's earlier splits (one
    # more pass, counting only 'counted', an expression never null that makes Spark read each row whole).
    from pyspark.sql import Window
    earlier = Window.partitionBy(LINE_FILE).orderBy(LINE_SPLIT).rowsBetween(Window.unboundedPreceding, -1)
    n = F.count(F.lit(1) if counted is None else counted)
    splits = rows.groupBy(LINE_FILE, LINE_SPLIT).agg(F.min(LINE_ID).alias("first"), n.alias("n"))
    splits = splits.select(LINE_FILE, LINE_SPLIT, (F.col("first") - F.coalesce(F.sum("n").over(earlier), F.lit(0))).alias("base"))
    found = located(rows).join(F.broadcast(splits), [LINE_FILE, LINE_SPLIT])
    return found.withColumn(LINE_NUMBER, (column(LINE_ID) - F.col("base") + 1).cast("string"))`),
  log_rejects: h(['column', 'capture', 'numbered_lines'], String.raw`
LOG_LINE = "\x00line"
LOG_MATCHED = "\x00matched"
LOG_REASON = "\x00reason"


def log_rejects(spark, path, log, fields):
    # Every line the format rejects, with the runtime's reason: no-match, else the first field (in group
    # order) that does not convert, as "@<file>\t<line>\t<reason>\t<text>". A second pass over the input (and
    # one more counting lines), taken only when rejects are written.
    line = F.col("value")
    regex = log["regex"]
    keep = [column(LINE_FILE), column(LINE_SPLIT), column(LINE_ID)]

    def rejected(lines):
        if log["skip"] is not None:
            lines = lines.filter(~line.rlike(log["skip"]))
        checked = lines.select(*keep, line.alias(LOG_LINE), line.rlike(regex).alias(LOG_MATCHED),
                               *[capture(line, regex, g, f[2]).alias(f[0]) for g, f in fields])
        reason = F.when(~column(LOG_MATCHED), F.lit("no-match"))
        for _, (name, conversion, _) in fields:
            if name == "request" and log["request"] is not None:
                continue
            _, ok = log_field(column(name), conversion)
            if ok is not None:
                reason = reason.when(~ok, F.lit("bad-time" if conversion.endswith("time") else "bad-number"))
        return checked.select(*keep, reason.alias(LOG_REASON), column(LOG_LINE)).filter(column(LOG_REASON).isNotNull())

    found = numbered_lines(spark, path, rejected)
    return found.select(F.concat_ws("\t", F.concat(F.lit("@"), column(LINE_FILE)), column(LINE_NUMBER),
                                    column(LOG_REASON), column(LOG_LINE)).alias("value"))`),
};
