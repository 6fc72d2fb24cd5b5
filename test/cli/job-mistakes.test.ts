// The mistakes a job author makes most, each caught before anything runs: exit 2 and one line naming the
// job file, line and column, and what was wrong (never `undefined`, never a stack trace).
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APACHE_LOGS, cli, tempDir, type CliResult } from './cli-harness.ts';
import { escapeRegex, esmDir, writeJobFile, type JobFile } from './job-file-fixture.ts';

const dir = tempDir('mistakes');
beforeAll(() => esmDir(dir));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A job in the ESM folder: `body` goes inside `job(name, ..., (j) => { ... })`. */
function mistake(name: string, body: readonly string[], marker: string, imports = 'count, job'): JobFile {
  return writeJobFile(dir, `esm/${name}`, [`export default job('${name}', 'a deliberate mistake', (j) => {`, ...body, '});'], marker, imports);
}

/** Exit 2, one line on stderr: `file:line:col: <kind> error: <message>`, nothing on stdout. */
function expectOneLine(r: CliResult, at: JobFile, kind: string, message: string | RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  const prefix = `${at.file}:${at.line}:${at.column}: ${kind} error: `;
  expect(lines[0].slice(0, prefix.length)).toBe(prefix);
  const text = lines[0].slice(prefix.length);
  if (typeof message === 'string') expect(text).toBe(message);
  else expect(text).toMatch(message);
  expect(text).not.toMatch(/\bundefined\b|\[object Object\]/);
}

const LOG_COLUMNS = '"host" | "ident" | "user" | "time" | "method" | "path" | "protocol" | "status" | "bytes" | "referer" | "agent"';

describe('type mistakes in a job (caught by the type check)', () => {
  it('a misspelt column names it and suggests the right one', async () => {
    const at = mistake('typo-column', ["  j.accessLog('logs').filter((r) => r.stauts.ge(500)).writeCsv('errors');"], 'stauts');
    const r = await cli(['explain', at.file]);
    expectOneLine(r, at, 'job', /^Property 'stauts' does not exist on type 'Cols<\{ host: "string"; .*\}>'\. Did you mean 'status'\?$/);
  }, 180_000);

  it('sum over a string column says the string is not assignable to a number (a chained diagnostic)', async () => {
    const at = mistake(
      'sum-string',
      ["  j.accessLog('logs').groupBy('path').agg((r) => ({ hits: count(), a: sum(r.agent) })).writeCsv('out');"],
      'r.agent',
      'count, job, sum',
    );
    const r = await cli(['explain', at.file]);
    expectOneLine(
      r,
      at,
      'job',
      `Argument of type 'Expression<"string">' is not assignable to parameter of type 'Expression<NumericType>' — Type '"string"' is not assignable to type 'NumericType'.`,
    );
  }, 180_000);

  it('a string column compared with a number', async () => {
    const at = mistake('string-vs-number', ["  j.accessLog('logs').filter((r) => r.path.eq(404)).writeCsv('out');"], '404');
    const r = await cli(['explain', at.file]);
    expectOneLine(r, at, 'job', `Argument of type 'number' is not assignable to parameter of type 'Operand<"string">'.`);
  }, 180_000);

  it('groupBy on an unknown column lists the columns there are', async () => {
    const at = mistake('group-unknown', ["  j.accessLog('logs').groupBy('pathh').agg(() => ({ hits: count() })).writeCsv('out');"], "'pathh'");
    const r = await cli(['explain', at.file]);
    expectOneLine(
      r,
      at,
      'job',
      new RegExp(`^No overload matches this call — overload 1 of 2: Argument of type '"pathh"' is not assignable to parameter of type '${escapeRegex(LOG_COLUMNS)}' — overload 2 of 2: `),
    );
  }, 180_000);

  it('orderBy on an unknown column', async () => {
    const at = mistake('order-unknown', ["  j.accessLog('logs').orderBy(['hitz', 'desc']).writeCsv('out');"], "['hitz'");
    const r = await cli(['explain', at.file]);
    expectOneLine(r, at, 'job', new RegExp(`— Type '"hitz"' is not assignable to type '${escapeRegex(LOG_COLUMNS)}'\\.$`));
  }, 180_000);

  it('a join on a column one side does not have', async () => {
    const at = mistake(
      'join-unknown',
      ["  const hosts = j.csv('hosts', { host: 'string', owner: 'string' });", "  j.accessLog('logs').join(hosts, { on: ['hots'] }).writeCsv('out');"],
      "'hots'",
    );
    const r = await cli(['explain', at.file]);
    expectOneLine(r, at, 'job', /^Type '"hots"' is not assignable to type 'JoinKey<\{ host: "string"; .*\}>'\.$/);
  }, 180_000);

  it('a csv schema with a type name that does not exist lists the type names', async () => {
    const at = mistake('csv-type', ["  j.csv('hosts', { host: 'string', seen: 'datetime' }).writeCsv('out');"], 'seen:');
    const r = await cli(['explain', at.file]);
    expectOneLine(r, at, 'job', `Type '"datetime"' is not assignable to type '"string" | "boolean" | "int" | "long" | "double" | "timestamp" | "date"'.`);
  }, 180_000);
});

