// The EMR and S3 clients for a profile. Credentials come only from the SDK's default provider chain; an
// endpoint override (emulator, VPC endpoint) switches S3 to path-style addressing.
import { EMRClient } from '@aws-sdk/client-emr';
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

export function makeClients(profile: EmrProfile): AwsClients {
  const common = {
    region: profile.region,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard' as const,
    ...(profile.endpoint ? { endpoint: profile.endpoint } : {}),
  };
  const emr = new EMRClient(common);
  const emrNoRetry = new EMRClient({ ...common, maxAttempts: 1 });
  const s3 = new S3Client({
    ...common,
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
  });
  return { emr, emrNoRetry, s3 };
}

export function closeClients(c: AwsClients): void {
  c.emr.destroy();
  c.emrNoRetry.destroy();
  c.s3.destroy();
}
