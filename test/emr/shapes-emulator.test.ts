// Cluster shapes through the real `emr-jobs submit` against moto over HTTP: task groups, instance fleets and
// managed scaling reach RunJobFlow, moto accepts it, and what moto keeps is read back. moto 5.2.5 keeps
// instance groups (ListInstanceGroups, with market and bid) but implements neither ListInstanceFleets nor
// GetManagedScalingPolicy: for those the test asserts that moto still lacks them and checks the RunJobFlow
// body the harness recorded. Steps are paused, so no engine runs; every cluster is terminated by the test.
import { writeFileSync } from 'node:fs';
import {
  DescribeClusterCommand, GetManagedScalingPolicyCommand, ListInstanceFleetsCommand, ListInstanceGroupsCommand, TerminateJobFlowsCommand,
} from '@aws-sdk/client-emr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runJobFlowInput } from '../../emr/cluster.ts';
import { loadProfile } from '../../emr/config.ts';
import { runCli } from './cli-process.ts';
import { compileBundle, writeTestConfig } from './emulator-fixtures.ts';
import {
  DUMMY_CREDENTIALS, activeClusters, clearRequests, createBucket, harnessAvailable, pauseSteps, resumeSteps, servedRequests, startHarness, type Harness,
} from './moto-harness.ts';

const BUCKET = 'emr-jobs-shapes';
const LOGS = 'jobs/data/apache_logs';

interface RunJobFlowBody {
  readonly Instances: { readonly InstanceGroups?: unknown[]; readonly InstanceFleets?: unknown[] };
  readonly ManagedScalingPolicy?: unknown;
}

