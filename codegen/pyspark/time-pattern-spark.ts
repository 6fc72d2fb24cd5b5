// The plan's time patterns as Spark datetime patterns (every literal quoted, so `[`, `#` and letters stay
// text) and as strict regexes (Spark's parser accepts fewer fraction digits than `SSS` asks for).
import { timePatternTokens, TIME_FIELDS, type TimeToken } from '../../plan/time-pattern.ts';
import { unsupported, type ExprEnv } from './expr-env.ts';

function tokens(pattern: string, env: ExprEnv): TimeToken[] {
  const t = timePatternTokens(pattern);
  if (typeof t === 'string') throw unsupported(`the time pattern ${JSON.stringify(pattern)}: ${t}`, env);
  return t;
}

export function javaTimePattern(pattern: string, env: ExprEnv): string {
  return tokens(pattern, env)
    .map((t) => ('field' in t ? t.field : `'${t.text.replaceAll("'", "''")}'`))
    .join('');
}

const regexLiteral = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`);

/** `^...$` with exactly the digits each field has. */
export function strictTimeRegex(pattern: string, env: ExprEnv): string {
  const body = tokens(pattern, env)
    .map((t) => ('field' in t ? `[0-9]{${TIME_FIELDS[t.field]}}` : regexLiteral(t.text)))
    .join('');
  return `^${body}\\z`;
}
