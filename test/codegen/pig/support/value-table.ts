// A CSV of awkward values for expression cases: nulls, zero and -0.0, NaN and infinities, int and long
// extremes, unicode beyond the BMP and just below it, text with commas, quotes, newlines and spaces.
// Its quoted fields hold line breaks, so it is read with `multiline: true` (VALUE_CSV). (No quoted empty
// field: Pig's CSVExcelStorage reads `""` as null, the difference docs/codegen.md lists for multiline input.)

export const VALUE_COLUMNS = {
  id: 'int', s: 'string', t: 'string', i: 'int', j: 'int', l: 'long', d: 'double', e: 'double', b: 'boolean', ts: 'timestamp', dt: 'date',
} as const;

/** How the value table is read: records over several lines. */
export const VALUE_CSV = { multiline: true } as const;

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

const ROWS: string[][] = [
  ['1', q('Hello, World'), 'o', '2147483647', '1', '9007199254740993', '2.675', '0.0', 'true', '2015-05-17T10:05:03.123Z', '2015-05-17'],
  ['2', q('say "hi"'), 'Hi', '-7', '0', '-9223372036854775808', '-0.0', '-2.5', 'false', '2016-02-29 23:59:59', '2016-02-29'],
  ['3', q('line1\nline2'), '', '', '3', '', 'NaN', 'Infinity', '', '', ''],
  ['4', q('  padded  '), q(' '), '0', '-2', '0', '1e20', '-Infinity', 'TRUE', '1969-12-31T23:30:00Z', '1969-12-31'],
  ['5', '😀\ue000é日本', '😀', '-2147483648', '-1', '123', '0.1', '0.2', 'False', '2015-05-17T10:05:03+02:00', '2000-02-29'],
  ['6', 'a.b|c\\d$e', 'a', '5', '5', '5', '-1.5', '1.5', 'true', '2015-05-17T10:05', '1999-01-01'],
  ['7', '', 'x', '100', '7', '-100', '5e-324', '-5e-324', 'false', '2015-05-17T10:05:03.123456789Z', '2024-12-31'],
  ['8', "back\\slash $x 'q' --", '$x', '12', '-5', '7', '123456789.125', '3.0', ' true ', '2000-01-01T00:00:00Z', '2000-01-01'],
  ['9', 'a//b/', '/', '-12', '5', '-7', '-2.675', '-0.5', 'true', '2015-12-31T23:59:59.999Z', '2015-12-31'],
  ['10', 'ÀÉÎ ǅ ß İ', 'ß', '46341', '46341', '3037000500', '0.5', '2.5', 'false', '2015-06-30T12:00:00-09:30', '2015-06-30'],
  ['11', 'null int', 'a', '', '', '', '', '', '', '', ''],
  ['12', q('\t edges \n'), q(' \t '), '1', '2', '3', '1.0', '2.0', 'true', '2015-05-17T00:00:00Z', '2015-05-17'],
];

/** The table as CSV text with a header row. */
export function valueTableCsv(): string {
  return [Object.keys(VALUE_COLUMNS).join(','), ...ROWS.map((r) => r.join(','))].join('\n') + '\n';
}
