// A folder of log parts as S3 exports look: the first 2,000 lines of the shared Apache log (Apache-2.0,
// elastic/examples; read in place) split into parts, some gzipped (one without a `.gz` name), one in a
// nested folder, beside a `_SUCCESS` marker, a `.hidden` file and a `_temporary/` folder that must not be
// read. One made-up line in the nested part is a reject. `all.log` is the parts concatenated in the order
// the inputs are read (sorted by path).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const SHARED_APACHE_LOG = path.resolve(import.meta.dirname, '../../../shared/data/access_logs/apache_logs');

export interface LogParts {
  /** The folder of parts. */
  readonly folder: string;
  /** The same lines in one plain file. */
  readonly whole: string;
  /** The part holding the made-up line, and that line's number in it. */
  readonly rejectPart: string;
  readonly rejectLine: number;
}

/** Part name (relative to the folder) -> its lines and whether it is gzipped, in reading (path) order. */
const LAYOUT: readonly { name: string; from: number; to: number; gzip: boolean }[] = [
  { name: 'part-00000.gz', from: 0, to: 600, gzip: true },
  { name: 'part-00001', from: 600, to: 1100, gzip: false },
  { name: 'part-00002', from: 1100, to: 1400, gzip: true }, // gzip without a .gz name
  { name: 'sub/part-00003', from: 1400, to: 2000, gzip: false },
];

export const BAD_LINE = 'this is not an access log line';

/**
 * With `misnamedGzip: false` every gzip part is named `.gz`, so a local engine run reads the folder as it is
 * (as on S3); otherwise one gzip part has no `.gz` name and the engines read a folder of links instead.
 */
export function writeLogParts(dir: string, { misnamedGzip = true } = {}): LogParts {
  const lines = readFileSync(SHARED_APACHE_LOG, 'utf8').split('\n').slice(0, 2000);
  const folder = path.join(dir, 'parts');
  mkdirSync(path.join(folder, 'sub'), { recursive: true });
  mkdirSync(path.join(folder, '_temporary', '0'), { recursive: true });
  const texts: string[] = [];
  for (const p of LAYOUT) {
    const part = lines.slice(p.from, p.to);
    if (p.name.startsWith('sub/')) part.splice(6, 0, BAD_LINE);
    const text = `${part.join('\n')}\n`;
    texts.push(text);
    const name = p.gzip && !p.name.endsWith('.gz') && !misnamedGzip ? `${p.name}.gz` : p.name;
    writeFileSync(path.join(folder, name), p.gzip ? gzipSync(text) : text);
  }
  // Were a hidden file read, this page would top every count.
  const noise = `${lines[0].replace(/"GET \S+/, '"GET /read-from-a-hidden-file')}\n`.repeat(500);
  writeFileSync(path.join(folder, '_SUCCESS'), '');
  writeFileSync(path.join(folder, '.hidden'), noise);
  writeFileSync(path.join(folder, '_temporary', '0', 'part-00009'), noise);
  writeFileSync(path.join(folder, 'sub', '.part-00003.crc'), noise);
  const whole = path.join(dir, 'all.log');
  writeFileSync(whole, texts.join(''));
  return { folder, whole, rejectPart: path.join(folder, 'sub', 'part-00003'), rejectLine: 7 };
}
