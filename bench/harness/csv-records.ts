// Reads CSV text as docs/semantics.md writes it: RFC 4180 quoting, an empty unquoted field is null and
// `""` is the empty string, so the comparison keeps the two apart.

export type Record = (string | null)[];

export function parseCsv(text: string): Record[] {
  const rows: Record[] = [];
  let row: Record = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let value: string | null;
    if (text[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('CSV: a quoted field is not closed');
        v += text.slice(i, q);
        i = q + 1;
        if (text[i] !== '"') break;
        v += '"';
        i++;
      }
      value = v;
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
      value = j === i ? null : text.slice(i, j);
      i = j;
    }
    row.push(value);
    if (text[i] === ',') {
      i++;
      if (i === n || text[i] === '\n' || text[i] === '\r') row.push(null);
      else continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n' || i >= n) {
      rows.push(row);
      row = [];
      i++;
      continue;
    }
    if (i < n && text[i] !== ',') throw new Error(`CSV: unexpected ${JSON.stringify(text[i])} after a field on row ${rows.length + 1}`);
  }
  return rows;
}
