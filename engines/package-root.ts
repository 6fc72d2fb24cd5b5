// Where the emr-jobs package itself lives (its compiled code, engine install scripts, pinned versions):
// the nearest folder above this module whose package.json is named emr-jobs. Works from the sources
// (`engines/x.ts`) and from the compiled package (`dist/engines/x.js`) alike.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'emr-jobs') return dir;
      } catch {
        /* not ours: keep looking */
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`emr-jobs: no package.json named emr-jobs above ${from}`);
  }
}

/** The package root: never the user's project (see cli/project-root.ts for that one). */
export const PACKAGE_ROOT: string = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The installed emr-jobs version. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
