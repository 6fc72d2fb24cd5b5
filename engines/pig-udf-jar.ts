// Where the package's own Pig functions are (TopN): dist/pig/emr-jobs-udf.jar, built by scripts/build-pig-udf.sh
// (the engines install, `npm run build` when a JDK and Pig are there, `npm pack`) and shipped in the package beside the compiled code.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UDF_JAR } from '../codegen/pig/pig-top-n.ts';
import { JobError } from '../plan/index.ts';
import { PACKAGE_ROOT } from './package-root.ts';

export { UDF_JAR };

/** The jar's path; a clear error when a checkout has not built it. */
export function bundledUdfJar(): string {
  const jar = path.join(PACKAGE_ROOT, 'dist', 'pig', UDF_JAR);
  if (!existsSync(jar)) {
    throw new JobError('input', `the package's Pig functions (${jar}) are missing, and the script needs them: in a checkout of emr-jobs, run \`npm run engines:install\`, which builds it (it needs a JDK's javac)`);
  }
  return jar;
}
