// Generates deterministic Combined Log Format files for the benchmark into bench/.data/ (once; later calls
// reuse a file whose sidecar says it was made by this generator version with the same size and seed).
//   tsx bench/generate-logs.ts --lines 250000        tsx bench/generate-logs.ts --bytes 5gb
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LogLineMaker } from './gen/log-line-maker.ts';

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '.data');
/** Bump when the generator's output changes, so cached files are made again. */
const GENERATOR_VERSION = 3;
export const SEED = 20150517;
/** Average line length measured on generated files, to turn a byte target into a line count. */
export const BYTES_PER_LINE_ESTIMATE = 215;

export interface LogFile {
  readonly path: string;
  readonly lines: number;
  readonly bytes: number;
}

/** `100k` -> 100000, `1m` -> 1000000, `5gb` -> 5e9 (bytes); plain numbers as they are. */
export function parseCount(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(k|m|g|kb|mb|gb)?$/i.exec(text.trim());
  if (!m) throw new Error(`'${text}' is not a count (e.g. 100k, 1m, 5gb)`);
  const mult = { k: 1e3, m: 1e6, g: 1e9, kb: 1e3, mb: 1e6, gb: 1e9 }[(m[2] ?? '').toLowerCase() as 'k'] ?? 1;
  return Math.round(Number(m[1]) * mult);
}

interface Meta {
  version: number;
  seed: number;
  lines: number;
  bytes: number;
}

/** A cached log file of `lines` lines (made now if missing or stale). */
export function ensureLogFile(lines: number, name = `access-${lines}.log`, log = (s: string) => process.stderr.write(s)): LogFile {
  const path = join(DATA_DIR, name);
  const metaPath = `${path}.meta.json`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Meta;
    if (meta.version === GENERATOR_VERSION && meta.seed === SEED && meta.lines === lines && statSync(path).size === meta.bytes) {
      return { path, lines, bytes: meta.bytes };
    }
  }
  mkdirSync(dirname(path), { recursive: true });
  const t0 = Date.now();
  // A progress line rewritten in place on a terminal; in a log file, one line per tenth.
  const tty = Boolean(process.stderr.isTTY);
  let shown = -1;
  const bytes = writeLogFile(path, lines, (done) => {
    const pct = Math.floor((100 * done) / lines);
    if (tty) log(`\rgenerating ${name}: ${pct}%`);
    else if (Math.floor(pct / 10) > shown) (shown = Math.floor(pct / 10)), log(`generating ${name}: ${pct}%\n`);
  });
  log(`${tty ? '\r' : ''}generated ${name}: ${lines} lines, ${(bytes / 1e6).toFixed(1)} MB in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  writeFileSync(metaPath, JSON.stringify({ version: GENERATOR_VERSION, seed: SEED, lines, bytes } satisfies Meta));
  return { path, lines, bytes };
}

/** A cached file of about `bytes` bytes (the memory test's big input). */
export function ensureLogFileOfBytes(bytes: number, name: string): LogFile {
  return ensureLogFile(Math.ceil(bytes / BYTES_PER_LINE_ESTIMATE), name);
}

function writeLogFile(path: string, lines: number, progress: (done: number) => void): number {
  const fd = openSync(path, 'w');
  try {
    return writeLines(fd, new LogLineMaker(SEED, lines), 0, lines, progress);
  } finally {
    closeSync(fd);
  }
}

/** Writes lines [from, to) of `maker` (asked for in order) to `fd` in blocks; returns the bytes written. */
export function writeLines(fd: number, maker: LogLineMaker, from: number, to: number, progress: (done: number) => void = () => {}): number {
  let bytes = 0;
  const block: string[] = [];
  for (let i = from; i < to; i++) {
    block.push(maker.line(i));
    if (block.length === 20_000 || i === to - 1) {
      const buf = Buffer.from(`${block.join('\n')}\n`, 'utf8');
      writeSync(fd, buf);
      bytes += buf.length;
      block.length = 0;
      progress(i + 1);
    }
  }
  return bytes;
}

function main(argv: string[]): void {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const lines = arg('--lines');
  const bytes = arg('--bytes');
  if (!lines && !bytes) {
    process.stderr.write('usage: tsx bench/generate-logs.ts --lines N | --bytes N[kb|mb|gb]\n');
    process.exit(2);
  }
  const file = bytes ? ensureLogFileOfBytes(parseCount(bytes), `access-${bytes.toLowerCase()}.log`) : ensureLogFile(parseCount(lines!));
  process.stdout.write(`${file.path}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
