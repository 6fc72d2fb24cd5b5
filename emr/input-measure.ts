// How much a run reads, measured before it starts: local files by stat, s3:// prefixes and globs by listing
// them (ListObjectsV2, every page). Gzip files count for more than their size: the engines read them expanded.
import { statSync } from 'node:fs';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parseS3Uri } from './s3-uri.ts';
import type { StageInput } from './stage.ts';

/**
 * A `.gz` object is counted as this many times its size: text logs compress 5-10x, and the work of a job
 * (parsing, shuffling) follows the uncompressed bytes. 5 keeps the estimate on the low side of that range.
 */
export const GZIP_EXPANSION = 5;

export interface MeasuredInput {
  /** The input's name, and where it was measured (the local paths as given, or the s3:// URI). */
  readonly name: string;
  readonly location: string;
  readonly objects: number;
  /** Bytes as stored. */
  readonly bytes: number;
  /** How many of the objects, and of the bytes, are gzip (`.gz`). */
  readonly gzipObjects: number;
  readonly gzipBytes: number;
  /** The bytes the job is assumed to read: gzip counted GZIP_EXPANSION times. */
  readonly readBytes: number;
}

/** Measures one input as bound for a run. */
export type InputMeasurer = (name: string, input: StageInput) => Promise<MeasuredInput>;

function measured(name: string, location: string, sizes: readonly { key: string; size: number }[]): MeasuredInput {
  const gz = sizes.filter((s) => s.key.endsWith('.gz'));
  const bytes = sizes.reduce((a, s) => a + s.size, 0);
  const gzipBytes = gz.reduce((a, s) => a + s.size, 0);
  return { name, location, objects: sizes.length, bytes, gzipObjects: gz.length, gzipBytes, readBytes: bytes - gzipBytes + gzipBytes * GZIP_EXPANSION };
}

/** A measurer that stats local inputs and lists s3:// ones with this client. */
export function inputMeasurer(s3: S3Client): InputMeasurer {
  return async (name, input) => (typeof input === 'string' ? measureS3Input(s3, name, input) : measureLocalInput(name, input));
}

export function measureLocalInput(name: string, input: Exclude<StageInput, string>): MeasuredInput {
  return measured(name, input.shown, input.parts.map((p) => ({ key: p.key || p.file, size: statSync(p.file).size })));
}

/**
 * Every object a location stands for, as the engines read it: one object, a folder (the key and everything
 * under `key/`), or a glob (`*`, `?`, `[...]`, `{a,b}`) matched against whole keys; names starting with `_` or
 * `.` below the location are skipped, as Hadoop skips them.
 */
export async function measureS3Input(s3: S3Client, name: string, uri: string): Promise<MeasuredInput> {
  const { bucket, key } = parseS3Uri(uri, `input '${name}'`);
  const globAt = key.search(/[*?[{]/);
  const listPrefix = globAt < 0 ? key : key.slice(0, globAt);
  const glob = globAt < 0 ? null : globRegExp(key);
  const folder = key.replace(/\/+$/, '');
  const sizes: { key: string; size: number }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: listPrefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const k = o.Key ?? '';
      if (k.endsWith('/')) continue;
      const rest = glob ? globRest(glob, k) : k === folder ? '' : k.startsWith(`${folder}/`) || folder === '' ? k.slice(folder.length) : null;
      if (rest === null || rest.split('/').some((seg) => seg.startsWith('_') || seg.startsWith('.'))) continue;
      sizes.push({ key: k, size: o.Size ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  // Nothing there (yet) is not an error here: the estimate says so, and the engine's own error is the one to trust.
  return measured(name, uri, sizes);
}

/** The part of a key below what the glob matched (a glob matching a folder reads what is under it), or null. */
function globRest(glob: RegExp, key: string): string | null {
  const segs = key.split('/');
  for (let i = segs.length; i > 0; i--) {
    if (glob.test(segs.slice(0, i).join('/'))) return segs.slice(i).map((s) => `/${s}`).join('');
  }
  return null;
}

/** A Hadoop-style glob as a RegExp over whole keys: `*` and `?` stay within one `/` segment. */
export function globRegExp(glob: string): RegExp {
  let re = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, end);
        re += `[${body.startsWith('^') || body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else if (c === '{') {
      inBraces++;
      re += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      re += ')';
    } else if (c === ',' && inBraces > 0) re += '|';
    else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
