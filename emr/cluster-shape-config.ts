// The cluster-shape fields of a profile: task instance groups, instance fleets and managed scaling limits,
// with their flags; every error names the file, the profile and the field (or the flag) and what was expected.
import { JobError } from '../plan/index.ts';
import * as F from './config-fields.ts';
import type { Origin } from './config-fields.ts';
import {
  ON_DEMAND_ALLOCATION_STRATEGIES,
  SCALING_UNITS,
  SPOT_ALLOCATION_STRATEGIES,
  SPOT_TIMEOUT_ACTIONS,
  type FleetInstanceType,
  type FleetSettings,
  type InstanceFleetsSettings,
  type InstanceGroupSettings,
  type ManagedScalingSettings,
  type Market,
  type ProfileOverrides,
  type TaskGroupSettings,
} from './profile.ts';

type Raw = Record<string, unknown>;
type At = (field: string) => Origin;

const TYPE_EXPECTED = 'an EC2 instance type like "m5.xlarge"';
/** Flags that size instance groups: they have no meaning for a profile of instance fleets. */
const GROUP_FLAGS: readonly [keyof ProfileOverrides, string][] = [
  ['instanceType', '--instance-type'], ['instanceCount', '--instance-count'], ['masterInstanceType', '--master-instance-type'],
  ['coreInstanceType', '--core-instance-type'], ['coreInstanceCount', '--core-instance-count'],
  ['taskInstanceCount', '--task-instances'], ['taskInstanceType', '--task-instance-type'],
];

function object(v: unknown, o: Origin, expected: string): Raw {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw F.fieldError(o, expected, v);
  return v as Raw;
}

