// Cluster shapes: task instance groups, instance fleets and managed scaling, from the profile and the flags,
// validated with errors that name file, profile and field (or flag), built into RunJobFlow, and priced.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJobFlowInput } from '../../emr/cluster.ts';
import { clusterShapeText } from '../../emr/cluster-shape.ts';
import { loadProfile } from '../../emr/config.ts';
import { costText, estimateCost } from '../../emr/cost.ts';
import type { ProfileOverrides } from '../../emr/profile.ts';
import { SPOT_SHARE } from '../../emr/shape-cost.ts';
import { errorOf } from '../harness/job-error-of.ts';

const noEnv = {} as NodeJS.ProcessEnv;
const PRICES = {
  'm5.xlarge': { ec2: 0.192, emr: 0.048, vcpu: 4 },
  'm5a.xlarge': { ec2: 0.172, emr: 0.043 },
  'r5.2xlarge': { ec2: 0.504, emr: 0.126, spot: 0.15 },
};
const base = { region: 'us-east-1', bucket: 'my-bucket', serviceRole: 'EMR_DefaultRole', jobFlowRole: 'EMR_EC2_DefaultRole', releaseLabel: 'emr-7.5.0', expectedMinutes: 60 };
const groups = { ...base, master: { instanceType: 'm5.xlarge' }, core: { instanceType: 'm5.xlarge', count: 2 } };
const fleets = {
  ...base,
  instanceFleets: {
    master: { instanceTypes: ['m5.xlarge', 'm5a.xlarge'], targetOnDemandCapacity: 1 },
    core: { instanceTypes: ['m5.xlarge', { instanceType: 'r5.2xlarge', weightedCapacity: 2 }], targetOnDemandCapacity: 4 },
    task: {
      instanceTypes: [{ instanceType: 'm5.xlarge', bidPricePercent: 80 }, 'm5a.xlarge'],
      targetSpotCapacity: 6,
      spotAllocationStrategy: 'capacity-optimized',
      spotTimeoutMinutes: 15,
      spotTimeoutAction: 'TERMINATE_CLUSTER',
    },
  },
};

let dir: string | null = null;
function profileOf(fields: Record<string, unknown>, overrides: ProfileOverrides = {}) {
  dir ??= mkdtempSync(path.join(tmpdir(), 'emr-jobs-shapes-'));
  const file = path.join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ prices: PRICES, profiles: { dev: fields } }));
  return { file, profile: loadProfile({ configFile: file, env: noEnv, overrides }) };
}
const load = (fields: Record<string, unknown>, overrides: ProfileOverrides = {}) => profileOf(fields, overrides).profile;
const message = (fields: Record<string, unknown>, overrides: ProfileOverrides = {}) => errorOf(() => load(fields, overrides)).message;
const request = (p: ReturnType<typeof load>) => runJobFlowInput(p, { job: 'j', planHash: 'h', runId: 'r1', engines: ['spark'], steps: [] });

