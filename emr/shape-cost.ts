// Prices a cluster's shape: master, core and task nodes of instance groups or fleets, On-Demand or Spot, and
// with managed scaling the core and task capacity at its maximum (an upper bound, as `--max-cost` needs).
import type { CostLine } from './cost.ts';
import type { EmrProfile, FleetSettings, Market } from './profile.ts';

/**
 * Spot is priced at the type's `spot` price when the profile gives one, else at this share of its On-Demand
 * EC2 price (Spot usually saves 60-90%; half is a deliberately high guess), never above the bid. The EMR
 * uplift is the same on Spot.
 */
export const SPOT_SHARE = 0.5;
export const SPOT_SHARE_TEXT = '50%';

type Role = CostLine['role'];
/** How many of the capacity's units one instance of a type holds: 1, its fleet weight, or its vCPUs. */
type UnitKind = 'instance' | 'weight' | 'vcpu';

interface Option {
  readonly instanceType: string;
  readonly weight: number;
  readonly bid: number | null;
  readonly bidPercent: number | null;
}

interface Part {
  readonly role: Role;
  readonly market: Market;
  readonly units: number;
  readonly options: readonly Option[];
  readonly fleet: boolean;
}

export function shapeCostLines(profile: EmrProfile, billedSeconds: number): { lines: CostLine[]; unknown: string[] } {
  const unknown: string[] = [];
  const kind: UnitKind = profile.managedScaling?.unit === 'VCPU' ? 'vcpu' : profile.instanceFleets ? 'weight' : 'instance';
  const lines: CostLine[] = [];
  for (const [i, p] of parts(profile).entries()) {
    // The master is never scaled: it is counted in instances (or fleet units of weight 1) whatever the unit.
    const line = priced(profile, p, i === 0 ? (profile.instanceFleets ? 'weight' : 'instance') : kind, billedSeconds, unknown);
    if (line) lines.push(line);
  }
  return { lines, unknown };
}

const groupOption = (instanceType: string, bid: number | null = null): Option => ({ instanceType, weight: 1, bid, bidPercent: null });
const fleetOptions = (f: FleetSettings): Option[] => f.instanceTypes.map((t) => ({ instanceType: t.instanceType, weight: t.weightedCapacity, bid: t.bidPrice, bidPercent: t.bidPricePercent }));

/** Master first, then core and task, split by market: as configured, or at managed scaling's maximum. */
function parts(profile: EmrProfile): Part[] {
  const f = profile.instanceFleets;
  const t = profile.task ?? null;
  const master: Part = f
    ? { role: 'master', market: f.master.targetSpotCapacity > 0 ? 'SPOT' : 'ON_DEMAND', units: 1, options: fleetOptions(f.master), fleet: true }
    : { role: 'master', market: 'ON_DEMAND', units: 1, options: [groupOption(profile.master.instanceType)], fleet: false };
  const coreOptions = f ? fleetOptions(f.core) : [groupOption(profile.core.instanceType)];
  const taskOptions = f ? (f.task ? fleetOptions(f.task) : []) : t ? [groupOption(t.instanceType, t.bidPrice)] : [];
  const part = (role: Role, market: Market, units: number): Part => ({ role, market, units, options: role === 'core' ? coreOptions : taskOptions, fleet: f !== null && f !== undefined });
  const u = profile.managedScaling ? unitsAtMaximum(profile) : configuredUnits(profile);
  return [
    master,
    part('core', 'ON_DEMAND', u.coreOnDemand),
    part('core', 'SPOT', u.coreSpot),
    part('task', 'ON_DEMAND', u.taskOnDemand),
    part('task', 'SPOT', u.taskSpot),
  ];
}

interface Units {
  readonly coreOnDemand: number;
  readonly coreSpot: number;
  readonly taskOnDemand: number;
  readonly taskSpot: number;
}

function configuredUnits(profile: EmrProfile): Units {
  const f = profile.instanceFleets;
  if (f) {
    return { coreOnDemand: f.core.targetOnDemandCapacity, coreSpot: f.core.targetSpotCapacity, taskOnDemand: f.task?.targetOnDemandCapacity ?? 0, taskSpot: f.task?.targetSpotCapacity ?? 0 };
  }
  const t = profile.task;
  return { coreOnDemand: profile.core.count, coreSpot: 0, taskOnDemand: t && t.market === 'ON_DEMAND' ? t.count : 0, taskSpot: t && t.market === 'SPOT' ? t.count : 0 };
}

/**
 * Core and task capacity grown to managed scaling's maximum: core up to its own limit, the rest task (when
 * there are task nodes to scale); On-Demand up to its limit, core first, the rest Spot. Instance groups keep
 * their market: an On-Demand group stops at the On-Demand limit.
 */
function unitsAtMaximum(profile: EmrProfile): Units {
  const m = profile.managedScaling!;
  const max = m.maximumCapacity;
  const onDemandLimit = m.maximumOnDemandCapacity ?? max;
  const hasTask = profile.instanceFleets ? profile.instanceFleets.task !== null : Boolean(profile.task);
  const core = Math.min(m.maximumCoreCapacity ?? max, max);
  const task = hasTask ? max - core : 0;
  const coreOnDemand = Math.min(core, onDemandLimit);
  const roomOnDemand = Math.max(0, onDemandLimit - coreOnDemand);
  if (profile.instanceFleets) {
    const taskOnDemand = Math.min(task, roomOnDemand);
    return { coreOnDemand, coreSpot: core - coreOnDemand, taskOnDemand, taskSpot: task - taskOnDemand };
  }
  const spotTask = profile.task?.market === 'SPOT';
  return { coreOnDemand, coreSpot: 0, taskOnDemand: spotTask ? 0 : Math.min(task, roomOnDemand), taskSpot: spotTask ? task : 0 };
}

/** USD per instance-hour (EC2 + EMR) of a type in a market, or null without a price. */
function hourly(profile: EmrProfile, o: Option, market: Market): number | null {
  const p = profile.prices[o.instanceType];
  if (!p) return null;
  if (market === 'ON_DEMAND') return p.ec2 + p.emr;
  // Without a bid, EMR caps Spot at the On-Demand price.
  const cap = o.bid ?? (o.bidPercent !== null ? (p.ec2 * o.bidPercent) / 100 : p.ec2);
  return Math.min(p.spot ?? p.ec2 * SPOT_SHARE, cap) + p.emr;
}

/** The dearest way to fill the part's units with one of its types (what a fleet may end up launching). */
function priced(profile: EmrProfile, p: Part, kind: UnitKind, billedSeconds: number, unknown: string[]): CostLine | null {
  if (p.units <= 0 || p.options.length === 0) return null;
  let best: CostLine | null = null;
  for (const o of p.options) {
    const per = kind === 'instance' ? 1 : kind === 'weight' ? o.weight : profile.prices[o.instanceType]?.vcpu;
    if (per === undefined) unknown.push(`${o.instanceType}.vcpu`);
    const count = Math.ceil(p.units / (per ?? 1));
    const perHour = per === undefined ? null : hourly(profile, o, p.market);
    const line: CostLine = {
      role: p.role,
      ...(p.market === 'SPOT' ? { market: 'SPOT' as const } : {}),
      ...(p.fleet ? { fleet: true } : {}),
      instanceType: o.instanceType,
      count,
      perHour,
      usd: perHour === null ? null : (perHour * count * billedSeconds) / 3600,
    };
    if (line.usd === null) return line;
    if (best === null || line.usd > best.usd!) best = line;
  }
  return best;
}
