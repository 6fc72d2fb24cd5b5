// Cost estimate of a transient cluster before it starts: instances x (EC2 + EMR price per hour), billed per
// second with a one-minute minimum, for the profile's expected run time. Task nodes, Spot and instance fleets
// are priced by emr/shape-cost.ts; with managed scaling the cluster is priced at its maximum.
import { JobError } from '../plan/index.ts';
import type { EmrProfile, ServerlessSettings } from './profile.ts';
import { SPOT_SHARE_TEXT, shapeCostLines } from './shape-cost.ts';

export interface CostLine {
  readonly role: 'master' | 'core' | 'task';
  /** Absent: On-Demand. */
  readonly market?: 'ON_DEMAND' | 'SPOT';
  /** An instance fleet: the fleet's dearest way to fill its capacity, which this line prices. */
  readonly fleet?: boolean;
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
  /** With managed scaling: the capacity priced (its maximum), in its unit. */
  readonly scaledTo?: { readonly units: number; readonly unit: string };
}

/** Per-second billing with a one-minute minimum (EMR clusters and EMR Serverless workers alike). */
function billedSecondsOf(minutes: number): number {
  // Rounded to the millisecond first: 1.05 * 60 is 63.00000000000001 in floating point, not 64 seconds.
  return Math.max(60, Math.ceil(Math.round(minutes * 60_000) / 1000));
}

export function estimateCost(profile: EmrProfile, minutes: number = profile.expectedMinutes): CostEstimate {
  const billedSeconds = billedSecondsOf(minutes);
  const { lines, unknown } = shapeCostLines(profile, billedSeconds);
  const missingPrices = [...new Set([...lines.filter((l) => !profile.prices[l.instanceType]).map((l) => l.instanceType), ...unknown])];
  const totalUsd = missingPrices.length ? null : lines.reduce((s, l) => s + (l.usd ?? 0), 0);
  const m = profile.managedScaling;
  return { minutes, billedSeconds, lines, totalUsd, missingPrices, ...(m ? { scaledTo: { units: m.maximumCapacity, unit: m.unit } } : {}) };
}

export function formatUsd(usd: number): string {
  return usd < 0.01 && usd > 0 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function costText(e: CostEstimate, profile: EmrProfile): string {
  const parts = e.lines.map((l) => {
    const role = `${l.role}${l.fleet ? ' fleet' : ''}${l.market === 'SPOT' ? ', Spot' : ''}`;
    return `${l.count} x ${l.instanceType} (${role}${l.perHour === null ? ', no price' : ` @ ${formatUsd(l.perHour)}/h`})`;
  });
  const total = e.totalUsd === null ? `unknown: no price for ${e.missingPrices.join(', ')} in "prices" of ${profile.configFile ?? 'the config'}` : `~${formatUsd(e.totalUsd)}`;
  const notes = [
    ...(e.scaledTo ? [`managed scaling: priced at its maximum, ${e.scaledTo.units} ${e.scaledTo.unit}`] : []),
    ...(e.lines.some((l) => l.market === 'SPOT') ? [`Spot at the "spot" price, else ${SPOT_SHARE_TEXT} of the On-Demand EC2 price`] : []),
    ...(e.lines.some((l) => l.fleet) ? ['a fleet at its dearest instance type'] : []),
  ];
  return `estimated cost: ${total} for ${e.minutes} min (${parts.join(' + ')}; ${[...notes, 'per-second billing, 1 min minimum'].join('; ')})`;
}

export interface ServerlessCostLine {
  readonly role: 'driver' | 'executors';
  readonly workers: number;
  readonly vcpu: number;
  readonly memoryGb: number;
  readonly usd: number;
}

export interface ServerlessCostEstimate {
  readonly minutes: number;
  readonly billedSeconds: number;
  readonly vcpuHours: number;
  readonly gbHours: number;
  readonly lines: readonly ServerlessCostLine[];
  readonly totalUsd: number;
  /** Always empty: EMR Serverless prices have defaults. */
  readonly missingPrices: readonly string[];
}

/**
 * EMR Serverless bills each worker's vCPU-hours and GB-hours per second (one-minute minimum). The estimate counts
 * the driver and `maxExecutors` executors for the whole expected run: an upper bound under dynamic allocation.
 * The 20 GB of disk each worker has for free is not billed, and none is asked for beyond it.
 */
export function estimateServerlessCost(s: ServerlessSettings, minutes: number): ServerlessCostEstimate {
  const billedSeconds = billedSecondsOf(minutes);
  const hours = billedSeconds / 3600;
  const lines = [
    { role: 'driver' as const, workers: 1, ...s.driver },
    { role: 'executors' as const, workers: s.maxExecutors, ...s.executor },
  ].map((l) => ({ ...l, usd: l.workers * hours * (l.vcpu * s.prices.vcpuHour + l.memoryGb * s.prices.gbHour) }));
  const vcpuHours = lines.reduce((a, l) => a + l.workers * l.vcpu * hours, 0);
  const gbHours = lines.reduce((a, l) => a + l.workers * l.memoryGb * hours, 0);
  return { minutes, billedSeconds, vcpuHours, gbHours, lines, totalUsd: lines.reduce((a, l) => a + l.usd, 0), missingPrices: [] };
}

export function serverlessCostText(e: ServerlessCostEstimate, s: ServerlessSettings): string {
  const parts = e.lines.map((l) => `${l.workers} x ${l.vcpu} vCPU/${l.memoryGb} GB (${l.role})`);
  const rates = `${formatUsd(s.prices.vcpuHour)}/vCPU-h, ${formatUsd(s.prices.gbHour)}/GB-h`;
  return `estimated cost: ~${formatUsd(e.totalUsd)} for ${e.minutes} min at most (${parts.join(' + ')}: ${round(e.vcpuHours)} vCPU-h, ${round(e.gbHours)} GB-h at ${rates}; per-second billing, 1 min minimum)`;
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** Refuses to start (usage error, exit 2) above --max-cost, or when the cost cannot be known. */
export function checkMaxCost(e: Pick<CostEstimate, 'totalUsd' | 'missingPrices'>, maxUsd: number | undefined, profile: Pick<EmrProfile, 'name' | 'configFile'>): void {
  if (maxUsd === undefined) return;
  const file = profile.configFile ? { file: profile.configFile } : null;
  if (e.totalUsd === null) {
    throw new JobError('usage', `--max-cost ${maxUsd}: cannot estimate, profile '${profile.name}' has no price for ${e.missingPrices.join(', ')} (add it under "prices")`, file);
  }
  if (e.totalUsd > maxUsd) {
    throw new JobError('usage', `estimated cost ${formatUsd(e.totalUsd)} is above --max-cost ${formatUsd(maxUsd)}: not starting (fewer or smaller instances or workers, or a lower --expected-minutes if the estimate is high)`);
  }
}
