// Prints the Pig AST. Owns escaping: string literals survive Pig's parameter substitution (`$`) and its
// preprocessor, which decodes `\uXXXX` anywhere in the script before the parser sees it, so quotes,
// backslashes, `$` and line breaks get their own escapes and only the rest may use `\uXXXX`. Binary
// operators are spaced (`a - -1`), so `--`, which starts a comment, never appears.
import { printable } from '../../plan/index.ts';
import { str, type CommentedStatement, type GenerateItem, type NestedStatement, type PigExpr, type PigStatement } from './pig-ast.ts';

const INDENT = '    ';
const hex4 = (c: number) => c.toString(16).padStart(4, '0');

/**
 * A single-quoted Pig string literal holding exactly `s` (UTF-16 units; printable ASCII as itself). Where
 * an expression may stand, printExpr also handles a trailing backslash; here `s` must not end in one.
 */
export function pigString(s: string): string {
  if (s.endsWith('\\')) throw new Error(`internal: a Pig literal cannot end in a backslash: ${JSON.stringify(s)}`);
  let out = "'";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    const c = s.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '$') out += '\\$';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else out += `\\u${hex4(c)}`;
  }
  return `${out}'`;
}

/**
 * Comment text that stays on its line and in its comment: line breaks become spaces, other control
 * characters (an ANSI escape in a job description) `\u001b`, and backslashes are doubled (the preprocessor
 * would decode, or reject, a `\u` even inside a comment).
 */
export function commentText(s: string): string {
  return printable(s.replace(/[\r\n\u2028\u2029]+/g, ' ')).replace(/\\/g, '\\\\');
}

