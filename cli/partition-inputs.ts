// `backfill --local` / `--input name=`: one folder (or a template) for the whole range, turned into each
// partition's own paths. A path naming `{param}` placeholders is a template, filled in per partition; a
// plain folder holds one subfolder per partition, named as the input's path template names it (the
// template's segments from the first one naming the partition parameter: `.../logs/dt={date}/` gives
// `<folder>/dt=2015-05-17`), or `<partition param>=<value>` for an input without such a template.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isS3Uri } from '../emr/s3-uri.ts';
import { JobError, expandTemplate, templateParams, type PipelinePartition } from '../plan/index.ts';

/** The subfolder template of one partition under a backfill's input folder, e.g. `dt={date}`. */
export function partitionSubfolder(template: string | undefined, partition: PipelinePartition): string {
  const segments = (template ?? '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split('/').filter(Boolean);
  const first = segments.findIndex((s) => templateParams(s).includes(partition.param));
  return first >= 0 ? segments.slice(first).join('/') : `${partition.param}={${partition.param}}`;
}

/**
 * One partition's paths for the paths given for the range (`flag` as the user typed it, for messages); a
 * partition subfolder that is missing is an input error naming it.
 */
export function partitionPaths(flag: string, given: readonly string[], subfolder: string, texts: Readonly<Record<string, string>>): string[] {
  const fill = (t: string) => expandTemplate(t, (n) => texts[n]);
  return given.map((g) => {
    if (templateParams(g).length) return fill(g);
    // An S3 folder of partition folders (backfill --emr): joined as a key, not as a local path.
    if (isS3Uri(g)) return `${g.replace(/\/+$/, '')}/${fill(subfolder)}/`;
    const folder = path.join(g, fill(subfolder));
    if (existsSync(g) && !existsSync(folder)) {
      throw new JobError('input', `no folder for this partition: ${flagText(flag, g)} holds one ${subfolder} subfolder per partition`, { file: folder });
    }
    return folder;
  });
}

/** A flag with its value as typed: `--local logs/`, `--input logs=logs/`. */
export function flagText(flag: string, value: string): string {
  return `${flag}${flag.endsWith('=') ? '' : ' '}${value}`;
}
