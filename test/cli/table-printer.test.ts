// Tables fit the terminal: on a terminal the widest columns are clipped to its width; piped, cells stay whole
// up to the cell cap, so that grep and scripts see them.
import { afterEach, describe, expect, it } from 'vitest';
import { renderTable } from '../../cli/table-printer.ts';

const wide = (n: number) => Array.from({ length: n }, (_, i) => `${'x'.repeat(50)}${i}`);
const tty = { isTTY: process.stdout.isTTY, columns: process.stdout.columns };
afterEach(() => Object.assign(process.stdout, tty));

describe('renderTable', () => {
  it("clips the widest columns to the terminal's width on a terminal", () => {
    Object.assign(process.stdout, { isTTY: true, columns: 80 });
    const lines = renderTable(['a', 'b', 'c'], [wide(3)]).replace(/\u001b\[[0-9;]*m/g, '').split('\n');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines.join('\n')).toContain('…');
  });

  it('keeps whole cells (up to the cap) when stdout is not a terminal, and an explicit width wins', () => {
    Object.assign(process.stdout, { isTTY: false, columns: undefined });
    expect(renderTable(['a', 'b', 'c'], [wide(3)])).toContain(`${'x'.repeat(50)}2`);
    const narrow = renderTable(['a', 'b', 'c'], [wide(3)], 60, 50).split('\n');
    for (const l of narrow) expect(l.length).toBeLessThanOrEqual(50);
  });
});
