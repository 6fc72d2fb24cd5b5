// The deployable bundle of a job: plan.json, one script per target and a manifest of hashes. Same plan,
// same bytes: nothing here depends on time, machine or the order things happened to run.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  inputNames, inputTemplates, isJobError, paramValueText, planHash, planParams, planToJson, printableJson, sinks, sources, type JobError, type Plan, type SourceNode,
} from '../plan/index.ts';
import { childPath } from '../runtime/path-guard.ts';
import { malformedQuotingNotices } from './common/csv-quoting-notice.ts';
import { toPig } from './pig/index.ts';
import { toPySpark } from './pyspark/index.ts';

export const BUNDLE_FORMAT = 'emr-jobs/bundle';
export const BUNDLE_VERSION = 1;

export type BundleTarget = 'pig' | 'pyspark';
export const BUNDLE_TARGETS: readonly BundleTarget[] = ['pig', 'pyspark'];

const COMPILERS: Record<BundleTarget, { compile: (plan: Plan) => string; ext: string }> = {
  pig: { compile: toPig, ext: 'pig' },
  pyspark: { compile: toPySpark, ext: 'py' },
};

export interface ScriptEntry {
  readonly script: string;
  readonly sha256: string;
}

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  readonly job: string;
  readonly planHash: string;
  readonly plan: { readonly file: string; readonly sha256: string };
  /** `path`: the input's path template, when the job declares one. */
  readonly inputs: readonly { readonly name: string; readonly format: string; readonly path?: string }[];
  /**
   * What a deployer passes: each run-time parameter with its type and default (canonical text, null when
   * every run must give one), and `value` when `compile --param` recorded one for this bundle.
   */
  readonly params?: readonly BundleParam[];
  readonly outputs: readonly { readonly name: string; readonly format: string; readonly partitionBy: string | null }[];
  readonly targets: Partial<Record<BundleTarget, ScriptEntry>>;
}

export interface BundleParam {
  readonly name: string;
  readonly type: string;
  readonly default: string | null;
  readonly value?: string;
}

export interface BundleResult {
  readonly dir: string;
  readonly manifest: BundleManifest;
  /** File names written into `dir`, manifest last; empty when no target could express the plan. */
  readonly files: readonly string[];
  /** Targets that cannot express the plan, with the compiler's error; their scripts are not written. */
  readonly errors: Partial<Record<BundleTarget, JobError>>;
  /** What a written script reads otherwise than the runtime, per target (codegen/common/csv-quoting-notice.ts). */
  readonly notices: Partial<Record<BundleTarget, readonly { readonly node: SourceNode; readonly text: string }[]>>;
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function scriptFileName(plan: Plan, target: BundleTarget): string {
  return `${plan.job}.${COMPILERS[target].ext}`;
}

/**
 * Compiles `plan` for each target and writes the bundle into `dir`. A target that cannot express the plan
 * is reported in `errors` and left out (nothing is written when none can); other compiler failures are
 * bugs and propagate.
 */
export function writeBundle(plan: Plan, targets: readonly BundleTarget[], dir: string, values: Readonly<Record<string, string>> = {}): BundleResult {
  const scripts: Partial<Record<BundleTarget, string>> = {};
  const errors: Partial<Record<BundleTarget, JobError>> = {};
  for (const t of BUNDLE_TARGETS.filter((x) => targets.includes(x))) {
    try {
      scripts[t] = withNewline(COMPILERS[t].compile(plan));
    } catch (e) {
      if (!isJobError(e)) throw e;
      errors[t] = e;
    }
  }
  const notices: BundleResult['notices'] = {};
  for (const t of Object.keys(scripts) as BundleTarget[]) {
    const found = malformedQuotingNotices(plan, t);
    if (found.length) notices[t] = found;
  }
  if (Object.keys(scripts).length === 0) return { dir, manifest: manifestOf(plan, '', {}, values), files: [], errors, notices };
  mkdirSync(dir, { recursive: true });
  const planText = withNewline(planToJson(plan));
  const files = ['plan.json'];
  writeFileSync(path.join(dir, 'plan.json'), planText);
  const entries: Partial<Record<BundleTarget, ScriptEntry>> = {};
  for (const t of BUNDLE_TARGETS) {
    const name = scriptFileName(plan, t);
    const text = scripts[t];
    if (text === undefined) {
      // A script left from an earlier compile would not match this manifest.
      rmSync(childPath(dir, name), { force: true });
      continue;
    }
    writeFileSync(childPath(dir, name), text);
    entries[t] = { script: name, sha256: sha256(text) };
    files.push(name);
  }
  const manifest = manifestOf(plan, sha256(planText), entries, values);
  writeFileSync(path.join(dir, 'manifest.json'), withNewline(printableJson(manifest)));
  files.push('manifest.json');
  return { dir, manifest, files, errors, notices };
}

/** `values`: canonical texts recorded by `compile --param` (already checked against the declarations). */
function manifestOf(plan: Plan, planSha: string, targets: Partial<Record<BundleTarget, ScriptEntry>>, values: Readonly<Record<string, string>>): BundleManifest {
  const formatOf = new Map(sources(plan).map((s) => [s.input, s.format.kind]));
  const templates = inputTemplates(plan.nodes);
  const params = planParams(plan).map((p) => ({
    name: p.name,
    type: p.type,
    default: p.default === null ? null : paramValueText(p.type, p.default),
    ...(p.name in values ? { value: values[p.name] } : {}),
  }));
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    job: plan.job,
    planHash: planHash(plan),
    plan: { file: 'plan.json', sha256: planSha },
    inputs: inputNames(plan).map((name) => ({ name, format: formatOf.get(name)!, ...(name in templates ? { path: templates[name] } : {}) })),
    ...(params.length ? { params } : {}),
    outputs: sinks(plan).map((s) => ({ name: s.output, format: s.format, partitionBy: s.partitionBy })),
    targets,
  };
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
