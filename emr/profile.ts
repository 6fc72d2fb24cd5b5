// The settings of one EMR submission, after the config file's profile and the command-line flags are merged.

export interface InstanceGroupSettings {
  readonly instanceType: string;
  readonly count: number;
}

/** On-demand USD per instance-hour: the EC2 price plus the EMR uplift for that type. */
export interface InstancePrice {
  readonly ec2: number;
  readonly emr: number;
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
  readonly prices: ServerlessPrices;
}

/** The settings an EMR Serverless submission reads: the profile's common ones and its "serverless" object. */
export type ServerlessProfile = Pick<
  EmrProfile,
  'name' | 'configFile' | 'region' | 'bucket' | 'prefix' | 'tags' | 'expectedMinutes' | 'pollSeconds' | 'maxPollSeconds' | 'retryGraceSeconds' | 'endpoint'
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
  /** s3:// folder where EMR writes cluster and step logs. */
  readonly logUri: string;
  readonly subnetId: string | null;
  readonly tags: Readonly<Record<string, string>>;
  /** Auto-termination after this long idle: a second guard behind KeepJobFlowAliveWhenNoSteps=false. */
  readonly idleTimeoutSeconds: number;
  /** Expected run time, for the cost estimate. */
  readonly expectedMinutes: number;
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
