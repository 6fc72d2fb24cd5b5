// When a submission stops waiting: its steps are over and, for a cluster it owns, the cluster is going away.
import { describe, expect, it } from 'vitest';
import { formatElapsed } from '../../emr/progress-reporter.ts';
import { isRunOver, viewText, type ClusterView } from '../../emr/wait.ts';

const view = (state: string, steps: [string, string][]): ClusterView => ({
  id: 'j-1', name: 'n', state, reason: '', logUri: null, tags: {},
  steps: steps.map(([id, st]) => ({ id, name: `step ${id}`, state: st, reason: '', args: [] })),
});

describe('isRunOver', () => {
  it('waits while its step runs, whatever else the cluster does', () => {
    expect(isRunOver(view('RUNNING', [['s-1', 'RUNNING']]), ['s-1'], true)).toBe(false);
    expect(isRunOver(view('RUNNING', [['s-0', 'COMPLETED'], ['s-1', 'PENDING']]), ['s-1'], false)).toBe(false);
  });

  it('on an owned cluster, waits until the cluster is on its way down after the step', () => {
    expect(isRunOver(view('RUNNING', [['s-1', 'COMPLETED']]), ['s-1'], true)).toBe(false);
    expect(isRunOver(view('TERMINATING', [['s-1', 'COMPLETED']]), ['s-1'], true)).toBe(true);
    // Still WAITING with nothing to do: over, and the caller terminates it.
    expect(isRunOver(view('WAITING', [['s-1', 'FAILED']]), ['s-1'], true)).toBe(true);
  });

  it('on a shared cluster, stops when its own steps end and leaves the cluster alone', () => {
    expect(isRunOver(view('RUNNING', [['s-1', 'COMPLETED'], ['s-2', 'RUNNING']]), ['s-1'], false)).toBe(true);
  });

  it('a cluster that ended before the step ran (bootstrap failure) ends the wait', () => {
    expect(isRunOver(view('TERMINATED_WITH_ERRORS', [['s-1', 'PENDING']]), ['s-1'], true)).toBe(true);
  });

  it('a step id the cluster does not list yet keeps it waiting', () => {
    expect(isRunOver(view('RUNNING', []), ['s-1'], false)).toBe(false);
  });
});

describe('progress text', () => {
  it('names the cluster and each step with its state', () => {
    expect(viewText(view('RUNNING', [['s-1', 'RUNNING']]))).toBe('cluster j-1 RUNNING | step s-1 RUNNING');
  });

  it('elapsed time reads as s, m s, h m s', () => {
    expect([formatElapsed(5_400), formatElapsed(65_000), formatElapsed(3_725_000)]).toEqual(['5s', '1m05s', '1h02m05s']);
  });
});
