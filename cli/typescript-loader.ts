// Loads the TypeScript compiler for job type checks. Compiling its 9 MB of JavaScript is a quarter of a
// second on every check, so the compiled code is kept in V8's code cache in the per-user cache folder, keyed
// by the compiler's version, and written once after a check (then it also holds the functions the check
// compiled lazily). Any trouble with the cache falls back to a plain require.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { userCacheDir } from '../engines/user-cache.ts';

type TypeScript = typeof import('typescript');

const require = createRequire(import.meta.url);

let loaded: { ts: TypeScript; script: vm.Script | null; cacheFile: string | null; cached: boolean } | null = null;

export function loadTypeScript(): TypeScript {
  if (loaded) return loaded.ts;
  try {
    const file = require.resolve('typescript');
    const version = (JSON.parse(readFileSync(path.join(path.dirname(file), '..', 'package.json'), 'utf8')) as { version: string }).version;
    const cacheFile = path.join(userCacheDir(), 'code-cache', `typescript-${version}-node-${process.version}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(wrapCommonJs(readFileSync(file, 'utf8')), { filename: file, cachedData });
    const module = { exports: {} as unknown };
    (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
    loaded = { ts: module.exports as TypeScript, script, cacheFile, cached: cachedData !== undefined && !script.cachedDataRejected };
  } catch {
    loaded = { ts: require('typescript') as TypeScript, script: null, cacheFile: null, cached: true };
  }
  return loaded.ts;
}

/** Writes the code cache when there was none (or V8 refused it); call after a check. */
export function saveTypeScriptCodeCache(): void {
  if (!loaded || loaded.cached || !loaded.script || !loaded.cacheFile) return;
  loaded.cached = true;
  try {
    mkdirSync(path.dirname(loaded.cacheFile), { recursive: true });
    const tmp = `${loaded.cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, loaded.script.createCachedData());
    renameSync(tmp, loaded.cacheFile);
  } catch {
    /* a cache that cannot be written only costs time */
  }
}

function wrapCommonJs(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
}