function oneOf<T extends string>(v: unknown, o: Origin, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw F.fieldError(o, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`, v);
  return v as T;
}

function onlyKnown(g: Raw, known: readonly string[], at: At, field: string): void {
  for (const k of Object.keys(g)) if (!known.includes(k)) throw F.fieldError(at(`${field}.${k}`), `no such field (known: ${known.join(', ')})`, g[k]);
}

/** The task instance group: the profile's `task`, then --task-instances / --task-instance-type / --spot. */
export function taskGroup(raw: Raw, at: At, o: ProfileOverrides, core: InstanceGroupSettings): TaskGroupSettings | null {
  const given = raw.task === undefined ? null : object(raw.task, at('task'), '{ "instanceType": "...", "count": n, "market": "ON_DEMAND" | "SPOT" }');
  if (given) onlyKnown(given, ['instanceType', 'count', 'market', 'bidPrice'], at, 'task');
  const typeOrigin: Origin = o.taskInstanceType !== undefined ? { flag: '--task-instance-type' } : at('task.instanceType');
  const instanceType = F.str(o.taskInstanceType ?? given?.instanceType ?? core.instanceType, typeOrigin, F.INSTANCE_TYPE, TYPE_EXPECTED);
  const count =
    o.taskInstanceCount !== undefined ? F.num(o.taskInstanceCount, { flag: '--task-instances' }, 0, 256) : given ? F.num(given.count ?? 1, at('task.count'), 0, 256) : 0;
  const market: Market = o.spot !== undefined ? (o.spot ? 'SPOT' : 'ON_DEMAND') : oneOf(given?.market, at('task.market'), ['ON_DEMAND', 'SPOT'], 'ON_DEMAND');
  const bid = given?.bidPrice === undefined ? null : F.num(given.bidPrice, at('task.bidPrice'), 0.001, 1000, false);
  if (bid !== null && market !== 'SPOT' && o.spot === undefined) throw F.fieldError(at('task.bidPrice'), 'no bid price for an ON_DEMAND group (set "market": "SPOT")', given!.bidPrice);
  if (count === 0) {
    if (o.taskInstanceType !== undefined) throw new JobError('usage', `--task-instance-type: there is no task group to give it to (add --task-instances N, or a "task" group to the profile)`);
    if (o.spot !== undefined) throw new JobError('usage', `--${o.spot ? '' : 'no-'}spot: there are no task nodes to put on ${o.spot ? 'Spot' : 'demand'} (add --task-instances N, or a "task" group to the profile)`);
    return null;
  }
  return { instanceType, count, market, bidPrice: market === 'SPOT' ? bid : null };
}

/** `instanceFleets`: replaces master, core and task groups; the group flags are refused with it. */
export function instanceFleets(raw: Raw, at: At, o: ProfileOverrides): InstanceFleetsSettings | null {
  if (raw.instanceFleets === undefined) return null;
  for (const g of ['master', 'core', 'task']) {
    if (raw[g] !== undefined) throw F.fieldError(at(g), `no "${g}" instance group beside "instanceFleets" (a cluster has instance groups or instance fleets, not both)`, raw[g]);
  }
  for (const [key, flag] of GROUP_FLAGS) {
    if (o[key] !== undefined) throw new JobError('usage', `${flag}: sizes instance groups, but ${F.describeOrigin(at('instanceFleets'))} gives instance fleets (change the fleets' capacities in the profile, or use --spot / --max-capacity)`);
  }
  const f = object(raw.instanceFleets, at('instanceFleets'), '{ "master": {...}, "core": {...}, "task": {...} }');
  onlyKnown(f, ['master', 'core', 'task'], at, 'instanceFleets');
  const fleet = (role: 'master' | 'core' | 'task'): FleetSettings => parseFleet(f[role], role, at);
  const master = fleet('master');
  if (master.targetOnDemandCapacity + master.targetSpotCapacity !== 1 || master.instanceTypes.some((t) => t.weightedCapacity !== 1)) {
    throw F.fieldError(at('instanceFleets.master'), 'a master fleet of capacity 1 (targetOnDemandCapacity + targetSpotCapacity = 1, every weightedCapacity 1)', f.master);
  }
  const core = fleet('core');
  if (core.targetOnDemandCapacity + core.targetSpotCapacity < 1) throw F.fieldError(at('instanceFleets.core'), 'a core fleet of capacity 1 or more', f.core);
  let task = f.task === undefined ? null : fleet('task');
  if (o.spot !== undefined) {
    if (!task) throw new JobError('usage', `--${o.spot ? '' : 'no-'}spot: ${F.describeOrigin(at('instanceFleets'))} has no task fleet to put on ${o.spot ? 'Spot' : 'demand'}`);
    const total = task.targetOnDemandCapacity + task.targetSpotCapacity;
    task = { ...task, targetOnDemandCapacity: o.spot ? 0 : total, targetSpotCapacity: o.spot ? total : 0 };
  }
  if (task && task.targetOnDemandCapacity + task.targetSpotCapacity === 0) task = null;
  return { master, core, task };
}

const FLEET_FIELDS = ['instanceTypes', 'targetOnDemandCapacity', 'targetSpotCapacity', 'spotAllocationStrategy', 'spotTimeoutMinutes', 'spotTimeoutAction', 'onDemandAllocationStrategy'];

function parseFleet(v: unknown, role: string, at: At): FleetSettings {
  const field = `instanceFleets.${role}`;
  const g = object(v, at(field), '{ "instanceTypes": [...], "targetOnDemandCapacity": n, "targetSpotCapacity": n }');
  onlyKnown(g, FLEET_FIELDS, at, field);
  const types = g.instanceTypes;
  if (!Array.isArray(types) || types.length < 1 || types.length > 30) throw F.fieldError(at(`${field}.instanceTypes`), '1 to 30 instance types (names, or { "instanceType", "weightedCapacity", "bidPrice" } objects)', types);
  const instanceTypes = types.map((t, i) => fleetType(t, at, `${field}.instanceTypes[${i}]`));
  const seen = new Set<string>();
  for (const [i, t] of instanceTypes.entries()) {
    if (seen.has(t.instanceType)) throw F.fieldError(at(`${field}.instanceTypes[${i}]`), 'each instance type once in a fleet', t.instanceType);
    seen.add(t.instanceType);
  }
  return {
    instanceTypes,
    targetOnDemandCapacity: F.num(g.targetOnDemandCapacity ?? 0, at(`${field}.targetOnDemandCapacity`), 0, 10000),
    targetSpotCapacity: F.num(g.targetSpotCapacity ?? 0, at(`${field}.targetSpotCapacity`), 0, 10000),
    spotAllocationStrategy: oneOf(g.spotAllocationStrategy, at(`${field}.spotAllocationStrategy`), SPOT_ALLOCATION_STRATEGIES, 'price-capacity-optimized'),
    spotTimeoutMinutes: F.num(g.spotTimeoutMinutes ?? 10, at(`${field}.spotTimeoutMinutes`), 5, 1440),
    spotTimeoutAction: oneOf(g.spotTimeoutAction, at(`${field}.spotTimeoutAction`), SPOT_TIMEOUT_ACTIONS, 'SWITCH_TO_ON_DEMAND'),
    onDemandAllocationStrategy: oneOf(g.onDemandAllocationStrategy, at(`${field}.onDemandAllocationStrategy`), ON_DEMAND_ALLOCATION_STRATEGIES, 'lowest-price'),
  };
}

function fleetType(v: unknown, at: At, field: string): FleetInstanceType {
  if (typeof v === 'string') return { instanceType: F.str(v, at(field), F.INSTANCE_TYPE, TYPE_EXPECTED), weightedCapacity: 1, bidPrice: null, bidPricePercent: null };
  const t = object(v, at(field), `${TYPE_EXPECTED}, or { "instanceType": "...", "weightedCapacity": n }`);
  onlyKnown(t, ['instanceType', 'weightedCapacity', 'bidPrice', 'bidPricePercent'], at, field);
  if (t.bidPrice !== undefined && t.bidPricePercent !== undefined) throw F.fieldError(at(`${field}.bidPricePercent`), 'either bidPrice or bidPricePercent, not both', t.bidPricePercent);
  return {
    instanceType: F.str(t.instanceType, at(`${field}.instanceType`), F.INSTANCE_TYPE, TYPE_EXPECTED),
    weightedCapacity: F.num(t.weightedCapacity ?? 1, at(`${field}.weightedCapacity`), 1, 1000),
    bidPrice: t.bidPrice === undefined ? null : F.num(t.bidPrice, at(`${field}.bidPrice`), 0.001, 1000, false),
    bidPricePercent: t.bidPricePercent === undefined ? null : F.num(t.bidPricePercent, at(`${field}.bidPricePercent`), 1, 1000, false),
  };
}

/** Core and task capacity as configured, in the unit managed scaling counts for this shape. */
function configuredCapacity(core: InstanceGroupSettings, task: TaskGroupSettings | null, fleets: InstanceFleetsSettings | null): number {
  if (fleets) return [fleets.core, fleets.task].reduce((s, f) => s + (f ? f.targetOnDemandCapacity + f.targetSpotCapacity : 0), 0);
  return core.count + (task?.count ?? 0);
}

/** `managedScaling`, or --max-capacity alone (from the configured size up to N, in Instances or fleet units). */
export function managedScaling(raw: Raw, at: At, o: ProfileOverrides, core: InstanceGroupSettings, task: TaskGroupSettings | null, fleets: InstanceFleetsSettings | null): ManagedScalingSettings | null {
  const maxFlag: Origin = { flag: '--max-capacity' };
  const maxOver = o.maxCapacity === undefined ? undefined : F.num(o.maxCapacity, maxFlag, 1, 100000);
  if (raw.managedScaling === undefined) {
    if (maxOver === undefined) return null;
    const minimumCapacity = Math.max(1, configuredCapacity(core, task, fleets));
    if (maxOver < minimumCapacity) throw F.fieldError(maxFlag, `at least the configured core and task capacity, ${minimumCapacity} (the managed scaling minimum)`, maxOver);
    return { unit: fleets ? 'InstanceFleetUnits' : 'Instances', minimumCapacity, maximumCapacity: maxOver, maximumOnDemandCapacity: null, maximumCoreCapacity: null };
  }
  const m = object(raw.managedScaling, at('managedScaling'), '{ "unit": "Instances" | "InstanceFleetUnits" | "VCPU", "minimumCapacity": n, "maximumCapacity": n }');
  onlyKnown(m, ['unit', 'minimumCapacity', 'maximumCapacity', 'maximumOnDemandCapacity', 'maximumCoreCapacity'], at, 'managedScaling');
  const unit = F.str(m.unit, at('managedScaling.unit'), /^(Instances|InstanceFleetUnits|VCPU)$/, `one of ${SCALING_UNITS.map((u) => `"${u}"`).join(', ')}`) as ManagedScalingSettings['unit'];
  if (fleets && unit === 'Instances') throw F.fieldError(at('managedScaling.unit'), '"InstanceFleetUnits" or "VCPU" for a cluster of instance fleets', unit);
  if (!fleets && unit === 'InstanceFleetUnits') throw F.fieldError(at('managedScaling.unit'), '"Instances" or "VCPU" for a cluster of instance groups (InstanceFleetUnits needs "instanceFleets")', unit);
  const minimumCapacity = F.num(m.minimumCapacity, at('managedScaling.minimumCapacity'), 1, 100000);
  const maxOrigin = maxOver !== undefined ? maxFlag : at('managedScaling.maximumCapacity');
  const maximumCapacity = F.num(maxOver ?? m.maximumCapacity, maxOrigin, minimumCapacity, 100000);
  const upTo = (f: string): number | null => (m[f] === undefined ? null : F.num(m[f], at(`managedScaling.${f}`), 0, 100000));
  const maximumOnDemandCapacity = upTo('maximumOnDemandCapacity');
  const maximumCoreCapacity = upTo('maximumCoreCapacity');
  for (const [f, v] of [['maximumOnDemandCapacity', maximumOnDemandCapacity], ['maximumCoreCapacity', maximumCoreCapacity]] as const) {
    if (v !== null && v > maximumCapacity) throw F.fieldError(at(`managedScaling.${f}`), `at most maximumCapacity (${maximumCapacity}${maxOver !== undefined ? ', from --max-capacity' : ''})`, v);
  }
  if (maximumCoreCapacity === 0) throw F.fieldError(at('managedScaling.maximumCoreCapacity'), 'at least 1 (a cluster keeps its core nodes)', 0);
  return { unit, minimumCapacity, maximumCapacity, maximumOnDemandCapacity, maximumCoreCapacity };
}

/** What `master` and `core` stand for in a profile of fleets: each fleet's first type and its capacity. */
export function fleetGroups(f: InstanceFleetsSettings): { master: InstanceGroupSettings; core: InstanceGroupSettings } {
  return {
    master: { instanceType: f.master.instanceTypes[0].instanceType, count: 1 },
    core: { instanceType: f.core.instanceTypes[0].instanceType, count: f.core.targetOnDemandCapacity + f.core.targetSpotCapacity },
  };
}
