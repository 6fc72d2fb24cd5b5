// The JobError a call throws, for tests of messages and job lines; fails the test when it throws none.
import { expect } from 'vitest';
import { JobError } from '../../plan/index.ts';

export function errorOf(fn: () => unknown): JobError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(JobError);
    return e as JobError;
  }
  throw new Error('expected a JobError');
}