describe('task instance groups', () => {
  it('none by default; a "task" group takes core\'s type, one instance and On-Demand unless it says otherwise', () => {
    expect(load(groups).task).toBeNull();
    expect(load({ ...groups, task: {} }).task).toEqual({ instanceType: 'm5.xlarge', count: 1, market: 'ON_DEMAND', bidPrice: null });
    expect(load({ ...groups, task: { instanceType: 'r5.2xlarge', count: 4, market: 'SPOT', bidPrice: 0.3 } }).task).toEqual({ instanceType: 'r5.2xlarge', count: 4, market: 'SPOT', bidPrice: 0.3 });
  });

  it('flags size it, pick its type and market, and remove it with 0', () => {
    expect(load(groups, { taskInstanceCount: 3, spot: true }).task).toEqual({ instanceType: 'm5.xlarge', count: 3, market: 'SPOT', bidPrice: null });
    expect(load(groups, { taskInstanceCount: 2, taskInstanceType: 'm5a.xlarge' }).task).toMatchObject({ instanceType: 'm5a.xlarge', count: 2, market: 'ON_DEMAND' });
    const spot = { ...groups, task: { count: 4, market: 'SPOT', bidPrice: 0.1 } };
    expect(load(spot, { spot: false }).task).toEqual({ instanceType: 'm5.xlarge', count: 4, market: 'ON_DEMAND', bidPrice: null });
    expect(load(spot, { taskInstanceCount: 0 }).task).toBeNull();
  });

  it('mistakes name the field or the flag', () => {
    expect(message({ ...groups, task: { count: 2, bidPrice: 0.1 } })).toBe(`profile 'dev': field 'task.bidPrice': expected no bid price for an ON_DEMAND group (set "market": "SPOT"), got 0.1`);
    expect(message({ ...groups, task: { market: 'spot' } })).toBe(`profile 'dev': field 'task.market': expected one of "ON_DEMAND", "SPOT", got "spot"`);
    expect(message({ ...groups, task: { count: 300 } })).toBe(`profile 'dev': field 'task.count': expected a whole number from 0 to 256, got 300`);
    expect(message({ ...groups, task: { size: 2 } })).toBe(`profile 'dev': field 'task.size': expected no such field (known: instanceType, count, market, bidPrice), got 2`);
    expect(message(groups, { taskInstanceType: 'big' })).toBe('--task-instance-type: expected an EC2 instance type like "m5.xlarge", got "big"');
    expect(message(groups, { taskInstanceType: 'm5a.xlarge' })).toBe('--task-instance-type: there is no task group to give it to (add --task-instances N, or a "task" group to the profile)');
    expect(message(groups, { spot: true })).toBe('--spot: there are no task nodes to put on Spot (add --task-instances N, or a "task" group to the profile)');
  });

  it('become a TASK group in RunJobFlow, with the bid as a string of USD', () => {
    const p = load({ ...groups, task: { instanceType: 'm5a.xlarge', count: 4, market: 'SPOT', bidPrice: 0.12 } });
    expect(request(p).Instances?.InstanceGroups).toEqual([
      { Name: 'master', InstanceRole: 'MASTER', Market: 'ON_DEMAND', InstanceType: 'm5.xlarge', InstanceCount: 1 },
      { Name: 'core', InstanceRole: 'CORE', Market: 'ON_DEMAND', InstanceType: 'm5.xlarge', InstanceCount: 2 },
      { Name: 'task', InstanceRole: 'TASK', Market: 'SPOT', InstanceType: 'm5a.xlarge', InstanceCount: 4, BidPrice: '0.12' },
    ]);
    expect(request(p).Instances?.InstanceFleets).toBeUndefined();
    expect(clusterShapeText(p)).toBe('cluster: master 1 x m5.xlarge, core 2 x m5.xlarge, task 4 x m5a.xlarge (Spot, bid $0.12/h)');
  });
});

