// captureGroups (codegen/common): which groups may take no part in a match, checked against real matches.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureGroups } from '../../../codegen/common/regex-groups.ts';
import { AWS_REQUEST_LINE_REGEX, LOG_LINE_PATTERNS, REQUEST_LINE_REGEX } from '../../../plan/index.ts';
import { javaRegex } from '../../../runtime/readers/java-regex.ts';
import { ROOT } from './job-plans.ts';

const optionalOf = (re: string) => captureGroups(re).map((g) => g.optional);

describe('captureGroups', () => {
  it('numbers groups and finds the ones that may be unset', () => {
    expect(optionalOf('(a)(b)')).toEqual([false, false]);
    expect(optionalOf('(a)|(b)')).toEqual([true, true]);
    expect(optionalOf('x(a(b)?)')).toEqual([false, true]);
    expect(optionalOf('(?:(a)){0,3}(b){1}(c)*(d)+')).toEqual([true, false, true, false]);
    expect(optionalOf('[(](a)\\((b)')).toEqual([false, false]);
    expect(optionalOf('(?<name>a)?(?:b|(c))(d|e)')).toEqual([true, true, false]);
    expect(optionalOf('[^)]*(a)[\\]]')).toEqual([false]);
    expect(optionalOf(REQUEST_LINE_REGEX)).toEqual([false, false, true]);
  });

  /** Real log lines of every format, read in place from the shared sample data. */
  function sampleLines(): string[] {
    const files: string[] = [];
    const walk = (d: string) =>
      readdirSync(d).forEach((f) => (statSync(path.join(d, f)).isDirectory() ? walk(path.join(d, f)) : files.push(path.join(d, f))));
    walk(path.join(ROOT, '../shared/data/aws'));
    files.push(path.join(ROOT, '../shared/data/access_logs/apache_logs'));
    return files.flatMap((f) => readFileSync(f, 'utf8').split(/\r?\n/)).slice(0, 12_000);
  }

  it('never calls a group that is unset in a real match required', () => {
    const lines = sampleLines();
    const regexes = [...Object.values(LOG_LINE_PATTERNS).map((p) => p.regex), REQUEST_LINE_REGEX, AWS_REQUEST_LINE_REGEX];
    let matches = 0;
    let unsetSeen = 0;
    for (const re of regexes) {
      const js = javaRegex(re);
      const optional = optionalOf(re);
      for (const line of lines) {
        const m = js.exec(line);
        if (!m) continue;
        matches++;
        expect(m.length - 1).toBe(optional.length);
        m.slice(1).forEach((g, i) => {
          if (g === undefined) {
            unsetSeen++;
            expect(optional[i], `group ${i + 1} of ${re} is unset on: ${line}`).toBe(true);
          }
        });
      }
    }
    expect(matches).toBeGreaterThan(10_000);
    expect(unsetSeen).toBeGreaterThan(0);
  });

  it('agrees with JavaScript on random alternations and quantifiers', () => {
    const atom = fc.constantFrom('a', 'b', '(a)', '(b)?', '(a|b)', '(?:a|(b))', '(a)*', '(b){0,2}', '[()]');
    fc.assert(
      fc.property(fc.array(atom, { minLength: 1, maxLength: 5 }), fc.stringMatching(/^[ab()]{0,8}$/), (parts, input) => {
        const re = parts.join('');
        const m = new RegExp(re).exec(input);
        if (!m) return true;
        const optional = optionalOf(re);
        return m.slice(1).every((g, i) => g !== undefined || optional[i]);
      }),
      { numRuns: 500 },
    );
  });
});
