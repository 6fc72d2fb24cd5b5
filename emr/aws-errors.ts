// Sorts AWS SDK errors into what a run can do about them: wait and retry (throttling, 5xx, network),
// stop and tell the user to fix their credentials, or stop. Messages never carry a secret.

type SdkError = Error & {
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
  $service?: string;
  code?: string;
  Code?: string;
};

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'RequestThrottled', 'RequestThrottledException']);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ECONNABORTED']);
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
/** Answers meaning the credentials themselves are missing, expired or wrong (not a permission problem). */
const CREDENTIAL_CODES = new Set([
  'ExpiredToken', 'ExpiredTokenException', 'InvalidAccessKeyId', 'InvalidClientTokenId', 'UnrecognizedClientException',
  'SignatureDoesNotMatch', 'InvalidSignatureException', 'InvalidToken', 'TokenRefreshRequired', 'AuthFailure',
  'MissingAuthenticationToken', 'MissingAuthenticationTokenException', 'IncompleteSignature', 'IncompleteSignatureException',
  'CredentialsProviderError', 'TokenProviderError',
]);

const x = (e: unknown): SdkError => (e ?? {}) as SdkError;
const codeOf = (e: unknown): string => x(e).Code ?? x(e).name ?? '';

export function isThrottling(e: unknown): boolean {
  return THROTTLING.has(codeOf(e)) || x(e).$metadata?.httpStatusCode === 429 || x(e).$retryable?.throttling === true;
}

/** The connection failed before a request could reach the service: it was surely not carried out. */
export function isRefused(e: unknown): boolean {
  return x(e).code === 'ECONNREFUSED';
}

export function isNetworkError(e: unknown): boolean {
  const err = x(e);
  return NETWORK_CODES.has(err.code ?? '') || TIMEOUT_NAMES.has(err.name) || /socket hang up/i.test(err.message ?? '');
}

/** Worth waiting out: throttling, a 5xx answer or a network failure. */
export function isTransient(e: unknown): boolean {
  const status = x(e).$metadata?.httpStatusCode;
  return isThrottling(e) || (status !== undefined && status >= 500) || isNetworkError(e);
}

export function isCredentialError(e: unknown): boolean {
  const err = x(e);
  if (CREDENTIAL_CODES.has(codeOf(e))) return true;
  return err.name === 'Error' && /could not load credentials from any providers/i.test(err.message ?? '');
}

/** `Name: first line of the message`, with anything that looks like a credential removed. */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return redact(String(e));
  const status = x(e).$metadata?.httpStatusCode;
  // S3 answers HEAD requests without a body: the SDK has only the status to go on.
  if ((e.name === 'Unknown' || e.name === 'UnknownError') && status !== undefined) return `HTTP ${status} without an error code`;
  const first = (e.message || '').split('\n')[0];
  const code = x(e).code && x(e).code !== e.name ? ` (${x(e).code})` : '';
  return redact(first && first !== e.name ? `${e.name}${code}: ${first}` : `${e.name}${code}`);
}

/** The secret key and session token of the environment never reach the output, whatever a server echoes. */
export function redact(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const k of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) {
    const v = env[k];
    if (v && v.length >= 4) out = out.split(v).join('<redacted>');
  }
  return out;
}

export const CREDENTIAL_CHAIN =
  "the AWS SDK's default credential chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, then AWS_PROFILE in ~/.aws/config and ~/.aws/credentials (SSO included), then the container or instance role";

/** One line: what is wrong with the credentials, where they come from, and what to set. */
export function credentialMessage(e: unknown): string {
  const service = x(e).$service ? `${x(e).$service} answered` : 'the request failed with';
  const missing = /could not load credentials/i.test(x(e).message ?? '') || (codeOf(e) === 'CredentialsProviderError' && !/expired/i.test(x(e).message ?? ''));
  const what = missing ? `no AWS credentials found (${errorText(e)})` : `the AWS credentials were refused: ${service} ${errorText(e)}`;
  return `${what.replace(/\.$/, '')}. emr-jobs reads ${CREDENTIAL_CHAIN}. Run \`aws sso login\` for an SSO profile, set AWS_PROFILE to a profile that works (check with \`aws sts get-caller-identity\`), or export fresh AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN`;
}
