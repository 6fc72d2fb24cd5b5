// All-or-nothing outputs for `run`: the run writes into a stage folder inside the output folder
// (`<out>/.emr-jobs-tmp-<pid>-<random>/`, same file system, so moves are renames), and only a run that
// succeeded swaps its outputs into place. Commit order: remove `_SUCCESS`, swap each output and the rejects
// folder, write the manifest, write `_SUCCESS` last. A run that fails or is interrupted removes its stage
// and leaves the previous outputs as they were; one failed by the reject policy keeps its rejected lines
// in `_rejects.failed/` beside them, which the next successful run removes.
import { existsSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const STAGE_PREFIX = '.emr-jobs-tmp-';
export const SUCCESS_FILE = '_SUCCESS';
export const MANIFEST_FILE = '_emr-jobs.json';
export const REJECTS_FOLDER = '_rejects';
/** A run failed by the reject policy leaves its rejected lines here, outside the committed outputs. */
export const FAILED_REJECTS_FOLDER = '_rejects.failed';

export interface OutputStage {
  /** Where the run writes: the runtime's writers and the engines' collector get this as their output folder. */
  readonly dir: string;
  /** Where a path written under the stage lands once committed. */
  finalPath(staged: string): string;
  /**
   * Moves `entries` (names directly under the stage: output files, partitioned output folders, `_rejects`)
   * into the output folder, then writes the manifest and `_SUCCESS`. An entry the run did not write is
   * removed from the output folder (it belonged to an earlier run). Synchronous, so no signal handler
   * runs in the middle of it.
   */
  commit(entries: readonly string[], manifest: unknown): void;
  /** Moves the stage's rejects folder to `_rejects.failed/` in the output folder; its path, or null when there was none. */
  keepFailedRejects(): string | null;
  /** Removes the stage (after a commit, only the previous outputs moved aside are left in it). */
  discard(): void;
}

/** Creates the stage folder inside `outDir` (which exists). */
export function createStage(outDir: string): OutputStage {
  const dir = mkdtempSync(path.join(outDir, `${STAGE_PREFIX}${process.pid}-`));
  const aside = (i: number) => path.join(dir, `.previous-${i}`);
  const discard = () => {
    process.off('exit', discard);
    rmSync(dir, { recursive: true, force: true });
  };
  // An error escaping every handler ends the process through process.exit: the stage goes too.
  process.on('exit', discard);
  return {
    dir,
    finalPath: (staged) => {
      const rel = path.relative(dir, staged);
      return rel.startsWith('..') || path.isAbsolute(rel) ? staged : path.join(outDir, rel);
    },
    commit(entries, manifest) {
      rmSync(path.join(outDir, SUCCESS_FILE), { force: true });
      entries.forEach((name, i) => swap(path.join(dir, name), path.join(outDir, name), aside(i)));
      const draft = path.join(dir, MANIFEST_FILE);
      writeFileSync(draft, `${JSON.stringify(manifest, null, 2)}\n`);
      renameSync(draft, path.join(outDir, MANIFEST_FILE));
      writeFileSync(path.join(outDir, SUCCESS_FILE), '');
      rmSync(path.join(outDir, FAILED_REJECTS_FOLDER), { recursive: true, force: true });
    },
    keepFailedRejects() {
      const staged = path.join(dir, REJECTS_FOLDER);
      if (!existsSync(staged)) return null;
      const target = path.join(outDir, FAILED_REJECTS_FOLDER);
      swap(staged, target, aside(-1));
      return target;
    },
    discard,
  };
}

/**
 * Puts `staged` at `target`. A file replaces a file in one rename; a folder cannot replace a folder that
 * way, so the previous one is moved aside first (into the stage, removed with it).
 */
function swap(staged: string, target: string, aside: string): void {
  const has = existsSync(staged);
  const old = kindOf(target);
  if (old === 'folder' || (old === 'file' && (!has || statSync(staged).isDirectory()))) renameSync(target, aside);
  if (has) renameSync(staged, target);
}

function kindOf(p: string): 'file' | 'folder' | null {
  try {
    return statSync(p).isDirectory() ? 'folder' : 'file';
  } catch {
    return null;
  }
}

