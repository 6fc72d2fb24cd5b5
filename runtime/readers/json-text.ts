// JSON text of a value kept as text (CloudTrail's requestParameters, responseElements), written as Spark
// writes a JSON value read into a string column (Jackson's copy of the parsed tokens): compact, keys in
// source order, strings escaped only where JSON requires (`\"`, `\\`, `\b \t \n \f \r`, other control
// characters as `\u00XX` upper case), integers as their digits, other numbers as Java's Double.toString.
// parseJsonKeepingNumbers keeps each number's source token, which JSON.parse would lose (1.0 vs 1).

/** A number as written in the source: an integer token, or one with a fraction or exponent. */
export class JsonNumber {
  constructor(readonly token: string) {}
  get isInteger(): boolean {
    return !/[.eE]/.test(this.token);
  }
  valueOf(): number {
    return Number(this.token);
  }
}

/** Java's Double.toString: shortest digits; plain from 1e-3 to 1e7 with at least one fraction digit, else d.dddE±n. */
export function javaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const sign = d < 0 ? '-' : '';
  const [mantissa, e] = Math.abs(d).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(e);
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    return `${sign}${whole}.${digits.slice(exp + 1) || '0'}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exp}`;
}

const escapeString = (s: string): string =>
  JSON.stringify(s).replace(/(\\\\)|\\u00([0-9a-f]{2})/g, (m, pair: string | undefined, hex: string | undefined) => (pair ? m : `\\u00${hex!.toUpperCase()}`));

function numberText(n: number | JsonNumber): string {
  if (n instanceof JsonNumber) return n.isInteger ? BigInt(n.token).toString() : javaDouble(Number(n.token));
  // A plain number (JSON.parse's, in messages) as JavaScript writes it.
  return String(n);
}

/** The compact JSON text of a parsed value. */
export function jsonText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return escapeString(v);
  if (typeof v === 'number' || v instanceof JsonNumber) return numberText(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${escapeString(k)}:${jsonText(x)}`).join(',')}}`;
}

const WS = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/**
 * JSON.parse's result, but every number a JsonNumber and objects with a null prototype free of
 * `__proto__` surprises (keys in source order, the last of a repeated key wins). Throws SyntaxError.
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  let at = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${at}`);
  };
  const ws = () => {
    WS.lastIndex = at;
    WS.test(text);
    at = WS.lastIndex;
  };
  const token = (re: RegExp): string | null => {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return null;
    at = re.lastIndex;
    return m[0];
  };
  const value = (): unknown => {
    ws();
    const c = text[at];
    if (c === '{') {
      at++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[at] === '}') return at++, obj;
      for (;;) {
        ws();
        const key = token(STRING) ?? fail('expected a string key');
        ws();
        if (text[at++] !== ':') fail("expected ':'");
        Object.defineProperty(obj, JSON.parse(key) as string, { value: value(), enumerable: true, writable: true, configurable: true });
        ws();
        const sep = text[at++];
        if (sep === '}') return obj;
        if (sep !== ',') fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      at++;
      const arr: unknown[] = [];
      ws();
      if (text[at] === ']') return at++, arr;
      for (;;) {
        arr.push(value());
        ws();
        const sep = text[at++];
        if (sep === ']') return arr;
        if (sep !== ',') fail("expected ',' or ']'");
      }
    }
    if (c === '"') return JSON.parse(token(STRING) ?? fail('bad string')) as string;
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, at)) return (at += word.length), v;
    }
    const n = token(NUMBER);
    return n === null ? fail('unexpected character') : new JsonNumber(n);
  };
  const result = value();
  ws();
  if (at < text.length) fail('unexpected text after the JSON value');
  return result;
}
