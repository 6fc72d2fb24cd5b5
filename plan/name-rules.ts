// What an input, an output and a partition column may be called. An output names a folder under the run's
// output root (and a Pig parameter / PySpark flag); a partition column names the `col=value` folders
// inside it. A name that could leave that folder, hide it, or split it is refused before anything runs.
import { printable } from './printable-text.ts';

/** Job names name the bundle's scripts and the default build/ and out/ folders. */
const JOB_NAME = /^[a-z0-9][a-z0-9-]*$/;
/** Input names are script parameters: letters, digits and _, not starting with a digit. */
const INPUT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Output names are parameters too, and folder names that Hadoop and Spark do not hide (no leading _). */
const OUTPUT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Characters that would end, split or hide a `col=value` folder name, or that no file name may hold. */
const PARTITION_FORBIDDEN = /[\p{Cc}/\\=]/u;

const shown = (name: string) => `'${printable(name)}'`;

/** Why `name` cannot be a job name, or null when it can. */
export function jobNameProblem(name: string): string | null {
  return JOB_NAME.test(name) ? null : `job name ${shown(name)} must be kebab-case (a-z, 0-9, -)`;
}

/** Why `name` cannot be an input name, or null when it can. */
export function inputNameProblem(name: string): string | null {
  if (INPUT_NAME.test(name)) return null;
  return `input name ${shown(name)} must be an identifier (letters, digits, _)`;
}

/** Why `name` cannot be an output name, or null when it can. */
export function outputNameProblem(name: string): string | null {
  if (OUTPUT_NAME.test(name)) return null;
  const rule = 'letters, digits and _, starting with a letter';
  if (name === '') return `an output name cannot be empty (use ${rule})`;
  if (name === '.' || name === '..') return `output name ${shown(name)} would write outside its own folder (use ${rule})`;
  if (/[/\\]/.test(name)) return `output name ${shown(name)} is a path, not a folder name (use ${rule})`;
  if (/^[_.]/.test(name)) return `output name ${shown(name)} starts with '${name[0]}', and Hadoop and Spark skip such folders (use ${rule})`;
  return `output name ${shown(name)} must be ${rule} (it names a folder and a script parameter)`;
}

/** Why the column `name` cannot partition an output, or null when it can. */
export function partitionColumnProblem(name: string): string | null {
  const why = 'it names the col=value folders';
  if (name === '') return `partitionBy: the column name is empty (${why})`;
  if (PARTITION_FORBIDDEN.test(name)) return `partitionBy: column ${shown(name)} holds a control character, '/', '\\' or '=' (${why}); rename it first`;
  if (/^[_.]/.test(name)) return `partitionBy: column ${shown(name)} starts with '${name[0]}', and Hadoop skips such folders; rename it first`;
  return null;
}
