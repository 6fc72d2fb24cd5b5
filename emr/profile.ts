// The settings of one EMR submission, after the config file's profile and the command-line flags are merged.

export interface InstanceGroupSettings {
  readonly instanceType: string;
  readonly count: number;
}

/** On-demand USD per instance-hour: the EC2 price plus the EMR uplift for that type. */
export interface InstancePrice {
  readonly ec2: number;
  readonly emr: number;
  /** EC2 Spot USD per hour, when known; else the estimate assumes a fixed fraction of `ec2` (emr/cost.ts). */
  readonly spot?: number;
  /** vCPUs of the type, for managed scaling limits in VCPU units. */
  readonly vcpu?: number;
}

export type Market = 'ON_DEMAND' | 'SPOT';

/** A task instance group: nodes that run tasks but hold no HDFS data, so Spot is safe for them. */
export interface TaskGroupSettings extends InstanceGroupSettings {
  readonly market: Market;
  /** Spot only: the most to pay, USD per hour; null caps it at the On-Demand price. */
  readonly bidPrice: number | null;
}

export interface FleetInstanceType {
  readonly instanceType: string;
  /** Units of the fleet's target capacity one instance of this type counts for. */
  readonly weightedCapacity: number;
  /** Spot bid in USD per hour, or as a percentage of the On-Demand price (at most one is set). */
  readonly bidPrice: number | null;
  readonly bidPricePercent: number | null;
}

export const SPOT_ALLOCATION_STRATEGIES = ['capacity-optimized', 'price-capacity-optimized', 'lowest-price'] as const;
export const SPOT_TIMEOUT_ACTIONS = ['SWITCH_TO_ON_DEMAND', 'TERMINATE_CLUSTER'] as const;
export const ON_DEMAND_ALLOCATION_STRATEGIES = ['lowest-price', 'prioritized'] as const;

export interface FleetSettings {
  readonly instanceTypes: readonly FleetInstanceType[];
  readonly targetOnDemandCapacity: number;
  readonly targetSpotCapacity: number;
  readonly spotAllocationStrategy: (typeof SPOT_ALLOCATION_STRATEGIES)[number];
  /** How long EMR waits for Spot capacity at launch, then takes `spotTimeoutAction`. */
  readonly spotTimeoutMinutes: number;
  readonly spotTimeoutAction: (typeof SPOT_TIMEOUT_ACTIONS)[number];
  readonly onDemandAllocationStrategy: (typeof ON_DEMAND_ALLOCATION_STRATEGIES)[number];
}

/** Instance fleets instead of instance groups: several types per role, On-Demand and Spot capacity. */
export interface InstanceFleetsSettings {
  readonly master: FleetSettings;
  readonly core: FleetSettings;
  readonly task: FleetSettings | null;
}

export const SCALING_UNITS = ['Instances', 'InstanceFleetUnits', 'VCPU'] as const;

/** EMR managed scaling limits (ComputeLimits); they bound core and task nodes, never the master. */
export interface ManagedScalingSettings {
  readonly unit: (typeof SCALING_UNITS)[number];
  readonly minimumCapacity: number;
  readonly maximumCapacity: number;
  readonly maximumOnDemandCapacity: number | null;
  readonly maximumCoreCapacity: number | null;
}

/**
 * Where `emr-jobs warehouse load` runs its statements through the Redshift Data API: a provisioned
 * cluster (with a Secrets Manager secret or a database user) or a Serverless workgroup (with a secret or
 * the caller's IAM identity), a database, and the role COPY assumes to read the run's S3 outputs.
 */
export interface WarehouseSettings {
  readonly iamRole: string;
  readonly clusterIdentifier: string | null;
  readonly workgroupName: string | null;
  readonly database: string;
  readonly secretArn: string | null;
  readonly dbUser: string | null;
}

/** One EMR Serverless worker: what the driver or each executor is sized (and billed) as. */
export interface ServerlessWorker {
  readonly vcpu: number;
  readonly memoryGb: number;
}

/** USD per vCPU-hour and per GB-hour of worker memory (EMR Serverless bills both, per second, 1 min minimum). */
export interface ServerlessPrices {
  readonly vcpuHour: number;
  readonly gbHour: number;
}

/** Where an EMR Serverless job run goes: an existing application, or one created (and deleted) for the run. */
export type ServerlessApplication =
  | { readonly kind: 'existing'; readonly applicationId: string }
  | { readonly kind: 'new'; readonly releaseLabel: string };

