// Checks `run --out` before any input is read: it must be a folder, or a place where one can be made.
// Every problem is one line naming the path as the user typed it, exit 2.
import { existsSync, mkdirSync, realpathSync, rmdirSync, statfsSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';
import { displayPath } from './job-paths.ts';

export interface OutputFolder {
  /** Absolute path of the folder. */
  readonly dir: string;
  /** The folder as the user named it (for messages). */
  readonly shown: string;
  /** Removes the folder if this run created it and left nothing in it (a failed first run). */
  removeIfEmpty(): void;
}

/** Kernel file systems that expose state as files: creating folders there fails or blocks. */
const VIRTUAL_FS_TYPES = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
]);
const VIRTUAL_ROOTS = ['/proc', '/sys'];

const fail = (shown: string, what: string) => exitWith(EXIT_USAGE, 'usage', `--out ${shown}: ${what}`);

/** Validates `shown` and creates the folder when missing; exit 2 when it cannot hold outputs. */
export function prepareOutputFolder(shown: string): OutputFolder {
  const dir = path.resolve(shown);
  if (underVirtualRoot(dir)) throw fail(shown, `${VIRTUAL_ROOTS.find((r) => isUnder(dir, r))} is a kernel file system that cannot hold output folders`);
  const existing = nearestExisting(dir);
  let isDir: boolean;
  try {
    isDir = statSync(existing).isDirectory();
  } catch (e) {
    throw fail(shown, `cannot inspect ${existing} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!isDir) {
    throw fail(shown, existing === dir ? 'is a file, not a folder' : `${displayPath(existing)} is a file, so it cannot hold a folder`);
  }
  const real = safeRealpath(existing);
  if (underVirtualRoot(real)) throw fail(shown, `it resolves to ${real}, a kernel file system that cannot hold output folders`);
  const fsType = virtualFsType(existing);
  if (fsType) throw fail(shown, `it lies on a ${fsType} file system, which cannot hold output folders`);
  const created = existing !== dir;
  if (created) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw fail(shown, `cannot create the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  return {
    dir,
    shown,
    removeIfEmpty() {
      if (!created) return;
      // Only the folder itself: parents made for it stay (they may be shared with other runs).
      try {
        rmdirSync(dir);
      } catch {
        /* not empty, or gone */
      }
    },
  };
}

function nearestExisting(p: string): string {
  let cur = p;
  while (!existsSync(cur)) {
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return cur;
}

function isUnder(p: string, root: string): boolean {
  return p === root || p.startsWith(`${root}/`);
}

function underVirtualRoot(p: string): boolean {
  return process.platform === 'linux' && VIRTUAL_ROOTS.some((r) => isUnder(p, r));
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function virtualFsType(p: string): string | null {
  try {
    return VIRTUAL_FS_TYPES.get(Number(statfsSync(p).type)) ?? null;
  } catch {
    return null;
  }
}