export function printExpr(e: PigExpr): string {
  switch (e.kind) {
    case 'ref':
    case 'const':
      return e.text;
    case 'str':
      // Pig's preprocessor takes `\'` as an escaped quote even after `\\`: a literal must not end in a
      // backslash, or the preprocessor loses track of what is quoted (and substitutes $ in comments).
      return e.value.endsWith('\\') ? `SUBSTRING(${pigString(`${e.value}.`)}, 0, ${e.value.length})` : pigString(e.value);
    case 'param':
      return `'$${e.name}'`;
    case 'call':
      return `${e.fn}(${e.args.map(printExpr).join(', ')})`;
    case 'binop':
      return `(${printExpr(e.left)} ${e.op} ${printExpr(e.right)})`;
    case 'not':
      return `(NOT ${printExpr(e.operand)})`;
    case 'cast':
      return `(${e.type})${printExpr(e.operand)}`;
    case 'bincond':
      return `(${printExpr(e.cond)} ? ${printExpr(e.then)} : ${printExpr(e.otherwise)})`;
    case 'isNull':
      return `(${printExpr(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'matches':
      // MATCHES takes a literal only; an empty group keeps a regex from ending in a backslash (see 'str').
      return `(${printExpr(e.operand)} MATCHES ${pigString(e.regex.endsWith('\\') ? `${e.regex}(?:)` : e.regex)})`;
  }
}

const keyList = (keys: readonly PigExpr[]): string => (keys.length === 1 ? printExpr(keys[0]) : `(${keys.map(printExpr).join(', ')})`);

function generateItem(g: GenerateItem): string {
  if ('flatten' in g) {
    const fields = g.as.map((name, i) => (g.types ? `${name}:${g.types[i]}` : name));
    return `FLATTEN(${printExpr(g.flatten)}) AS (${fields.join(', ')})`;
  }
  return `${printExpr(g.expr)} AS ${g.as}`;
}

function generateList(items: readonly GenerateItem[], indent: string): string {
  return items.map((g) => `${indent}${INDENT}${generateItem(g)}`).join(',\n');
}

const orderKeys = (keys: readonly { readonly field: string; readonly desc: boolean }[]): string =>
  keys.map((k) => `${k.field} ${k.desc ? 'DESC' : 'ASC'}`).join(', ');

function nested(n: NestedStatement): string {
  switch (n.op) {
    case 'DISTINCT':
      return `${n.alias} = DISTINCT ${n.input};`;
    case 'FILTER':
      return `${n.alias} = FILTER ${n.input} BY ${printExpr(n.cond)};`;
    case 'ORDER':
      return `${n.alias} = ORDER ${n.input} BY ${orderKeys(n.keys)};`;
    case 'LIMIT':
      return `${n.alias} = LIMIT ${n.input} ${n.n};`;
    case 'FOREACH':
      return `${n.alias} = FOREACH ${n.input} GENERATE ${printExpr(n.expr)} AS ${n.as};`;
  }
}

export function printStatement(s: PigStatement): string {
  switch (s.kind) {
    case 'set':
      return `SET ${s.key} ${s.value};`;
    case 'default':
      // Substituted before parsing, like any parameter: the value is written as it must read.
      if (/['\\\n]/.test(s.value)) throw new Error(`internal: %default value ${JSON.stringify(s.value)}`);
      return `%default ${s.param} '${s.value}'`;
    case 'cogroupMany':
      return `${s.alias} = COGROUP ${s.inputs.map((i) => `${i} BY ${s.key}`).join(', ')} PARALLEL 1;`;
    case 'register':
      return s.jars.map((jar) => `REGISTER '$${s.param}/${jar}';`).join('\n');
    case 'load':
      return `${s.alias} = LOAD '$${s.param}' USING ${printExpr(s.loader)} AS (${s.schema.map((f) => `${f.name}:${f.type}`).join(', ')});`;
    case 'foreach':
      if (s.nested?.length) {
        const inner = s.nested.map((n) => `${INDENT}${nested(n)}`).join('\n');
        return `${s.alias} = FOREACH ${s.input} {\n${inner}\n${INDENT}GENERATE\n${generateList(s.items, INDENT)};\n};`;
      }
      return `${s.alias} = FOREACH ${s.input} GENERATE\n${generateList(s.items, '')};`;
    case 'filter':
      return `${s.alias} = FILTER ${s.input} BY ${printExpr(s.cond)};`;
    case 'group':
      return `${s.alias} = GROUP ${s.input} ${s.keys === 'ALL' ? 'ALL' : `BY ${keyList(s.keys)}`};`;
    case 'cogroup':
      return `${s.alias} = COGROUP ${s.left} BY ${keyList(s.leftKeys)}, ${s.right} BY ${keyList(s.rightKeys)};`;
    case 'join': {
      const outer = s.outer ? ` ${s.outer} OUTER` : '';
      return `${s.alias} = JOIN ${s.left} BY ${keyList(s.leftKeys)}${outer}, ${s.right} BY ${keyList(s.rightKeys)}${s.using ? ` USING '${s.using}'` : ''};`;
    }
    case 'order':
      return `${s.alias} = ORDER ${s.input} BY ${orderKeys(s.keys)};`;
    case 'define':
      return `DEFINE ${s.alias} ${s.fn}(${s.args.map(pigString).join(', ')});`;
    case 'limit':
      return `${s.alias} = LIMIT ${s.input} ${s.n};`;
    case 'distinct':
      return `${s.alias} = DISTINCT ${s.input};`;
    case 'rank':
      return `${s.alias} = RANK ${s.input};`;
    case 'union':
      return `${s.alias} = UNION ${s.inputs.join(', ')};`;
    case 'cross':
      return `${s.alias} = CROSS ${s.inputs.join(', ')};`;
    case 'assert':
      return `ASSERT ${s.input} BY ${printExpr(s.cond)}, ${printExpr(str(s.message))};`;
    case 'store':
      return `STORE ${s.input} INTO '$${s.param}' USING ${printExpr(s.storer)};`;
  }
}

/** The whole script: header comment lines, then each statement under its comment, blank-line separated. */
export function printScript(header: readonly string[], body: readonly CommentedStatement[]): string {
  const head = header.map((l) => (l ? `-- ${commentText(l)}` : '--')).join('\n');
  const statements = body.map((c) => `-- ${commentText(c.comment)}\n${printStatement(c.statement)}`).join('\n\n');
  return `${head}\n\n${statements}\n`;
}
