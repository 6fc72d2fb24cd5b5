// The EMR and S3 clients for a profile. Credentials come only from the SDK's default provider chain; an
// endpoint override (emulator, VPC endpoint) switches S3 to path-style addressing. The SDK's standard retry
// mode absorbs short faults (a few seconds); longer ones are waited out by grace-retry.ts and wait.ts.
import { EMRClient } from '@aws-sdk/client-emr';
import { EMRServerlessClient } from '@aws-sdk/client-emr-serverless';
import { S3Client } from '@aws-sdk/client-s3';
import type { EmrProfile } from './profile.ts';

export interface AwsClients {
  readonly emr: EMRClient;
  /** For the calls that must not be retried blindly (RunJobFlow, AddJobFlowSteps): see exactly-once.ts. */
  readonly emrNoRetry: EMRClient;
  readonly s3: S3Client;
}

/** Standard retry mode retries throttling, 5xx and network errors with jittered backoff. */
export const MAX_ATTEMPTS = 6;

/** A connection that cannot be made in this long, or a socket silent this long, counts as a network error. */
export const CONNECTION_TIMEOUT_MS = 10_000;
export const SOCKET_TIMEOUT_MS = 120_000;

/** Region, endpoint override, retries and timeouts shared by every AWS client of a run. */
export function commonClientConfig(profile: Pick<EmrProfile, 'region' | 'endpoint'>) {
  return {
    region: profile.region,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard' as const,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: SOCKET_TIMEOUT_MS },
    ...(profile.endpoint ? { endpoint: profile.endpoint } : {}),
  };
}

/**
 * EMR Serverless: every request that creates something (CreateApplication, StartJobRun) carries a client token,
 * so the SDK's retries cannot double it.
 */
export function makeServerlessClient(profile: Pick<EmrProfile, 'region' | 'endpoint'>): EMRServerlessClient {
  return named(new EMRServerlessClient(commonClientConfig(profile)), 'EMR Serverless');
}

export function makeClients(profile: Pick<EmrProfile, 'region' | 'endpoint'>): AwsClients {
  const common = commonClientConfig(profile);
  const emr = named(new EMRClient(common), 'EMR');
  const emrNoRetry = named(new EMRClient({ ...common, maxAttempts: 1 }), 'EMR');
  return { emr, emrNoRetry, s3: makeS3Client(profile) };
}

/** The S3 client of a run; `maxAttempts` lower for reads that may fail without harm (measuring inputs). */
export function makeS3Client(profile: Pick<EmrProfile, 'region' | 'endpoint'>, maxAttempts = MAX_ATTEMPTS): S3Client {
  return named(new S3Client({
    ...commonClientConfig(profile),
    maxAttempts,
    // Checksums only where S3 requires them: S3-compatible endpoints do not all support the newer defaults.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(profile.endpoint
      ? {
          forcePathStyle: true,
          // Some S3-compatible servers answer `100 Continue` twice, which breaks the SDK's HTTP handler.
          expectContinueHeader: false,
        }
      : {}),
  }), 'S3');
}

/** Marks every error with the service that answered it, so a refused credential can say who refused it. */
function named<C extends EMRClient | S3Client | EMRServerlessClient>(client: C, service: string): C {
  (client as EMRClient).middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (e) {
        if (e && typeof e === 'object' && !('$service' in e)) Object.defineProperty(e, '$service', { value: service, enumerable: false });
        throw e;
      }
    },
    { step: 'initialize', name: 'emrJobsServiceName' },
  );
  return client;
}

export function closeClients(c: AwsClients): void {
  c.emr.destroy();
  c.emrNoRetry.destroy();
  c.s3.destroy();
}