describe('job definition mistakes (caught when the plan is built)', () => {
  it('a job name that is not kebab-case points at job(...)', async () => {
    const at = writeJobFile(dir, 'esm/bad-name', ["export default job('Top Pages', 'x', (j) => {", "  j.accessLog('logs').writeCsv('out');", '});'], "job('Top Pages'");
    const r = await cli(['explain', at.file]);
    expectOneLine(r, at, 'job', "job name 'Top Pages' must be kebab-case (a-z, 0-9, -)");
  }, 180_000);

  it('a file without a default export says how to write one', async () => {
    const at = writeJobFile(dir, 'esm/no-default', ["export const topPages = job('no-default', 'x', (j) => {", "  j.accessLog('logs').writeCsv('out');", '});'], 'export const');
    const r = await cli(['explain', at.file]);
    expect(r.code).toBe(2);
    // No line to point at: the mistake is what is missing.
    expect(r.stderr.trim()).toBe(
      `${at.file}: job error: the default export is not a job (write \`export default job('name', 'description', (j) => { ... })\`)`,
    );
  }, 180_000);

  it('a job that writes nothing points at job(...) and names the sinks', async () => {
    const at = writeJobFile(dir, 'esm/no-output', ["export default job('no-output', 'x', (j) => {", "  j.accessLog('logs').filter((r) => r.status.ge(500));", '});'], "job('no-output'");
    const r = await cli(['explain', at.file]);
    expectOneLine(r, at, 'plan', 'the job writes no output (add .writeCsv(...) or .writeJson(...))');
  }, 180_000);

  it('two outputs with the same name point at the second', async () => {
    const at = mistake(
      'output-twice',
      ["  const logs = j.accessLog('logs');", "  logs.writeCsv('out');", "  logs.filter((r) => r.status.ge(500)).writeJson('out');"],
      "writeJson('out')",
    );
    const r = await cli(['explain', at.file]);
    expectOneLine(r, at, 'plan', "output 'out' is written twice");
  }, 180_000);

  // Plan validation, not a target compiler, must refuse it: `run --local` would otherwise write it happily.
  it.each([['explain'], ['run']])('an output named like an input is a plan error on %s', async (command) => {
    const at = mistake(`output-is-input-${command}`, ["  j.accessLog('logs').writeCsv('logs');"], "writeCsv('logs')");
    const out = tempDir('mistakes-out');
    const args = command === 'run' ? ['run', at.file, '--local', APACHE_LOGS, '--out', out] : ['explain', at.file];
    const r = await cli(args);
    rmSync(out, { recursive: true, force: true });
    expectOneLine(r, at, 'plan', /'logs'.*\binput\b|\binput\b.*'logs'/);
  }, 180_000);
});
