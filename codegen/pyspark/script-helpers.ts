// Python functions a generated script defines when it uses them: each builds Spark Column expressions
// (no Python UDF runs on the data) to give Spark the plan's meaning where its own functions differ.
// Readers and writers live in `io-helpers.ts`, checks in `check-helpers.ts`; all share this one table of names.
import { CHECK_HELPERS, type CheckHelperName } from './check-helpers.ts';
import { IO_HELPERS, type IoHelperName } from './io-helpers.ts';

export type ValueHelperName =
  | 'utf16'
  | 'utf16_length'
  | 'utf16_substring'
  | 'regex_group'
  | 'parse_time'
  | 'millis'
  | 'text_to_integral'
  | 'text_to_double'
  | 'text_to_boolean'
  | 'text_to_timestamp'
  | 'text_to_date'
  | 'timestamp_text'
  | 'cross_join_within';

export type HelperName = ValueHelperName | IoHelperName | CheckHelperName;

export interface Helper {
  readonly code: string;
  /** Helpers (and module constants) this one calls. */
  readonly needs: readonly HelperName[];
}

const VALUE_HELPERS: { readonly [K in ValueHelperName]: Helper } = {
  cross_join_within: {
    needs: [],
    code: String.raw`
def cross_join_within(left, right, max_rows, message):
    # A cross join's size guard: both sides are counted first, so the run fails before the product is built.
    if left.count() * right.count() > max_rows:
        raise RuntimeError(message)
    return left.crossJoin(right)`,
  },
  utf16: {
    needs: [],
    code: String.raw`
def utf16(s):
    # The plan orders and measures strings in UTF-16 code units; Spark compares UTF-8 bytes (code points).
    return F.encode(s, "UTF-16BE")`,
  },
  utf16_length: {
    needs: ['utf16'],
    code: String.raw`
def utf16_length(s):
    return F.shiftright(F.length(utf16(s)), 1)`,
  },
  utf16_substring: {
    needs: ['utf16'],
    code: String.raw`
def utf16_substring(s, start, length):
    # 0-based start and length in UTF-16 code units, clipped to the string; null if any argument is null.
    first = F.least(F.greatest(start.cast("long"), F.lit(0)), F.lit(536870911))
    end = F.least(F.greatest(start.cast("long") + length.cast("long"), first), F.lit(536870911))
    part = utf16(s).substr((first * 2 + 1).cast("int"), ((end - first) * 2).cast("int"))
    return F.when(start.isNotNull() & length.isNotNull(), F.decode(part, "UTF-16BE"))`,
  },
  regex_group: {
    needs: [],
    code: String.raw`
def regex_group(s, pattern, group, takes_part=None):
    # regexp_extract gives '' when nothing matches or the group takes no part; the plan gives null.
    # takes_part, for a group that may take no part, matches only when it does (a Java backreference to an
    # unset group fails).
    value = F.regexp_extract(s, pattern, group)
    if takes_part is not None:
        value = F.when((value != "") | s.rlike(takes_part), value)
    return F.when(s.rlike(pattern), value)`,
  },
  parse_time: {
    needs: [],
    code: String.raw`
def parse_time(s, strict_regex, java_pattern):
    # Spark's parser accepts fewer fraction digits than SSS asks for; the plan's parseTime is strict.
    return F.when(s.rlike(strict_regex), F.to_timestamp(s, java_pattern))`,
  },
  millis: {
    needs: [],
    code: String.raw`
def millis(t):
    # Timestamps hold milliseconds in the plan; Spark keeps microseconds.
    return F.timestamp_millis(F.unix_millis(t))`,
  },
  text_to_integral: {
    needs: [],
    code: String.raw`
def text_to_integral(s, spark_type):
    # Optional sign and decimal digits, surrounding spaces trimmed, within range; else null.
    t = F.trim(s)
    return F.when(t.rlike("^[+-]?[0-9]+$"), t.cast(spark_type))`,
  },
  text_to_double: {
    needs: [],
    code: String.raw`
def text_to_double(s):
    # Decimal or scientific notation, or how outputs write NaN and infinities; Spark alone also takes
    # "inf", "1d", hexadecimal and any case.
    t = F.trim(s)
    number = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$"
    return F.when(t.rlike(number) | t.isin("NaN", "Infinity", "+Infinity", "-Infinity"), t.cast("double"))`,
  },
  text_to_boolean: {
    needs: [],
    code: String.raw`
def text_to_boolean(s):
    # "true" or "false" in any case; Spark alone also takes t, yes, 1 ...
    t = F.lower(s)
    return F.when(t == "true", F.lit(True)).when(t == "false", F.lit(False))`,
  },
  text_to_timestamp: {
    needs: ['millis'],
    code: String.raw`
# What data files may hold: yyyy-MM-dd[(T| )HH:mm[:ss[.fraction]]][Z|+hh[[:]mm]], UTC without a zone.
ISO_TIMESTAMP_IN_DATA = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,9})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?$"
# What a cast from string accepts: yyyy-MM-dd[(T| )HH:mm:ss[.fraction]][Z].
ISO_TIMESTAMP_IN_CAST = "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?)?Z?$"


def text_to_timestamp(s, accepted):
    # Spark's cast wants seconds before a zone (10:05Z is null), so they are added: 10:05:00Z.
    with_seconds = F.regexp_replace(s, "^([0-9-]{10}[T ][0-9]{2}:[0-9]{2})([Z+-])", "$1:00$2")
    return F.when(s.rlike(accepted), millis(with_seconds.cast("timestamp")))`,
  },
  text_to_date: {
    needs: [],
    code: String.raw`
def text_to_date(s):
    return F.when(s.rlike("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), s.cast("date"))`,
  },
  timestamp_text: {
    needs: [],
    code: String.raw`
def timestamp_text(t):
    return F.date_format(t, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")`,
  },
};

export const HELPERS: { readonly [K in HelperName]: Helper } = { ...VALUE_HELPERS, ...IO_HELPERS, ...CHECK_HELPERS };

/** Emission order: the table's order, so scripts are deterministic whatever order helpers were asked for. */
export const HELPER_ORDER = Object.keys(HELPERS) as HelperName[];

/** The used helpers and everything they need, in emission order. */
export function helperClosure(used: Iterable<HelperName>): HelperName[] {
  const all = new Set<HelperName>();
  const add = (h: HelperName) => {
    if (all.has(h)) return;
    all.add(h);
    HELPERS[h].needs.forEach(add);
  };
  for (const h of used) add(h);
  return HELPER_ORDER.filter((h) => all.has(h));
}
