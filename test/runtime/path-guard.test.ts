// The path guard on its own: every way a name could climb out of, or replace, the folder or S3 prefix it
// was meant for is refused with a JobError; ordinary names pass through unchanged.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobError } from '../../plan/index.ts';
import { childKey, childPath } from '../../runtime/path-guard.ts';

const root = path.resolve('/tmp/emr-jobs-guard/out');

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(JobError);
    expect((e as JobError).kind).toBe('runtime');
    return (e as JobError).message;
  }
  throw new Error('expected the guard to refuse');
}

describe('childPath', () => {
  it('joins plain names below the root', () => {
    expect(childPath(root, 'top_pages.csv')).toBe(path.join(root, 'top_pages.csv'));
    expect(childPath(root, 'by_method', 'method=GET', 'part-00000.csv')).toBe(path.join(root, 'by_method', 'method=GET', 'part-00000.csv'));
    expect(childPath(`${root}/`, 'a')).toBe(path.join(root, 'a'));
    expect(childPath(root, 'a/', 'b')).toBe(path.join(root, 'a', 'b'));
    expect(childPath(root, 'a/./b')).toBe(path.join(root, 'a', 'b'));
    expect(childPath(root, '..a', 'b..')).toBe(path.join(root, '..a', 'b..'));
    expect(childPath('relative/out', 'x')).toBe(path.resolve('relative/out', 'x'));
  });

  it.each([
    [['..'], /climbs out with '\.\.'/],
    [['../x'], /climbs out/],
    [['a/../../x'], /climbs out/],
    [['a/../b'], /climbs out/],
    [['a\\..\\..\\x'], /climbs out/],
    [['a', '..', 'b'], /climbs out/],
    [['/etc/passwd'], /is absolute/],
    [['a', '/x'], /is absolute/],
    [['C:\\x'], /is absolute/],
    [[''], /a part is empty/],
    [['a', ''], /a part is empty/],
    [['.'], /names the folder itself/],
    [['./'], /names the folder itself/],
    [['a/..'], /climbs out/],
    [['a\u0000b'], /holds NUL/],
    [[], /not the folder itself/],
  ] as const)('refuses %j', (parts, why) => {
    expect(refusal(() => childPath(root, ...parts))).toMatch(why);
  });

  it('names the root and the parts, with control characters escaped', () => {
    const msg = refusal(() => childPath(root, '../\u001b[2J'));
    expect(msg).toContain(root);
    expect(msg).toContain("'../\\u001b[2J'");
    expect(msg).not.toMatch(/\u001b/);
  });

  it('refuses an empty root', () => {
    expect(refusal(() => childPath('', 'x'))).toMatch(/root folder is empty/);
  });
});

describe('childKey', () => {
  it('joins a prefix and parts with single slashes', () => {
    expect(childKey('emr-jobs', 'runs', 'r1', 'top_pages')).toBe('emr-jobs/runs/r1/top_pages');
    expect(childKey('/emr-jobs/', 'runs')).toBe('emr-jobs/runs');
    expect(childKey('', 'runs', 'r1')).toBe('runs/r1');
    expect(childKey('a/b', 'in/x.csv')).toBe('a/b/in/x.csv');
    expect(childKey('p', '..x', 'a.b')).toBe('p/..x/a.b');
  });

  it.each([
    ['p', ['..']],
    ['p', ['.']],
    ['p', ['runs', 'r1', '..']],
    ['p', ['a/../b']],
    ['p', ['']],
    ['p', ['/abs']],
    ['p', ['trailing/']],
    ['p', ['a//b']],
    ['p', ['a\u0000b']],
    ['p', ['a\nb']],
    ['a/../b', ['x']],
    ['a//b', ['x']],
    ['p', []],
  ] as const)('refuses prefix %j with parts %j', (prefix, parts) => {
    expect(() => childKey(prefix, ...parts)).toThrow(JobError);
  });

  it('says which segment is wrong', () => {
    expect(refusal(() => childKey('p', 'runs/..'))).toMatch(/'runs\/\.\.' has a '\.\.' segment/);
    expect(refusal(() => childKey('p', 'a//b'))).toMatch(/empty segment/);
  });
});
