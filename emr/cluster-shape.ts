// The cluster's shape in RunJobFlow: instance groups (master, core, task) or instance fleets, and the managed
// scaling policy; and the one line that says it in words (`--dry-run`, the run's first lines).
import type { InstanceFleetConfig, InstanceGroupConfig, ManagedScalingPolicy } from '@aws-sdk/client-emr';
import type { EmrProfile, FleetSettings } from './profile.ts';

export interface ClusterShapeRequest {
  readonly InstanceGroups?: InstanceGroupConfig[];
  readonly InstanceFleets?: InstanceFleetConfig[];
}

export function instanceShape(profile: EmrProfile): ClusterShapeRequest {
  const f = profile.instanceFleets;
  if (f) {
    const fleets = [fleetConfig('master', 'MASTER', f.master), fleetConfig('core', 'CORE', f.core)];
    if (f.task) fleets.push(fleetConfig('task', 'TASK', f.task));
    return { InstanceFleets: fleets };
  }
  const groups: InstanceGroupConfig[] = [
    { Name: 'master', InstanceRole: 'MASTER', Market: 'ON_DEMAND', InstanceType: profile.master.instanceType, InstanceCount: 1 },
  ];
  if (profile.core.count > 0) {
    groups.push({ Name: 'core', InstanceRole: 'CORE', Market: 'ON_DEMAND', InstanceType: profile.core.instanceType, InstanceCount: profile.core.count });
  }
  const t = profile.task;
  if (t) {
    // A Spot group without a bid is capped at the On-Demand price by EMR.
    const bid = t.market === 'SPOT' && t.bidPrice !== null ? { BidPrice: usdText(t.bidPrice) } : {};
    groups.push({ Name: 'task', InstanceRole: 'TASK', Market: t.market, InstanceType: t.instanceType, InstanceCount: t.count, ...bid });
  }
  return { InstanceGroups: groups };
}

function fleetConfig(name: string, type: 'MASTER' | 'CORE' | 'TASK', f: FleetSettings): InstanceFleetConfig {
  const spot = f.targetSpotCapacity > 0;
  return {
    Name: name,
    InstanceFleetType: type,
    TargetOnDemandCapacity: f.targetOnDemandCapacity,
    TargetSpotCapacity: f.targetSpotCapacity,
    InstanceTypeConfigs: f.instanceTypes.map((t) => ({
      InstanceType: t.instanceType,
      WeightedCapacity: t.weightedCapacity,
      ...(spot && t.bidPrice !== null ? { BidPrice: usdText(t.bidPrice) } : {}),
      ...(spot && t.bidPricePercent !== null ? { BidPriceAsPercentageOfOnDemandPrice: t.bidPricePercent } : {}),
    })),
    LaunchSpecifications: {
      ...(spot ? { SpotSpecification: { TimeoutDurationMinutes: f.spotTimeoutMinutes, TimeoutAction: f.spotTimeoutAction, AllocationStrategy: f.spotAllocationStrategy } } : {}),
      ...(f.targetOnDemandCapacity > 0 ? { OnDemandSpecification: { AllocationStrategy: f.onDemandAllocationStrategy } } : {}),
    },
  };
}

export function managedScalingPolicy(profile: EmrProfile): ManagedScalingPolicy | null {
  const m = profile.managedScaling;
  if (!m) return null;
  return {
    ComputeLimits: {
      UnitType: m.unit,
      MinimumCapacityUnits: m.minimumCapacity,
      MaximumCapacityUnits: m.maximumCapacity,
      ...(m.maximumOnDemandCapacity !== null ? { MaximumOnDemandCapacityUnits: m.maximumOnDemandCapacity } : {}),
      ...(m.maximumCoreCapacity !== null ? { MaximumCoreCapacityUnits: m.maximumCoreCapacity } : {}),
    },
  };
}

/** BidPrice is a string of USD in the API. */
function usdText(usd: number): string {
  return String(usd);
}

/**
 * The shape in one line: `cluster: master 1 x m5.xlarge, core 2 x m5.xlarge, task 4 x m5.xlarge (Spot);
 * managed scaling 3-10 Instances`.
 */
export function clusterShapeText(profile: EmrProfile): string {
  const f = profile.instanceFleets;
  const parts: string[] = [];
  if (f) {
    for (const [role, fleet] of [['master', f.master], ['core', f.core], ['task', f.task]] as const) {
      if (!fleet) continue;
      const types = fleet.instanceTypes.map((t) => (t.weightedCapacity === 1 ? t.instanceType : `${t.instanceType}=${t.weightedCapacity}`)).join('|');
      const cap = [fleet.targetOnDemandCapacity ? `${fleet.targetOnDemandCapacity} On-Demand` : '', fleet.targetSpotCapacity ? `${fleet.targetSpotCapacity} Spot` : ''].filter(Boolean).join(' + ');
      const spot = fleet.targetSpotCapacity ? `, Spot ${fleet.spotAllocationStrategy}, after ${fleet.spotTimeoutMinutes} min ${fleet.spotTimeoutAction}` : '';
      parts.push(`${role} fleet ${cap} unit(s) of ${types}${spot}`);
    }
  } else {
    parts.push(`master 1 x ${profile.master.instanceType}`);
    if (profile.core.count > 0) parts.push(`core ${profile.core.count} x ${profile.core.instanceType}`);
    const t = profile.task;
    if (t) parts.push(`task ${t.count} x ${t.instanceType}${t.market === 'SPOT' ? ` (Spot${t.bidPrice !== null ? `, bid $${t.bidPrice}/h` : ''})` : ''}`);
  }
  const m = profile.managedScaling;
  const scaling = m
    ? `; managed scaling ${m.minimumCapacity}-${m.maximumCapacity} ${m.unit}${m.maximumOnDemandCapacity !== null ? `, at most ${m.maximumOnDemandCapacity} On-Demand` : ''}${m.maximumCoreCapacity !== null ? `, at most ${m.maximumCoreCapacity} core` : ''}`
    : '';
  return `cluster: ${parts.join(', ')}${scaling}`;
}
