// Type tests of data-quality checks: columns are checked names, ranges and accepted values take values of
// the column's type, regex and freshness take only columns of their type, and check() keeps the row type.
import { describe, expectTypeOf, test } from 'vitest';
import { type Dataset, type Expression } from '../../dsl/index.ts';
import type { CombinedLogRow } from '../../dsl/row-types.ts';

declare const logs: Dataset<CombinedLogRow>;
declare const hosts: Dataset<{ host: 'string'; owner: 'string' }>;
declare const ids: Dataset<{ id: 'long' }>;
declare const day: Expression<'date'>;
declare const count: Expression<'long'>;

describe('checks', () => {
  test('check() returns the dataset with its row type', () => {
    expectTypeOf(logs.check('requests', (c) => [c.notNull('host')])).toEqualTypeOf<Dataset<CombinedLogRow>>();
  });
  test('misspelt columns do not compile', () => {
    // @ts-expect-error hots is not a column
    logs.check('requests', (c) => [c.notNull('hots')]);
    // @ts-expect-error hots is not a column
    logs.check('requests', (c) => [c.notNull(['host', 'hots'])]);
    // @ts-expect-error pth is not a column
    logs.check('requests', (c) => [c.unique(['host', 'pth'])]);
    // @ts-expect-error stauts is not a column
    logs.check('requests', (c) => [c.range('stauts', { min: 100 })]);
    // @ts-expect-error mthod is not a column
    logs.check('requests', (c) => [c.acceptedValues('mthod', ['GET'])]);
    // @ts-expect-error hots is not a column of hosts
    logs.check('requests', (c) => [c.references('host', hosts, 'hots')]);
    // @ts-expect-error stauts is not a column
    logs.check('requests', (c) => [c.expr('ok', (r) => r.stauts.lt(600))]);
  });
  test('ranges and accepted values take values of the column type', () => {
    logs.check('requests', (c) => [c.range('status', { min: 100, max: 599 }), c.range('path', { min: '/' }), c.range('time', { max: new Date(0) })]);
    // @ts-expect-error status is an int: its bounds are numbers
    logs.check('requests', (c) => [c.range('status', { min: '100' })]);
    // @ts-expect-error time is a timestamp: its bounds are Dates
    logs.check('requests', (c) => [c.range('time', { min: 5 })]);
    logs.check('requests', (c) => [c.acceptedValues('method', ['GET', 'POST']), c.acceptedValues('status', [200, 304])]);
    // @ts-expect-error method is a string
    logs.check('requests', (c) => [c.acceptedValues('method', [1, 2])]);
  });
  test('matches takes string columns, freshness timestamp columns and a date or timestamp reference', () => {
    logs.check('requests', (c) => [c.matches('path', '/.*'), c.freshness('time', { within: { hours: 26 }, of: day })]);
    // @ts-expect-error status is not a string
    logs.check('requests', (c) => [c.matches('status', '[0-9]+')]);
    // @ts-expect-error path is not a timestamp
    logs.check('requests', (c) => [c.freshness('path', { within: { hours: 1 }, of: day })]);
    // @ts-expect-error the reference is a date or timestamp, not a long
    logs.check('requests', (c) => [c.freshness('time', { within: { hours: 1 }, of: count })]);
  });
  test('references pair columns of the same type', () => {
    logs.check('requests', (c) => [c.references('host', hosts, 'host')]);
    // @ts-expect-error host is a string and id a long
    logs.check('requests', (c) => [c.references('host', ids, 'id')]);
  });
  test('severity is error or warn; expr is a boolean condition', () => {
    logs.check('requests', (c) => [c.rowCount({ min: 1, severity: 'warn' }), c.notNull('host', { severity: 'error', name: 'hosts' })]);
    // @ts-expect-error fatal is no severity
    logs.check('requests', (c) => [c.rowCount({ min: 1, severity: 'fatal' })]);
    // @ts-expect-error the condition must be boolean
    logs.check('requests', (c) => [c.expr('bytes', (r) => r.bytes)]);
  });
});