export interface ServerlessSettings {
  readonly application: ServerlessApplication;
  /** IAM role the job run assumes (reads inputs, writes outputs and logs). */
  readonly executionRoleArn: string;
  /** s3:// folder the job run's logs go to (applications/<id>/jobs/<run>/SPARK_DRIVER/…). */
  readonly logUri: string;
  readonly driver: ServerlessWorker;
  readonly executor: ServerlessWorker;
  /** Dynamic allocation's upper bound; the cost estimate counts this many executors for the whole run. */
  readonly maxExecutors: number;
  /** A pipeline's job runs at a time (stages whose dependencies are done start together, up to this many). */
  readonly maxConcurrentJobRuns: number;
  readonly prices: ServerlessPrices;
}

/** The settings an EMR Serverless submission reads: the profile's common ones and its "serverless" object. */
export type ServerlessProfile = Pick<
  EmrProfile,
  'name' | 'configFile' | 'region' | 'bucket' | 'prefix' | 'tags' | 'expectedMinutes' | 'expectedMinutesGiven' | 'pollSeconds' | 'maxPollSeconds' | 'retryGraceSeconds' | 'endpoint'
> & { readonly serverless: ServerlessSettings };

export interface EmrProfile {
  /** Profile name, and the config file it came from (null when none was read). */
  readonly name: string;
  readonly configFile: string | null;
  readonly region: string;
  readonly bucket: string;
  /** Key prefix under the bucket for bundles, inputs, runs (may be empty). */
  readonly prefix: string;
  readonly serviceRole: string;
  readonly jobFlowRole: string;
  /** emr-7.x.y: Spark 3.5 and Pig 0.17, the versions the local engines pin. */
  readonly releaseLabel: string;
  readonly master: InstanceGroupSettings;
  readonly core: InstanceGroupSettings;
  /** Task nodes beside master and core (instance groups only); null or absent: none. */
  readonly task?: TaskGroupSettings | null;
  /**
   * Instance fleets instead of groups; when set, `master` and `core` only name each fleet's first type and
   * its capacity, and the request and the cost estimate use the fleets.
   */
  readonly instanceFleets?: InstanceFleetsSettings | null;
  readonly managedScaling?: ManagedScalingSettings | null;
  /** s3:// folder where EMR writes cluster and step logs. */
  readonly logUri: string;
  readonly subnetId: string | null;
  readonly tags: Readonly<Record<string, string>>;
  /** Auto-termination after this long idle: a second guard behind KeepJobFlowAliveWhenNoSteps=false. */
  readonly idleTimeoutSeconds: number;
  /** Expected run time of a step, for the cost estimate (default 15). */
  readonly expectedMinutes: number;
  /**
   * expectedMinutes was given (flag or profile field): it overrides the estimate from the inputs' sizes
   * (emr/throughput-model.ts). Absent: not given.
   */
  readonly expectedMinutesGiven?: boolean;
  /** First wait between status polls; it doubles up to maxPollSeconds while nothing changes. */
  readonly pollSeconds: number;
  readonly maxPollSeconds: number;
  /**
   * How long throttling, 5xx answers and network outages are waited out (status reads, lookups after a
   * lost answer, TerminateJobFlows) before the run gives up and says what it leaves behind.
   */
  readonly retryGraceSeconds: number;
  readonly prices: Readonly<Record<string, InstancePrice>>;
  /** Endpoint override for EMR and S3 (an emulator or a VPC endpoint); null for AWS itself. */
  readonly endpoint: string | null;
  /** The profile's `warehouse` field; absent when it has none. */
  readonly warehouse?: WarehouseSettings;
}

/** Values given on the command line; each wins over the profile's. */
export interface ProfileOverrides {
  readonly region?: string;
  readonly bucket?: string;
  readonly prefix?: string;
  readonly serviceRole?: string;
  readonly jobFlowRole?: string;
  readonly releaseLabel?: string;
  /** Master and core type at once (as `aws emr create-cluster --instance-type`). */
  readonly instanceType?: string;
  /** Total instances: one master plus count - 1 core. */
  readonly instanceCount?: number;
  readonly masterInstanceType?: string;
  readonly coreInstanceType?: string;
  readonly coreInstanceCount?: number;
  /** Task instance group size (0: none) and type (instance groups only). */
  readonly taskInstanceCount?: number;
  readonly taskInstanceType?: string;
  /** true: task nodes on Spot; false: on demand (a task group's market, or a task fleet's capacity). */
  readonly spot?: boolean;
  /** Managed scaling's maximum; without managed scaling in the profile, turns it on from the configured size. */
  readonly maxCapacity?: number;
  readonly logUri?: string;
  readonly subnetId?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly idleTimeoutSeconds?: number;
  readonly expectedMinutes?: number;
  readonly pollSeconds?: number;
  readonly maxPollSeconds?: number;
  readonly retryGraceSeconds?: number;
  readonly endpoint?: string;
  /** EMR Serverless: run on this application instead of the profile's. */
  readonly applicationId?: string;
  readonly executionRoleArn?: string;
}