describe.runIf(harnessAvailable())('cluster shapes on the moto emulator', () => {
  let h: Harness;
  let groupsConfig: string;
  let fleetsConfig: string;
  let bundle: string;

  beforeAll(async () => {
    Object.assign(process.env, DUMMY_CREDENTIALS);
    h = await startHarness();
    await createBucket(h, BUCKET);
    groupsConfig = writeTestConfig(h.endpoint, BUCKET);
    // The same profile with instance fleets and managed scaling in place of the groups.
    fleetsConfig = groupsConfig.replace(/\.json$/, '.fleets.json');
    const doc = JSON.parse((await import('node:fs')).readFileSync(groupsConfig, 'utf8'));
    const { master: _m, core: _c, ...rest } = doc.profiles.test;
    doc.profiles.test = {
      ...rest,
      instanceFleets: {
        master: { instanceTypes: ['m5.xlarge'], targetOnDemandCapacity: 1 },
        core: { instanceTypes: ['m5.xlarge', { instanceType: 'm5.2xlarge', weightedCapacity: 2 }], targetOnDemandCapacity: 2 },
        task: { instanceTypes: ['m5.xlarge', 'm5.2xlarge'], targetOnDemandCapacity: 2, spotAllocationStrategy: 'price-capacity-optimized', spotTimeoutAction: 'SWITCH_TO_ON_DEMAND' },
      },
      managedScaling: { unit: 'InstanceFleetUnits', minimumCapacity: 4, maximumCapacity: 12, maximumOnDemandCapacity: 4, maximumCoreCapacity: 4 },
    };
    doc.prices['m5.2xlarge'] = { ec2: 0.384, emr: 0.096 };
    writeFileSync(fleetsConfig, JSON.stringify(doc));
    bundle = compileBundle('spark');
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(async () => {
    await resumeSteps(h);
    expect(await activeClusters(h)).toEqual([]);
  });

  /** Submits detached with steps held, returns the cluster id and the RunJobFlow body moto was sent. */
  async function submitHeld(config: string, flags: string[]): Promise<{ clusterId: string; body: RunJobFlowBody; stderr: string }> {
    await pauseSteps(h);
    await clearRequests(h);
    const r = await runCli(['submit', '--bundle', bundle, '--emr', '--local', LOGS, '--detach', '--config', config, ...flags]);
    expect(r.code, r.stderr).toBe(0);
    const clusterId = /^cluster (j-[A-Z0-9]+)$/m.exec(r.stdout)![1];
    const sent = (await servedRequests(h)).filter((q) => q.action === 'RunJobFlow');
    expect(sent).toHaveLength(1);
    return { clusterId, body: sent[0].body as RunJobFlowBody, stderr: r.stderr };
  }

  it('task group on Spot and --max-capacity: moto keeps the groups; the scaling policy is checked in the request', async () => {
    const { clusterId, body, stderr } = await submitHeld(groupsConfig, ['--task-instances', '3', '--spot', '--max-capacity', '8']);
    try {
      // At the maximum, with no core limit, EMR may scale core nodes (On-Demand) to all 8: the dearest case is priced.
      expect(stderr).toContain('estimated cost: ~$0.54 for 15 min (1 x m5.xlarge (master @ $0.24/h) + 8 x m5.xlarge (core @ $0.24/h); managed scaling: priced at its maximum, 8 Instances;');
      const groups = (await h.emr.send(new ListInstanceGroupsCommand({ ClusterId: clusterId }))).InstanceGroups ?? [];
      const shown = groups.map((g) => [g.InstanceGroupType, g.Market, g.InstanceType, g.RequestedInstanceCount]).sort();
      expect(shown).toEqual([['CORE', 'ON_DEMAND', 'm5.xlarge', 1], ['MASTER', 'ON_DEMAND', 'm5.xlarge', 1], ['TASK', 'SPOT', 'm5.xlarge', 3]]);
      expect((await h.emr.send(new DescribeClusterCommand({ ClusterId: clusterId }))).Cluster?.Id).toBe(clusterId);
      await expect(h.emr.send(new GetManagedScalingPolicyCommand({ ClusterId: clusterId }))).rejects.toThrow();
      // Minimum: the configured core and task nodes (1 + 3); the maximum from the flag.
      expect(body.ManagedScalingPolicy).toEqual({ ComputeLimits: { UnitType: 'Instances', MinimumCapacityUnits: 4, MaximumCapacityUnits: 8 } });
    } finally {
      await h.emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
    }
  }, 120_000);

  it('instance fleets with managed scaling: accepted by moto, sent exactly as the profile says', async () => {
    const { clusterId, body, stderr } = await submitHeld(fleetsConfig, ['--spot']);
    try {
      expect((await h.emr.send(new DescribeClusterCommand({ ClusterId: clusterId }))).Cluster?.Status?.State).toMatch(/^(STARTING|RUNNING|WAITING)$/);
      // moto keeps no groups for a fleet cluster and does not implement ListInstanceFleets.
      expect((await h.emr.send(new ListInstanceGroupsCommand({ ClusterId: clusterId }))).InstanceGroups ?? []).toEqual([]);
      await expect(h.emr.send(new ListInstanceFleetsCommand({ ClusterId: clusterId }))).rejects.toThrow();
      const profile = loadProfile({ configFile: fleetsConfig, env: {}, overrides: { spot: true } });
      const expected = runJobFlowInput(profile, { job: 'x', planHash: 'x', runId: 'x', engines: ['spark'], steps: [] });
      expect(body.Instances.InstanceGroups).toBeUndefined();
      expect(body.Instances.InstanceFleets).toEqual(expected.Instances!.InstanceFleets);
      const task = (body.Instances.InstanceFleets as { InstanceFleetType: string; TargetSpotCapacity: number; TargetOnDemandCapacity: number; LaunchSpecifications: unknown }[])[2];
      expect(task).toMatchObject({ InstanceFleetType: 'TASK', TargetOnDemandCapacity: 0, TargetSpotCapacity: 2 });
      expect(task.LaunchSpecifications).toEqual({ SpotSpecification: { TimeoutDurationMinutes: 10, TimeoutAction: 'SWITCH_TO_ON_DEMAND', AllocationStrategy: 'price-capacity-optimized' } });
      expect(body.ManagedScalingPolicy).toEqual({ ComputeLimits: { UnitType: 'InstanceFleetUnits', MinimumCapacityUnits: 4, MaximumCapacityUnits: 12, MaximumOnDemandCapacityUnits: 4, MaximumCoreCapacityUnits: 4 } });
      expect(stderr).toContain('managed scaling: priced at its maximum, 12 InstanceFleetUnits');
    } finally {
      await h.emr.send(new TerminateJobFlowsCommand({ JobFlowIds: [clusterId] }));
    }
  }, 120_000);

  it('--dry-run shows the shape in one line on stderr and in the document, and the fleets in RunJobFlow', async () => {
    const r = await runCli(['submit', '--bundle', bundle, '--emr', '--local', LOGS, '--dry-run', '--config', fleetsConfig, '--endpoint', 'http://127.0.0.1:9']);
    expect(r.code, r.stderr).toBe(0);
    const line =
      'cluster: master fleet 1 On-Demand unit(s) of m5.xlarge, core fleet 2 On-Demand unit(s) of m5.xlarge|m5.2xlarge=2, task fleet 2 On-Demand unit(s) of m5.xlarge|m5.2xlarge; ' +
      'managed scaling 4-12 InstanceFleetUnits, at most 4 On-Demand, at most 4 core';
    expect(r.stderr.split('\n')).toContain(line);
    expect(r.stderr).toMatch(/^estimated cost: ~\$\d+\.\d\d for 15 min \(1 x m5\.xlarge \(master fleet/m);
    const doc = JSON.parse(r.stdout);
    expect(doc.cluster).toBe(line);
    expect(doc.cost.scaledTo).toEqual({ units: 12, unit: 'InstanceFleetUnits' });
    const run = doc.requests.find((q: { command: string }) => q.command === 'RunJobFlow').input;
    expect(run.Instances.InstanceFleets.map((f: { InstanceFleetType: string }) => f.InstanceFleetType)).toEqual(['MASTER', 'CORE', 'TASK']);
    expect(run.ManagedScalingPolicy.ComputeLimits.MaximumCapacityUnits).toBe(12);
  }, 120_000);

  it('a shape mistake on a flag is a usage error naming the flag, before anything is sent', async () => {
    await clearRequests(h);
    const r = await runCli(['submit', '--bundle', bundle, '--emr', '--local', LOGS, '--config', fleetsConfig, '--task-instances', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `usage error: --task-instances: sizes instance groups, but profile 'test': field 'instanceFleets' gives instance fleets (change the fleets' capacities in the profile, or use --spot / --max-capacity)`,
    );
    expect(await servedRequests(h)).toEqual([]);
  }, 60_000);
});
