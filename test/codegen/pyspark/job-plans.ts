// The example jobs (every file in jobs/) and their plans, for golden and engine tests.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isJobDefinition } from '../../../dsl/index.ts';
import type { Plan } from '../../../plan/index.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

export async function examplePlans(): Promise<{ name: string; plan: Plan }[]> {
  const files = readdirSync(path.join(ROOT, 'jobs')).filter((f) => f.endsWith('.ts')).sort();
  const out: { name: string; plan: Plan }[] = [];
  for (const f of files) {
    const mod = (await import(path.join(ROOT, 'jobs', f))) as { default: unknown };
    if (!isJobDefinition(mod.default)) throw new Error(`jobs/${f} has no job as its default export`);
    out.push({ name: f.replace(/\.ts$/, ''), plan: mod.default.plan() });
  }
  return out;
}
