#!/usr/bin/env node
// The emr-jobs command (also installed as `jobs`): lets Node load the TypeScript sources, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