describe('instance fleets', () => {
  it('are read with their defaults and stand in for master and core', () => {
    const p = load(fleets);
    expect(p.instanceFleets?.core).toEqual({
      instanceTypes: [
        { instanceType: 'm5.xlarge', weightedCapacity: 1, bidPrice: null, bidPricePercent: null },
        { instanceType: 'r5.2xlarge', weightedCapacity: 2, bidPrice: null, bidPricePercent: null },
      ],
      targetOnDemandCapacity: 4,
      targetSpotCapacity: 0,
      spotAllocationStrategy: 'price-capacity-optimized',
      spotTimeoutMinutes: 10,
      spotTimeoutAction: 'SWITCH_TO_ON_DEMAND',
      onDemandAllocationStrategy: 'lowest-price',
    });
    expect(p.master).toEqual({ instanceType: 'm5.xlarge', count: 1 });
    expect(p.task).toBeNull();
  });

  it('become InstanceFleets with Spot and On-Demand launch specifications, and no InstanceGroups', () => {
    const input = request(load(fleets));
    expect(input.Instances?.InstanceGroups).toBeUndefined();
    const [master, core, task] = input.Instances!.InstanceFleets!;
    expect(master).toMatchObject({ InstanceFleetType: 'MASTER', TargetOnDemandCapacity: 1, TargetSpotCapacity: 0, LaunchSpecifications: { OnDemandSpecification: { AllocationStrategy: 'lowest-price' } } });
    expect(core.InstanceTypeConfigs).toEqual([{ InstanceType: 'm5.xlarge', WeightedCapacity: 1 }, { InstanceType: 'r5.2xlarge', WeightedCapacity: 2 }]);
    expect(task).toEqual({
      Name: 'task',
      InstanceFleetType: 'TASK',
      TargetOnDemandCapacity: 0,
      TargetSpotCapacity: 6,
      InstanceTypeConfigs: [{ InstanceType: 'm5.xlarge', WeightedCapacity: 1, BidPriceAsPercentageOfOnDemandPrice: 80 }, { InstanceType: 'm5a.xlarge', WeightedCapacity: 1 }],
      LaunchSpecifications: { SpotSpecification: { TimeoutDurationMinutes: 15, TimeoutAction: 'TERMINATE_CLUSTER', AllocationStrategy: 'capacity-optimized' } },
    });
  });

  it('--spot and --no-spot move the task fleet\'s capacity', () => {
    const od = load(fleets, { spot: false }).instanceFleets!.task!;
    expect([od.targetOnDemandCapacity, od.targetSpotCapacity]).toEqual([6, 0]);
    expect(request(load(fleets, { spot: false })).Instances!.InstanceFleets![2].LaunchSpecifications).toEqual({ OnDemandSpecification: { AllocationStrategy: 'lowest-price' } });
    const { task: _t, ...noTask } = fleets.instanceFleets;
    expect(message({ ...base, instanceFleets: noTask }, { spot: true })).toBe(`--spot: profile 'dev': field 'instanceFleets' has no task fleet to put on Spot`);
  });

  it('are refused beside instance groups and with the flags that size groups', () => {
    expect(message({ ...fleets, core: { count: 2 } })).toBe(`profile 'dev': field 'core': expected no "core" instance group beside "instanceFleets" (a cluster has instance groups or instance fleets, not both), got {"count":2}`);
    expect(message(fleets, { taskInstanceCount: 2 })).toMatch(/^--task-instances: sizes instance groups, but profile 'dev': field 'instanceFleets' gives instance fleets/);
    expect(message(fleets, { instanceType: 'm5.xlarge' })).toMatch(/^--instance-type: sizes instance groups/);
  });

  it('mistakes name the fleet field', () => {
    const f = fleets.instanceFleets;
    const withFleet = (role: string, fleet: unknown) => ({ ...base, instanceFleets: { ...f, [role]: fleet } });
    expect(message(withFleet('master', { ...f.master, targetSpotCapacity: 1 }))).toMatch(/^profile 'dev': field 'instanceFleets\.master': expected a master fleet of capacity 1/);
    expect(message(withFleet('core', { ...f.core, targetOnDemandCapacity: 0 }))).toMatch(/^profile 'dev': field 'instanceFleets\.core': expected a core fleet of capacity 1 or more/);
    expect(message(withFleet('task', { ...f.task, spotAllocationStrategy: 'diversified' }))).toBe(
      `profile 'dev': field 'instanceFleets.task.spotAllocationStrategy': expected one of "capacity-optimized", "price-capacity-optimized", "lowest-price", got "diversified"`,
    );
    expect(message(withFleet('task', { ...f.task, spotTimeoutAction: 'WAIT' }))).toBe(`profile 'dev': field 'instanceFleets.task.spotTimeoutAction': expected one of "SWITCH_TO_ON_DEMAND", "TERMINATE_CLUSTER", got "WAIT"`);
    expect(message(withFleet('task', { ...f.task, spotTimeoutMinutes: 2 }))).toBe(`profile 'dev': field 'instanceFleets.task.spotTimeoutMinutes': expected a whole number from 5 to 1440, got 2`);
    expect(message(withFleet('core', { ...f.core, onDemandAllocationStrategy: 'capacity-optimized' }))).toMatch(/field 'instanceFleets\.core\.onDemandAllocationStrategy': expected one of "lowest-price", "prioritized"/);
    expect(message(withFleet('core', { ...f.core, instanceTypes: ['m5.xlarge', 'm5.xlarge'] }))).toBe(`profile 'dev': field 'instanceFleets.core.instanceTypes[1]': expected each instance type once in a fleet, got "m5.xlarge"`);
    expect(message(withFleet('core', { ...f.core, instanceTypes: [] }))).toMatch(/field 'instanceFleets\.core\.instanceTypes': expected 1 to 30 instance types/);
    expect(message(withFleet('task', { ...f.task, instanceTypes: [{ instanceType: 'm5.xlarge', bidPrice: 0.1, bidPricePercent: 50 }] }))).toBe(
      `profile 'dev': field 'instanceFleets.task.instanceTypes[0].bidPricePercent': expected either bidPrice or bidPricePercent, not both, got 50`,
    );
    expect(message({ ...base, instanceFleets: { ...f, spare: {} } })).toMatch(/field 'instanceFleets\.spare': expected no such field \(known: master, core, task\)/);
  });
});

