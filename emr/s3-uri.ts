// s3://bucket/key URIs: parsing them and joining key parts.
import { JobError } from '../plan/index.ts';

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

const URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/;

export function isS3Uri(value: string): boolean {
  return value.startsWith('s3://');
}

/** Parses `s3://bucket/key`; `what` names the flag or field in the error. */
export function parseS3Uri(uri: string, what: string): S3Location {
  const m = URI.exec(uri);
  if (!m) throw new JobError('usage', `${what}: expected s3://bucket/key, got '${uri}'`);
  return { bucket: m[1], key: m[2] ?? '' };
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** Joins key parts with single slashes; empty parts vanish (an empty prefix adds nothing). */
export function joinKey(...parts: string[]): string {
  return parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter((p) => p.length > 0)
    .join('/');
}
