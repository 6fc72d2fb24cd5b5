// The example jobs (every job file in jobs/; the others are pipelines) and their plans, for golden and engine tests.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isJobDefinition } from '../../../dsl/index.ts';
import type { Plan } from '../../../plan/index.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The files in jobs/ whose default export is a job (`jobs`) or a pipeline (`pipelines`), sorted. */
export function exampleFiles(): { jobs: string[]; pipelines: string[] } {
  const files = readdirSync(path.join(ROOT, 'jobs')).filter((f) => f.endsWith('.ts')).sort();
  const kind = (f: string) => /^export default (job|pipeline)\(/m.exec(readFileSync(path.join(ROOT, 'jobs', f), 'utf8'))?.[1];
  const unknown = files.filter((f) => kind(f) === undefined);
  if (unknown.length) throw new Error(`jobs/${unknown[0]} exports neither job(...) nor pipeline(...) as its default`);
  return { jobs: files.filter((f) => kind(f) === 'job'), pipelines: files.filter((f) => kind(f) === 'pipeline') };
}

export async function examplePlans(): Promise<{ name: string; plan: Plan }[]> {
  const files = exampleFiles().jobs;
  const out: { name: string; plan: Plan }[] = [];
  for (const f of files) {
    const mod = (await import(path.join(ROOT, 'jobs', f))) as { default: unknown };
    if (!isJobDefinition(mod.default)) throw new Error(`jobs/${f} has no job as its default export`);
    out.push({ name: f.replace(/\.ts$/, ''), plan: mod.default.plan() });
  }
  return out;
}