describe('managed scaling', () => {
  it('units must match instance groups or fleets', () => {
    expect(message({ ...groups, managedScaling: { unit: 'InstanceFleetUnits', minimumCapacity: 2, maximumCapacity: 8 } })).toBe(
      `profile 'dev': field 'managedScaling.unit': expected "Instances" or "VCPU" for a cluster of instance groups (InstanceFleetUnits needs "instanceFleets"), got "InstanceFleetUnits"`,
    );
    expect(message({ ...fleets, managedScaling: { unit: 'Instances', minimumCapacity: 2, maximumCapacity: 8 } })).toBe(
      `profile 'dev': field 'managedScaling.unit': expected "InstanceFleetUnits" or "VCPU" for a cluster of instance fleets, got "Instances"`,
    );
    expect(message({ ...groups, managedScaling: { unit: 'Nodes', minimumCapacity: 2, maximumCapacity: 8 } })).toMatch(/field 'managedScaling\.unit': expected one of "Instances", "InstanceFleetUnits", "VCPU"/);
  });

  it('minimum <= maximum, and the On-Demand and core limits at most the maximum', () => {
    const ms = (m: Record<string, unknown>) => ({ ...groups, managedScaling: { unit: 'Instances', minimumCapacity: 2, maximumCapacity: 8, ...m } });
    expect(message(ms({ minimumCapacity: 9 }))).toBe(`profile 'dev': field 'managedScaling.maximumCapacity': expected a whole number from 9 to 100000, got 8`);
    expect(message(ms({ maximumOnDemandCapacity: 9 }))).toBe(`profile 'dev': field 'managedScaling.maximumOnDemandCapacity': expected at most maximumCapacity (8), got 9`);
    expect(message(ms({ maximumCoreCapacity: 0 }))).toBe(`profile 'dev': field 'managedScaling.maximumCoreCapacity': expected at least 1 (a cluster keeps its core nodes), got 0`);
    expect(message(ms({}), { maxCapacity: 1 })).toBe('--max-capacity: expected a whole number from 2 to 100000, got 1');
    expect(message(ms({ maximumCoreCapacity: 6 }), { maxCapacity: 4 })).toBe(`profile 'dev': field 'managedScaling.maximumCoreCapacity': expected at most maximumCapacity (4, from --max-capacity), got 6`);
  });

  it('becomes ManagedScalingPolicy; --max-capacity alone turns it on from the configured size', () => {
    const p = load({ ...groups, managedScaling: { unit: 'Instances', minimumCapacity: 2, maximumCapacity: 8, maximumOnDemandCapacity: 4, maximumCoreCapacity: 3 } });
    expect(request(p).ManagedScalingPolicy).toEqual({ ComputeLimits: { UnitType: 'Instances', MinimumCapacityUnits: 2, MaximumCapacityUnits: 8, MaximumOnDemandCapacityUnits: 4, MaximumCoreCapacityUnits: 3 } });
    expect(request(load(groups)).ManagedScalingPolicy).toBeUndefined();
    expect(load(groups, { taskInstanceCount: 2, maxCapacity: 10 }).managedScaling).toEqual({ unit: 'Instances', minimumCapacity: 4, maximumCapacity: 10, maximumOnDemandCapacity: null, maximumCoreCapacity: null });
    expect(load(fleets, { maxCapacity: 20 }).managedScaling).toMatchObject({ unit: 'InstanceFleetUnits', minimumCapacity: 10, maximumCapacity: 20 });
    expect(message(groups, { maxCapacity: 1 })).toBe('--max-capacity: expected at least the configured core and task capacity, 2 (the managed scaling minimum), got 1');
    expect(clusterShapeText(p)).toBe('cluster: master 1 x m5.xlarge, core 2 x m5.xlarge; managed scaling 2-8 Instances, at most 4 On-Demand, at most 3 core');
  });
});

