// Prints the Python AST: string literals (every quote, backslash, control and non-ASCII character escaped),
// comments that cannot break out of their line, and calls broken one argument per line past the width.
import { printable } from '../../plan/index.ts';
import type { Py, PyStmt } from './py-ast.ts';

const WIDTH = 110;
const STEP = '    ';

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * A double-quoted Python string literal. Only printable ASCII appears as itself, so the text survives any
 * editor or transfer; a lone UTF-16 surrogate (not valid in UTF-8, which Spark needs) becomes U+FFFD.
 */
export function pyString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c < 0x100) out += `\\x${hex(c, 2)}`;
    else if (c >= 0xd800 && c <= 0xdfff) out += '\\ufffd';
    else if (c < 0x10000) out += `\\u${hex(c, 4)}`;
    else out += `\\U${hex(c, 8)}`;
  }
  return `${out}"`;
}

/** An argparse help text as a string literal: `%` starts a format there. */
export const helpText = (s: string): string => pyString(s.replaceAll('%', '%%'));

/**
 * Comment text on one line: control characters, line and paragraph separators as the terminal printers
 * show them (`\u001b`), plus a byte-order mark and lone surrogates, which a UTF-8 source file cannot hold.
 */
export function commentText(s: string): string {
  return printable(s).replace(/\ufeff|\p{Cs}/gu, (c) => `\\u${hex(c.charCodeAt(0), 4)}`);
}

/** The expression on one line, however long. */
export function flat(p: Py): string {
  switch (p.kind) {
    case 'name':
      return p.id;
    case 'str':
      return pyString(p.value);
    case 'num':
    case 'const':
      return p.text;
    case 'attr':
      return `${flat(p.target)}.${p.name}`;
    case 'call':
      return `${flat(p.callee)}(${argTexts(p).join(', ')})`;
    case 'binop':
      return `(${flat(p.left)} ${p.op} ${flat(p.right)})`;
    case 'unop':
      // Parenthesised: `-x.alias("a")` would negate the alias, not x.
      return `(${p.op}${flat(p.operand)})`;
    case 'index':
      return `${flat(p.target)}[${flat(p.index)}]`;
    case 'list':
      return `[${p.items.map(flat).join(', ')}]`;
    case 'tuple':
      return p.items.length === 1 ? `(${flat(p.items[0])},)` : `(${p.items.map(flat).join(', ')})`;
    case 'dict':
      return `{${p.entries.map(([k, v]) => `${flat(k)}: ${flat(v)}`).join(', ')}}`;
    case 'lambda':
      return `(lambda ${p.params.join(', ')}: ${flat(p.body)})`;
  }
}

function argTexts(p: Extract<Py, { kind: 'call' }>, print: (a: Py) => string = flat): string[] {
  return [...p.args.map(print), ...p.kwargs.map(([k, v]) => `${k}=${print(v)}`)];
}

/**
 * An expression whose first line starts at column `start`; broken lines are indented from `indent`
 * (a multiple of four).
 */
export function printExpr(p: Py, indent = 0, start = indent): string {
  const one = flat(p);
  if (start + one.length <= WIDTH) return one;
  const pad = STEP.repeat(indent / STEP.length);
  const inner = indent + STEP.length;
  const items = (xs: string[], open: string, close: string) =>
    xs.length === 0 ? `${open}${close}` : `${open}\n${xs.map((x) => `${pad}${STEP}${x},`).join('\n')}\n${pad}${close}`;
  switch (p.kind) {
    case 'call': {
      const callee = printExpr(p.callee, indent, start);
      const args = `(${argTexts(p).join(', ')})`;
      const lastLine = callee.slice(callee.lastIndexOf('\n') + 1);
      const column = callee.includes('\n') ? lastLine.length : start + callee.length;
      if (column + args.length <= WIDTH) return callee + args;
      return callee + items(argTexts(p, (a) => printExpr(a, inner)), '(', ')');
    }
    case 'attr':
      return `${printExpr(p.target, indent, start)}.${p.name}`;
    case 'binop':
      return `(\n${pad}${STEP}${printExpr(p.left, inner)}\n${pad}${STEP}${p.op} ${printExpr(p.right, inner, inner + p.op.length + 1)}\n${pad})`;
    case 'unop':
      return `(${p.op}${printExpr(p.operand, indent, start + p.op.length + 1)})`;
    case 'list':
      return items(p.items.map((a) => printExpr(a, inner)), '[', ']');
    case 'tuple':
      return items(p.items.map((a) => printExpr(a, inner)), '(', ')');
    case 'dict':
      return items(p.entries.map(([k, v]) => `${flat(k)}: ${printExpr(v, inner, inner + flat(k).length + 2)}`), '{', '}');
    default:
      return one;
  }
}

/** Statements as lines indented by `depth` levels. */
export function printStmts(stmts: readonly PyStmt[], depth: number): string[] {
  const pad = STEP.repeat(depth);
  return stmts.flatMap((s) => {
    switch (s.kind) {
      case 'comment':
        return [`${pad}# ${commentText(s.text)}`];
      case 'assign':
        return [`${pad}${s.target} = ${printExpr(s.value, pad.length, pad.length + s.target.length + 3)}`];
      case 'expr':
        return [`${pad}${printExpr(s.value, pad.length)}`];
      case 'if':
        return [`${pad}if ${printExpr(s.test, pad.length, pad.length + 3)}:`, ...printStmts(s.body, depth + 1)];
      case 'raise':
        return [`${pad}raise ${printExpr(s.value, pad.length, pad.length + 6)}`];
    }
  });
}
