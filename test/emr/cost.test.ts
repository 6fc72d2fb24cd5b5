// Cost estimate: per-second billing with a one-minute minimum, EC2 + EMR price per instance type.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMaxCost, costText, estimateCost } from '../../emr/cost.ts';
import type { EmrProfile } from '../../emr/profile.ts';
import { JobError } from '../../plan/index.ts';

function profile(over: Partial<EmrProfile> = {}): EmrProfile {
  return {
    name: 'dev', configFile: 'emr-jobs.config.json', region: 'us-east-1', bucket: 'b-1', prefix: 'p', serviceRole: 'r', jobFlowRole: 'j',
    releaseLabel: 'emr-7.5.0', master: { instanceType: 'm5.xlarge', count: 1 }, core: { instanceType: 'm5.xlarge', count: 2 },
    logUri: 's3://b-1/p/logs/', subnetId: null, tags: {}, idleTimeoutSeconds: 900, expectedMinutes: 20, pollSeconds: 1, maxPollSeconds: 5, retryGraceSeconds: 300,
    prices: { 'm5.xlarge': { ec2: 0.192, emr: 0.048 }, 'r5.2xlarge': { ec2: 0.504, emr: 0.126 } }, endpoint: null,
    ...over,
  };
}

describe('estimateCost', () => {
  it('3 x m5.xlarge for 20 minutes at $0.24/h each is $0.24', () => {
    const e = estimateCost(profile());
    expect(e.billedSeconds).toBe(1200);
    expect(e.totalUsd).toBeCloseTo(0.24, 10);
    expect(costText(e, profile())).toBe(
      'estimated cost: ~$0.24 for 20 min (1 x m5.xlarge (master @ $0.24/h) + 2 x m5.xlarge (core @ $0.24/h); per-second billing, 1 min minimum)',
    );
  });

  it('mixed types: master m5.xlarge + 6 r5.2xlarge for 45 minutes', () => {
    // 0.24 * 0.75 + 6 * 0.63 * 0.75 = 0.18 + 2.835
    const e = estimateCost(profile({ core: { instanceType: 'r5.2xlarge', count: 6 } }), 45);
    expect(e.totalUsd).toBeCloseTo(3.015, 10);
  });

  it('anything under a minute is billed as one minute', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (m) => {
        expect(estimateCost(profile(), m).totalUsd).toBeCloseTo(estimateCost(profile(), 1).totalUsd!, 12);
      }),
    );
  });

  it('is linear in whole seconds past the minimum, and grows with time and with core instances', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 100_000 }), fc.integer({ min: 0, max: 50 }), (secs, cores) => {
        const p = profile({ core: { instanceType: 'm5.xlarge', count: cores } });
        const one = estimateCost(p, secs / 60).totalUsd!;
        const two = estimateCost(p, (2 * secs) / 60).totalUsd!;
        expect(two).toBeCloseTo(2 * one, 9);
        const more = estimateCost(profile({ core: { instanceType: 'm5.xlarge', count: cores + 1 } }), secs / 60).totalUsd!;
        expect(more - one).toBeCloseTo((0.24 * secs) / 3600, 9);
      }),
    );
  });

  it('an instance type without a price makes the total unknown, and names the type', () => {
    const p = profile({ core: { instanceType: 'x2gd.large', count: 1 } });
    const e = estimateCost(p);
    expect(e.totalUsd).toBeNull();
    expect(e.missingPrices).toEqual(['x2gd.large']);
    expect(costText(e, p)).toContain('unknown: no price for x2gd.large in "prices" of emr-jobs.config.json');
  });
});

describe('--max-cost', () => {
  it('refuses above the limit with a usage error (exit 2), accepts at or below it', () => {
    const e = estimateCost(profile());
    expect(() => checkMaxCost(e, 0.24, profile())).not.toThrow();
    expect(() => checkMaxCost(e, undefined, profile())).not.toThrow();
    let err: unknown;
    try {
      checkMaxCost(e, 0.1, profile());
    } catch (x) {
      err = x;
    }
    expect(err).toBeInstanceOf(JobError);
    expect((err as JobError).kind).toBe('usage');
    expect((err as JobError).message).toMatch(/^estimated cost \$0\.24 is above --max-cost \$0\.10: not starting/);
  });

  it('refuses when the cost cannot be known', () => {
    const p = profile({ master: { instanceType: 'z1d.large', count: 1 } });
    expect(() => checkMaxCost(estimateCost(p), 100, p)).toThrow(/no price for z1d\.large/);
  });
});
