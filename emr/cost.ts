// Cost estimate of a transient cluster before it starts: instances x (EC2 + EMR price per hour), billed per
// second with a one-minute minimum, for the profile's expected run time.
import { JobError } from '../plan/index.ts';
import type { EmrProfile } from './profile.ts';

export interface CostLine {
  readonly role: 'master' | 'core';
  readonly instanceType: string;
  readonly count: number;
  /** USD per instance-hour (EC2 + EMR), or null when the price table has no entry for the type. */
  readonly perHour: number | null;
  readonly usd: number | null;
}

export interface CostEstimate {
  readonly minutes: number;
  /** Seconds billed per instance: per-second billing, at least 60. */
  readonly billedSeconds: number;
  readonly lines: readonly CostLine[];
  /** null when any instance type has no price. */
  readonly totalUsd: number | null;
  readonly missingPrices: readonly string[];
}

export function estimateCost(profile: EmrProfile, minutes: number = profile.expectedMinutes): CostEstimate {
  // Rounded to the millisecond first: 1.05 * 60 is 63.00000000000001 in floating point, not 64 seconds.
  const billedSeconds = Math.max(60, Math.ceil(Math.round(minutes * 60_000) / 1000));
  const groups = [
    { role: 'master' as const, ...profile.master },
    ...(profile.core.count > 0 ? [{ role: 'core' as const, ...profile.core }] : []),
  ];
  const lines = groups.map((g): CostLine => {
    const p = profile.prices[g.instanceType];
    const perHour = p ? p.ec2 + p.emr : null;
    return { role: g.role, instanceType: g.instanceType, count: g.count, perHour, usd: perHour === null ? null : (perHour * g.count * billedSeconds) / 3600 };
  });
  const missingPrices = [...new Set(lines.filter((l) => l.perHour === null).map((l) => l.instanceType))];
  const totalUsd = missingPrices.length ? null : lines.reduce((s, l) => s + (l.usd ?? 0), 0);
  return { minutes, billedSeconds, lines, totalUsd, missingPrices };
}

export function formatUsd(usd: number): string {
  return usd < 0.01 && usd > 0 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function costText(e: CostEstimate, profile: EmrProfile): string {
  const parts = e.lines.map((l) => `${l.count} x ${l.instanceType} (${l.role}${l.perHour === null ? ', no price' : ` @ ${formatUsd(l.perHour)}/h`})`);
  const total = e.totalUsd === null ? `unknown: no price for ${e.missingPrices.join(', ')} in "prices" of ${profile.configFile ?? 'the config'}` : `~${formatUsd(e.totalUsd)}`;
  return `estimated cost: ${total} for ${e.minutes} min (${parts.join(' + ')}; per-second billing, 1 min minimum)`;
}

/** Refuses to start (usage error, exit 2) above --max-cost, or when the cost cannot be known. */
export function checkMaxCost(e: CostEstimate, maxUsd: number | undefined, profile: EmrProfile): void {
  if (maxUsd === undefined) return;
  const file = profile.configFile ? { file: profile.configFile } : null;
  if (e.totalUsd === null) {
    throw new JobError('usage', `--max-cost ${maxUsd}: cannot estimate, profile '${profile.name}' has no price for ${e.missingPrices.join(', ')} (add it under "prices")`, file);
  }
  if (e.totalUsd > maxUsd) {
    throw new JobError('usage', `estimated cost ${formatUsd(e.totalUsd)} is above --max-cost ${formatUsd(maxUsd)}: not starting (fewer or smaller instances, or a lower --expected-minutes if the estimate is high)`);
  }
}
