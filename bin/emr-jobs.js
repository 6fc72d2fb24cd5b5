#!/usr/bin/env node
// The emr-jobs command (also installed as `jobs`): lets Node load the TypeScript sources, then runs the CLI.
import { register } from 'tsx/esm/api';

// The pinned AWS SDK runs on Node 20; its notice about future SDK releases needing Node 22 would print on
// every EMR command, so it is silenced unless the user set the variable themselves.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
await import('../cli/main.ts');
