// What a local Pig or Spark run is given for an input: the folder itself when the engine lists it as the
// runtime does, else one folder of links named as Hadoop needs (`.gz` on every gzip part and on no other,
// no hidden name).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { engineInputPath } from '../../cli/engine-input-paths.ts';
import { resolveInput, walkFolder } from '../../cli/input-files.ts';
import { tempDir } from './cli-harness.ts';

const dir = tempDir('engine-inputs');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function folderOf(name: string, files: Record<string, string | Buffer>): string {
  const root = path.join(dir, name);
  for (const [f, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), body);
  }
  return root;
}

describe('engineInputPath', () => {
  it('a folder whose parts Hadoop reads as they are goes as it is', () => {
    const root = folderOf('plain', { 'a.log': 'x\n', 'b/c.gz': gzipSync('y\n'), _SUCCESS: '' });
    expect(engineInputPath('logs', resolveInput('logs', [root]), path.join(dir, 'work1'))).toBe(root);
  });

  it('a gzip part without a .gz name, a list or a hidden name: one folder of links with the part keys', () => {
    const root = folderOf('mixed', { 'a.log': 'x\n', 'sub/b': gzipSync('y\n'), '.skip': 'z\n' });
    const alone = folderOf('alone', { '_first.log': 'w\n' });
    const work = path.join(dir, 'work2');
    const given = engineInputPath('logs', resolveInput('logs', [root, path.join(alone, '_first.log')]), work);
    expect(given).toBe(path.join(work, 'inputs', 'logs'));
    expect(walkFolder(given).sort()).toEqual(['0/a.log', '0/sub/b.gz', '1/file-_first.log']);
    expect(readFileSync(path.join(given, '1', 'file-_first.log'), 'utf8')).toBe('w\n');
  });

  it('one file goes as it is, or linked under a .gz name when it is gzip', () => {
    const root = folderOf('one', { 'a.log': 'x\n', 'z.bin': gzipSync('y\n') });
    const work = path.join(dir, 'work3');
    expect(engineInputPath('logs', resolveInput('logs', [path.join(root, 'a.log')]), work)).toBe(path.join(root, 'a.log'));
    expect(engineInputPath('logs', resolveInput('logs', [path.join(root, 'z.bin')]), work)).toBe(path.join(work, 'inputs', 'logs', 'z.bin.gz'));
  });

  it('a plain file named .gz is linked without the codec suffix Hadoop would decompress it by', () => {
    const root = folderOf('fake-gz', { 'a.gz': 'x\n', 'b.gz': gzipSync('y\n') });
    const work = path.join(dir, 'work4');
    const single = engineInputPath('logs', resolveInput('logs', [path.join(root, 'a.gz')]), work);
    expect(single).toBe(path.join(work, 'inputs', 'logs', 'a.gz.txt'));
    expect(readFileSync(single, 'utf8')).toBe('x\n');
    const folder = engineInputPath('logs', resolveInput('logs', [root]), path.join(dir, 'work5'));
    expect(walkFolder(folder).sort()).toEqual(['a.gz.txt', 'b.gz']);
  });
});
