// Tables for the terminal (cli-table3); plain borders and no colour when stdout is not a terminal.
import Table from 'cli-table3';
import { printable } from '../plan/index.ts';

export type Cell = string | number | boolean | null | undefined;

/**
 * Renders rows under a header. Cells longer than `maxCell` are clipped with `…`; with `width` (default: the
 * terminal's columns when stdout is one, else none), the widest columns are clipped further (never below 10
 * characters) until the table fits that many characters. Piped output keeps whole cells, up to `maxCell`.
 * `quoteEmpty` shows the empty string as `""` so that data previews keep it apart from null (blank).
 */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly Cell[])[],
  maxCell = 60,
  width?: number,
  quoteEmpty = false,
): string {
  const tty = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  const texts = rows.map((row) => row.map((c) => flat(c === '' && quoteEmpty ? '""' : cellText(c))));
  width ??= process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : undefined;
  const cap = width === undefined ? maxCell : fitCap([head.map((h) => flat(h).length), ...texts.map((r) => r.map((t) => t.length))], maxCell, width);
  const table = new Table({
    head: head.map(flat),
    style: tty ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    wordWrap: false,
  });
  for (const row of texts) table.push(row.map((t) => clip(t, cap)));
  // Keep the rule under the header only: a preview of many rows stays compact.
  let rules = 0;
  return table
    .toString()
    .split('\n')
    .filter((line) => !/^\S*├/.test(line) || rules++ === 0)
    .join('\n');
}

/** The largest cell cap (10..max) under which the table is at most `width` characters wide. */
function fitCap(lengths: readonly (readonly number[])[], max: number, width: number): number {
  const columns = Math.max(...lengths.map((r) => r.length));
  const natural = Array.from({ length: columns }, (_, i) => Math.max(...lengths.map((r) => r[i] ?? 0)));
  const tableWidth = (cap: number) => natural.reduce((sum, w) => sum + Math.min(w, cap) + 3, 1);
  let cap = max;
  while (cap > 10 && tableWidth(cap) > width) cap--;
  return cap;
}

function cellText(c: Cell): string {
  return c === null || c === undefined ? '' : String(c);
}

/** One line, and no control character reaches the terminal raw (data and names may hold ANSI escapes). */
function flat(s: string): string {
  return printable(s.replace(/[\r\n\t]/g, ' '));
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
