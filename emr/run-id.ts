// Run ids name one submission: sortable by time, unique enough to share a bucket, safe in keys and tags.
import { randomBytes } from 'node:crypto';

export function newRunId(now: Date = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${t}-${randomBytes(3).toString('hex')}`;
}
