// The stage-and-commit step and the output lock, on real folders: a commit swaps files and partitioned
// folders whole, drops a stale `_rejects`, leaves other files, writes the manifest and `_SUCCESS`; a
// discarded stage changes nothing; a held lock refuses a second holder.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliExit } from '../../cli/exit-codes.ts';
import { createStage } from '../../cli/output-commit.ts';
import { acquireOutputLock } from '../../cli/output-lock.ts';
import { tempDir } from './cli-harness.ts';

const work = tempDir('commit');
afterAll(() => rmSync(work, { recursive: true, force: true }));

function put(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** An output folder holding a previous run's outputs and a file of someone else's. */
function previousRun(name: string): string {
  const out = path.join(work, name);
  put(path.join(out, 'top.csv'), 'old top\n');
  put(path.join(out, 'by_kind', 'kind=a', 'part-00000.csv'), 'old a\n');
  put(path.join(out, '_rejects', 'logs.rejects'), 'old reject\n');
  put(path.join(out, '_emr-jobs.json'), '{"old":true}\n');
  put(path.join(out, '_SUCCESS'), '');
  put(path.join(out, 'notes.txt'), 'mine\n');
  return out;
}

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files[path.relative(dir, path.join(e.parentPath, e.name))] = readFileSync(path.join(e.parentPath, e.name), 'utf8');
  }
  return files;
}

describe('createStage', () => {
  it('commit swaps outputs whole, removes a stale _rejects, keeps other files, writes manifest and _SUCCESS', () => {
    const out = previousRun('commit');
    const stage = createStage(out);
    expect(path.dirname(stage.dir)).toBe(out);
    expect(path.basename(stage.dir)).toMatch(new RegExp(`^\\.emr-jobs-tmp-${process.pid}-`));
    put(path.join(stage.dir, 'top.csv'), 'new top\n');
    put(path.join(stage.dir, 'by_kind', 'kind=b', 'part-00000.csv'), 'new b\n');
    expect(stage.finalPath(path.join(stage.dir, 'by_kind'))).toBe(path.join(out, 'by_kind'));
    stage.commit(['top.csv', 'by_kind', '_rejects'], { job: 'x' });
    stage.discard();
    expect(tree(out)).toEqual({
      'top.csv': 'new top\n',
      'by_kind/kind=b/part-00000.csv': 'new b\n',
      '_emr-jobs.json': '{\n  "job": "x"\n}\n',
      _SUCCESS: '',
      'notes.txt': 'mine\n',
    });
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('a discarded stage leaves the previous outputs exactly as they were', () => {
    const out = previousRun('discard');
    const before = tree(out);
    const stage = createStage(out);
    put(path.join(stage.dir, 'top.csv'), 'half a fi');
    stage.discard();
    expect(tree(out)).toEqual(before);
    expect(existsSync(stage.dir)).toBe(false);
  });
});

describe('acquireOutputLock', () => {
  it('refuses a second holder (exit 2, naming the first), and is free again once released', () => {
    const out = path.join(work, 'lock');
    mkdirSync(out, { recursive: true });
    const lock = acquireOutputLock(out, 'out/lock', () => undefined);
    let refused: unknown = null;
    try {
      acquireOutputLock(out, 'out/lock', () => undefined);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(CliExit);
    expect((refused as CliExit).code).toBe(2);
    expect((refused as CliExit).message).toContain(`--out out/lock: another emr-jobs run is writing there (pid ${process.pid} on `);
    lock.release();
    expect(readdirSync(out)).toEqual([]);
    acquireOutputLock(out, 'out/lock', () => undefined).release();
    expect(readdirSync(out)).toEqual([]);
  });
});
