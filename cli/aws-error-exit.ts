// AWS failures a user must fix before anything can run become one usage line (exit 2): refused, expired or
// missing credentials name the credential chain and what to set. Everything else goes on as it was.
import { credentialMessage, isCredentialError } from '../emr/aws-errors.ts';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';

export async function withAwsErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isCredentialError(e)) throw exitWith(EXIT_USAGE, 'usage', credentialMessage(e));
    throw e;
  }
}
