// A run's parameter values: text as given on a command line (`--param date=2015-05-17`) to typed plan
// values, checked against the job's declarations, and back to the one canonical text every engine gets.
// Pipelines and backfill give their values through here too.
import type { LiteralValue } from './expr.ts';
import type { ParamDecl, ParamValues } from './params.ts';
import { printable } from './printable-text.ts';
import type { ColumnType } from './types.ts';

/** A value that is missing, unknown or not of its parameter's type; `param` names the parameter. */
export class ParamValueError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

const INT = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?Z?$/;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

const validDay = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(2000, m - 1, d));
  t.setUTCFullYear(y);
  return m >= 1 && m <= 12 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};

/** What a value of each type looks like, for messages. */
export const PARAM_TEXT_FORM: { readonly [T in ColumnType]: string } = {
  string: 'any text without a NUL character (no command line can carry one)',
  int: 'a whole number from -2147483648 to 2147483647',
  long: 'a whole number from -9223372036854775808 to 9223372036854775807',
  double: 'a finite decimal number such as 0.5 or 1e-3',
  boolean: 'true or false',
  date: 'a date YYYY-MM-DD',
  timestamp: 'a UTC timestamp YYYY-MM-DD[THH:MM[:SS[.fff]]][Z]',
};

type Parser = (text: string) => LiteralValue | undefined;

const PARSE: { readonly [T in ColumnType]: Parser } = {
  string: (t) => (t.includes('\u0000') ? undefined : t),
  int: (t) => (INT.test(t) && Number(t) >= -(2 ** 31) && Number(t) < 2 ** 31 ? Number(t) : undefined),
  // Within ±2^53 a long is a JS number like every plan literal; past it, its decimal text (the runtime reads both).
  long: (t) => {
    if (!INT.test(t)) return undefined;
    const b = BigInt(t);
    if (b < LONG_MIN || b > LONG_MAX) return undefined;
    return Number.isSafeInteger(Number(b)) ? Number(b) : b.toString();
  },
  double: (t) => (DOUBLE.test(t) && Number.isFinite(Number(t)) ? Number(t) : undefined),
  boolean: (t) => (t === 'true' ? true : t === 'false' ? false : undefined),
  date: (t) => {
    const m = DATE.exec(t);
    return m && validDay(Number(m[1]), Number(m[2]), Number(m[3])) ? t : undefined;
  },
  timestamp: (t) => {
    const m = TIMESTAMP.exec(t);
    if (!m || !validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
    const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
    if (h > 23 || mi > 59 || s > 59) return undefined;
    const ms = m[7] ? m[7].slice(0, 3).padEnd(3, '0') : '000';
    const hms = [h, mi, s].map((x) => String(x).padStart(2, '0')).join(':');
    return `${m[1]}-${m[2]}-${m[3]}T${hms}.${ms}Z`;
  },
};

/** The typed value of `text` as a `type`, or undefined when it is not one. */
export function parseParamText(type: ColumnType, text: string): LiteralValue | undefined {
  return PARSE[type](text);
}

/**
 * The canonical text of a typed value: what scripts receive and path templates insert. Parsing it gives
 * the value back; doubles in JavaScript's shortest round-trip form.
 */
export function paramValueText(type: ColumnType, value: LiteralValue): string {
  if (value === null) throw new Error('internal: a parameter value is never null');
  return type === 'double' && Object.is(value, -0) ? '-0' : String(value);
}

/**
 * The typed values of the texts given (others left out): a name the job does not declare or a text not of
 * its parameter's type is a ParamValueError.
 */
export function parseParamTexts(decls: readonly ParamDecl[], given: Readonly<Record<string, string>>): ParamValues {
  const byName = new Map(decls.map((d) => [d.name, d]));
  const listed = decls.length ? `the job's parameters: ${decls.map((d) => `${d.name} (${d.type})`).join(', ')}` : 'the job declares no parameters';
  for (const name of Object.keys(given)) {
    if (!byName.has(name)) throw new ParamValueError(name, `--param ${printable(name)}=...: the job has no parameter '${printable(name)}' (${listed})`);
  }
  const values: Record<string, LiteralValue> = {};
  for (const d of decls) {
    const text = given[d.name];
    if (text === undefined) continue;
    const v = parseParamText(d.type, text);
    if (v === undefined) throw new ParamValueError(d.name, `--param ${d.name}=${JSON.stringify(printable(text)).slice(1, -1)}: parameter '${d.name}' is a ${d.type}; expected ${PARAM_TEXT_FORM[d.type]}`);
    values[d.name] = v;
  }
  return values;
}

/** The values of a run: the texts given, typed, and defaults for the rest; a parameter with neither is an error. */
export function resolveParamValues(decls: readonly ParamDecl[], given: Readonly<Record<string, string>>): ParamValues {
  return completeParamValues(decls, parseParamTexts(decls, given));
}

/** Typed values for every declaration: `values`, else the default; a ParamValueError names one with neither. */
export function completeParamValues(decls: readonly ParamDecl[], values: ParamValues): ParamValues {
  const out: Record<string, LiteralValue> = {};
  for (const d of decls) {
    const v = d.name in values ? values[d.name] : d.default;
    if (v === null || v === undefined) throw new ParamValueError(d.name, `parameter '${d.name}' (${d.type}) has no value and no default: give --param ${d.name}=<${PARAM_TEXT_FORM[d.type]}>`);
    out[d.name] = v;
  }
  return out;
}

/** Each value's canonical text (defaults for those not given), for script parameters and step arguments. */
export function paramTexts(decls: readonly ParamDecl[], values: ParamValues): Record<string, string> {
  const all = completeParamValues(decls, values);
  return Object.fromEntries(decls.map((d) => [d.name, paramValueText(d.type, all[d.name])]));
}