describe('the cost estimate of a shape', () => {
  const odHour = 0.192 + 0.048;
  const spotHour = 0.192 * SPOT_SHARE + 0.048;

  it('counts task nodes, On-Demand and Spot (at the documented share of the On-Demand EC2 price)', () => {
    expect(estimateCost(load({ ...groups, task: { count: 4 } })).totalUsd).toBeCloseTo(7 * odHour, 10);
    const spot = load({ ...groups, task: { count: 4, market: 'SPOT' } });
    const e = estimateCost(spot);
    expect(e.totalUsd).toBeCloseTo(3 * odHour + 4 * spotHour, 10);
    expect(e.lines.at(-1)).toMatchObject({ role: 'task', market: 'SPOT', count: 4 });
    expect(costText(e, spot)).toContain(`4 x m5.xlarge (task, Spot @ $0.14/h); Spot at the "spot" price, else 50% of the On-Demand EC2 price; per-second billing`);
  });

  it('takes the profile\'s Spot price, and never more than the bid', () => {
    const r5 = { ...groups, task: { instanceType: 'r5.2xlarge', count: 2, market: 'SPOT' } };
    expect(estimateCost(load(r5)).lines.at(-1)!.perHour).toBeCloseTo(0.15 + 0.126, 10);
    expect(estimateCost(load({ ...r5, task: { ...r5.task, bidPrice: 0.1 } })).lines.at(-1)!.perHour).toBeCloseTo(0.1 + 0.126, 10);
  });

  it('prices a fleet at its dearest way to fill the capacity (whole instances of one type)', () => {
    const p = load(fleets);
    const e = estimateCost(p);
    // core: 4 units as 4 m5.xlarge ($0.96/h) or 2 r5.2xlarge ($1.26/h); task: 6 Spot units, m5.xlarge capped at 80% of On-Demand EC2.
    expect(e.lines).toEqual([
      { role: 'master', fleet: true, instanceType: 'm5.xlarge', count: 1, perHour: odHour, usd: odHour },
      { role: 'core', fleet: true, instanceType: 'r5.2xlarge', count: 2, perHour: 0.63, usd: 1.26 },
      { role: 'task', market: 'SPOT', fleet: true, instanceType: 'm5.xlarge', count: 6, perHour: spotHour, usd: 6 * spotHour },
    ]);
    expect(costText(e, p)).toContain('a fleet at its dearest instance type');
  });

  it('with managed scaling, prices core and task at the maximum and says so', () => {
    const p = load({ ...groups, task: { count: 1, market: 'SPOT' }, managedScaling: { unit: 'Instances', minimumCapacity: 3, maximumCapacity: 10, maximumCoreCapacity: 4 } });
    const e = estimateCost(p);
    expect(e.lines.map((l) => [l.role, l.market ?? 'ON_DEMAND', l.count])).toEqual([['master', 'ON_DEMAND', 1], ['core', 'ON_DEMAND', 4], ['task', 'SPOT', 6]]);
    expect(e.totalUsd).toBeCloseTo(5 * odHour + 6 * spotHour, 10);
    expect(e.scaledTo).toEqual({ units: 10, unit: 'Instances' });
    expect(costText(e, p)).toContain('managed scaling: priced at its maximum, 10 Instances');
    // The On-Demand limit stops an On-Demand task group; a fleet puts the rest on Spot.
    const odTask = load({ ...groups, task: { count: 1 }, managedScaling: { unit: 'Instances', minimumCapacity: 3, maximumCapacity: 10, maximumCoreCapacity: 4, maximumOnDemandCapacity: 6 } });
    expect(estimateCost(odTask).lines.map((l) => l.count)).toEqual([1, 4, 2]);
    // Core 8 units (6 On-Demand: 3 r5.2xlarge beat 6 m5.xlarge; 2 Spot: 2 m5.xlarge at $0.144 beat 1 r5.2xlarge at $0.276), task 4 Spot.
    const fl = load({ ...fleets, managedScaling: { unit: 'InstanceFleetUnits', minimumCapacity: 4, maximumCapacity: 12, maximumOnDemandCapacity: 6, maximumCoreCapacity: 8 } });
    expect(estimateCost(fl).lines.map((l) => [l.role, l.market ?? 'ON_DEMAND', l.instanceType, l.count])).toEqual([
      ['master', 'ON_DEMAND', 'm5.xlarge', 1], ['core', 'ON_DEMAND', 'r5.2xlarge', 3], ['core', 'SPOT', 'm5.xlarge', 2], ['task', 'SPOT', 'm5.xlarge', 4],
    ]);
  });

  it('in VCPU units, needs each scaled type\'s vcpu from "prices"', () => {
    const v = load({ ...groups, managedScaling: { unit: 'VCPU', minimumCapacity: 8, maximumCapacity: 32 } });
    expect(estimateCost(v).lines.map((l) => l.count)).toEqual([1, 8]);
    const { file, profile } = profileOf({ ...groups, core: { instanceType: 'm5a.xlarge', count: 2 }, managedScaling: { unit: 'VCPU', minimumCapacity: 8, maximumCapacity: 32 } });
    const e = estimateCost(profile);
    expect(e.totalUsd).toBeNull();
    expect(costText(e, profile)).toContain(`unknown: no price for m5a.xlarge.vcpu in "prices" of ${file}`);
  });
});
