#!/usr/bin/env node
// The emr-jobs command (also installed as `jobs`): the compiled CLI in dist/.
import { existsSync } from 'node:fs';

// The pinned AWS SDK runs on Node 20; its notice about future SDK releases needing Node 22 would print on
// every EMR command, so it is silenced unless the user set the variable themselves.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('emr-jobs: the compiled CLI is missing (dist/); in a checkout of emr-jobs, run `npm run build`\n');
  process.exit(2);
}
await import(main.href);
