// Self-check of the benchmark's peers: runs each hand-written implementation and the runtime on a small
// file of awkward lines (CR and CRLF ends, escapes, tabs, invalid UTF-8, quotes in hosts, leading zeros,
// 64-bit overflow, bad times, odd requests) and fails when any output or reject count differs. DuckDB's
// CSV reader stops at invalid UTF-8 and detects one kind of line end, so its file has LF ends and valid
// UTF-8 only (the generated benchmark files are like that).
//   tsx bench/check-peers.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChild } from './harness/child-runner.ts';
import { compareSpecOf } from './harness/compare-spec.ts';
import { isChildImpl, IMPLEMENTATIONS } from './harness/implementations.ts';
import { compareOutputs } from './harness/output-compare.ts';
import type { JobDefinition } from '../dsl/index.ts';
import { BENCH_JOBS } from './peers/peer-types.ts';

const T = '[17/May/2015:10:05:03 +0000]';
const A = '"Mozilla/5.0 (X11, Linux)"';
const LINES: (string | Buffer)[] = [
  `1.2.3.4 - - ${T} "GET /a HTTP/1.1" 200 123 "-" ${A}`,
  `1.2.3.4 - - ${T} "GET /a HTTP/1.1" 200 - "-" "-"`,
  `h"q,x id u ${T} "GET /b?x=1,2 HTTP/1.0" 201 007 "" ""`,
  `h[1] - - [17/May/2015:23:59:59 -0700] "GET /c HTTP/1.1" 099 0 "r" "a \\" b \\\\"`,
  `1.2.3.4 - - [29/Feb/2016:10:05:03 +0530] "POST /d" 204 5 "-" "x"  \t`,
  `1.2.3.4 - - [29/Feb/2015:10:05:03 +0000] "GET /e HTTP/1.1" 200 5 "-" "x"`,
  `1.2.3.4 - - [17/May/2015:10:05:03 +1801] "GET /e HTTP/1.1" 200 5 "-" "x"`,
  `1.2.3.4 - - [17/may/2015:10:05:03 +0000] "GET /e HTTP/1.1" 200 5 "-" "x"`,
  `1.2.3.4 - - ${T} "GET /f HTTP/1.1" 500 9223372036854775808 "-" "x"`,
  `1.2.3.4 - - ${T} "GET /f HTTP/1.1" 503 922337203685477 "-" "x"`,
  `1.2.3.4 - - ${T} "-" 408 - "-" "-"`,
  `1.2.3.4 - - ${T} "GET /a b HTTP/1.1" 400 1 "-" "-"`,
  `1.2.3.4 - - ${T} "GET  /a HTTP/1.1" 400 1 "-" "-"`,
  `1.2.3.4\t- - ${T} "GET /a HTTP/1.1" 200 1 "-" "-"`,
  `1.2.3.4 - - ${T} "GET /a\\\u2028 HTTP/1.1" 200 1 "-" "-"`,
  `1.2.3.4 - - ${T} "GET /caf\u00e9 HTTP/1.1" 200 1 "https://x/?q=\u00e9" "\u65e5\u672c"`,
  Buffer.concat([Buffer.from(`1.2.3.4 - - ${T} "GET /`), Buffer.from([0xff, 0xfe]), Buffer.from(' HTTP/1.1" 200 2 "-" "'), Buffer.from([0xc3]), Buffer.from('"')]),
  Buffer.concat([Buffer.from(`1.2.3.4 - - ${T} "GET /`), Buffer.from([0xfe]), Buffer.from(` HTTP/1.1" 200 3 "-" "-"`)]),
  '',
  'garbage "with quotes',
  `1.2.3.4 - - ${T} "GET /a HTTP/1.1" 200 123 "-" ${A}`.slice(0, -3),
];
const ENDS = ['\n', '\r\n', '\r'];

function checkFile(dir: string, plain: boolean): string {
  const parts: Buffer[] = [];
  const lines = plain ? LINES.filter((l) => !Buffer.isBuffer(l)) : LINES;
  lines.forEach((l, i) => parts.push(Buffer.isBuffer(l) ? l : Buffer.from(l, 'utf8'), Buffer.from(plain ? '\n' : ENDS[i % ENDS.length])));
  parts.push(Buffer.from(`9.9.9.9 - - ${T} "GET /last HTTP/1.1" 200 1 "-" "no newline at the end"`));
  const path = join(dir, plain ? 'edge-plain.log' : 'edge.log');
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'emr-jobs-bench-check-'));
  let failures = 0;
  try {
    for (const job of BENCH_JOBS) {
      const spec = compareSpecOf(((await import(`../jobs/${job}.ts`)) as { default: JobDefinition }).default.plan());
      for (const impl of IMPLEMENTATIONS.filter(isChildImpl).filter((i) => i !== 'runtime' && i !== 'runtime-before')) {
        const input = checkFile(dir, impl.startsWith('duckdb'));
        const ref = await runChild({ impl: 'runtime', job, input, outDir: join(dir, `runtime-${job}-${impl}`) });
        const m = await runChild({ impl, job, input, outDir: join(dir, `${impl}-${job}`) });
        const counts = m.counts && ref.counts && JSON.stringify(Object.entries(m.counts.rejected).sort()) !== JSON.stringify(Object.entries(ref.counts.rejected).sort())
          ? `rejects ${JSON.stringify(m.counts)} vs runtime ${JSON.stringify(ref.counts)}` : null;
        const diff = compareOutputs(ref.output, m.output, spec) ?? counts;
        process.stdout.write(`${job} ${impl}: ${diff ?? 'equal to the runtime'}\n`);
        if (diff) failures++;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return failures ? 1 : 0;
}

main().then((code) => process.exit(code));
