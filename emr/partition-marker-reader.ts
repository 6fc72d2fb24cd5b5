// Reads backfill success markers from S3 (emr/backfill-submission.ts writes them from the cluster): a
// marker that is missing, or not one this version wrote, is no marker; any other S3 error is the caller's.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { S3_MARKER_FORMAT, type S3PartitionMarker } from './backfill-submission.ts';
import { parseS3Uri } from './s3-uri.ts';

/** How many markers are read at once. */
const READ_CONCURRENCY = 8;

export async function readS3Marker(s3: S3Client, uri: string): Promise<S3PartitionMarker | null> {
  const { bucket, key } = parseS3Uri(uri, 'marker');
  let text: string;
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    text = await out.Body!.transformToString('utf8');
  } catch (e) {
    if ((e as Error).name === 'NoSuchKey' || (e as Error).name === 'NotFound') return null;
    throw e;
  }
  try {
    const m = JSON.parse(text) as Partial<S3PartitionMarker>;
    return m.format === S3_MARKER_FORMAT && typeof m.pipelineHash === 'string' && m.params && typeof m.params === 'object' ? (m as S3PartitionMarker) : null;
  } catch {
    return null;
  }
}

/** The markers at `uris`, in their order. */
export async function readS3Markers(s3: S3Client, uris: readonly string[]): Promise<(S3PartitionMarker | null)[]> {
  const out: (S3PartitionMarker | null)[] = new Array(uris.length).fill(null);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < uris.length; i = next++) out[i] = await readS3Marker(s3, uris[i]);
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, uris.length) }, worker));
  return out;
}
