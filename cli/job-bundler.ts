// Loads a job file without module loader hooks: esbuild compiles the job and the project files it imports
// to one JavaScript module in the job's module format (packages stay imports, so `emr-jobs` is the
// installed toolkit), written under node_modules/.cache/emr-jobs/ of the project so that those imports
// resolve as from the job itself, and loaded natively with its source map, so the DSL's `file:line:col`
// locations name the real files. A fraction of tsx's cost, and no loader thread beside the type check.
// Returns null where it does not apply (no node_modules folder, or the job imports the toolkit's own
// sources, as the toolkit's example jobs do); the caller then loads the file through tsx.
import { createHash } from 'node:crypto';
import type { Plugin } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../engines/package-root.ts';

export interface BundleFailure {
  readonly message: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
}

/** Thrown when esbuild cannot compile the job (a syntax error, an import that does not resolve). */
export class JobBundleError extends Error {
  constructor(readonly failure: BundleFailure) {
    super(failure.message);
  }
}

/** The job module's exports (for CommonJS, `module.exports`), or null when the caller should use tsx. */
export async function importBundledJob(file: string, format: 'esm' | 'cjs', projectRoot: string, jobsDir: string): Promise<unknown | null> {
  const modules = path.join(projectRoot, 'node_modules');
  if (!existsSync(modules)) return null;
  const name = `${path.basename(file).replace(/\.[cm]?tsx?$/, '')}-${hash(file).slice(0, 12)}`;
  const outfile = path.join(modules, '.cache', 'emr-jobs', 'jobs', `${name}.${format === 'esm' ? 'mjs' : 'cjs'}`);
  const { build } = await import('esbuild');
  // An import of the toolkit's own sources is left unbundled and ends the attempt: tsx loads such a job.
  let toolkitSource = false;
  const stopAtToolkitSources: Plugin = {
    name: 'emr-jobs-toolkit-sources',
    setup(b) {
      b.onResolve({ filter: /^[./]/ }, (args) => {
        const target = path.resolve(args.resolveDir, args.path);
        if (!inside(target, PACKAGE_ROOT) || inside(target, jobsDir)) return undefined;
        toolkitSource = true;
        return { path: args.path, external: true };
      });
    },
  };
  let result: Awaited<ReturnType<typeof build>>;
  try {
    result = await build({
      entryPoints: [file],
      outfile,
      absWorkingDir: projectRoot,
      bundle: true,
      packages: 'external',
      format,
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      write: false,
      logLevel: 'silent',
      plugins: [stopAtToolkitSources],
    });
  } catch (e) {
    const first = (e as { errors?: Array<{ text: string; location: { file: string; line: number; column: number } | null }> }).errors?.[0];
    if (!first) throw e;
    const loc = first.location;
    throw new JobBundleError({ message: first.text, file: loc ? path.resolve(projectRoot, loc.file) : null, line: loc?.line ?? null, column: loc ? loc.column + 1 : null });
  }
  if (toolkitSource) return null;
  const text = result.outputFiles?.[0]?.text ?? '';
  mkdirSync(path.dirname(outfile), { recursive: true });
  const tmp = `${outfile}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, outfile);
  process.setSourceMapsEnabled(true);
  if (format === 'cjs') {
    const require = createRequire(outfile);
    delete require.cache[outfile]; // a job edited and loaded again in one process is loaded anew
    return require(outfile) as unknown;
  }
  // The content hash in the URL: a job edited and loaded again in one process is a new module.
  return import(`${pathToFileURL(outfile).href}?v=${hash(text).slice(0, 16)}`);
}

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

function inside(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
