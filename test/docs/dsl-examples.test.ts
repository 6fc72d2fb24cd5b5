// Every ```ts example in docs/dsl.md type-checks against the DSL, imported as a user imports it
// ('emr-jobs', 'emr-jobs/ml'): a renamed method or a changed signature breaks this test, not the reader.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { diagnosticText } from '../../cli/diagnostic-text.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOC = readFileSync(path.join(ROOT, 'docs', 'dsl.md'), 'utf8');

const blocks = [...DOC.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => ({ n: i + 1, code: m[1] }));

/** Names a fragment may use without declaring them: the page's running examples. */
const FREE_DATASETS = `
  j: JobContext,
  logs: Dataset<CombinedLogRow>,
  logs2015: Dataset<CombinedLogRow>,
  logs2016: Dataset<CombinedLogRow>,
  hosts: Dataset<{ host: 'string'; owner: 'string' }>,
  counts: Dataset<{ host: 'string'; n: 'long' }>,
  pages: Dataset<{ path: 'string'; hits: 'long' }>,
  stats: Dataset<{ metric: 'string'; value: 'double' }>,
  byDay: Dataset<{ day: 'string'; hits: 'long' }>,
`;
const DSL_VALUES = ['avg', 'coalesce', 'concat', 'count', 'countDistinct', 'job', 'lit', 'lower', 'max', 'min', 'not', 'nullOf', 'sum', 'upper', 'when'];

/** A whole job file stays as it is; a fragment becomes the body of a function that receives the free names. */
function asModule(code: string): string {
  if (/^export default /m.test(code)) return code;
  const lines = code.split('\n');
  const imports = lines.filter((l) => l.startsWith('import '));
  const body = lines.filter((l) => !l.startsWith('import '));
  const imported = new Set(imports.flatMap((l) => /\{([^}]*)\}/.exec(l)?.[1].split(',').map((s) => s.trim()) ?? []));
  const prelude = [
    "import type { CombinedLogRow, Dataset, JobContext } from 'emr-jobs';",
    `import { ${DSL_VALUES.filter((v) => !imported.has(v)).join(', ')} } from 'emr-jobs';`,
  ];
  // The inner block lets a fragment declare a name (`const logs = ...`) that is also a parameter.
  return [...imports, ...prelude, `export function example(${FREE_DATASETS}) {`, '{', ...body, '}', '}', ''].join('\n');
}

describe('docs/dsl.md examples', () => {
  const project = new Project({
    tsConfigFilePath: path.join(ROOT, 'tsconfig.json'),
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      baseUrl: ROOT,
      paths: { 'emr-jobs': ['dsl/index.ts'], 'emr-jobs/ml': ['dsl/ml/index.ts'] },
      noUnusedLocals: false,
    },
  });

  it('there are examples, full jobs among them', () => {
    expect(blocks.length).toBeGreaterThan(20);
    expect(blocks.filter((b) => /^export default job\(/m.test(b.code)).length).toBeGreaterThanOrEqual(3);
    expect(blocks.some((b) => b.code.includes("from 'emr-jobs/ml'"))).toBe(true);
  });

  it.each(blocks)('example $n type-checks', ({ n, code }) => {
    // An example importing job files beside it (a pipeline) sits, in memory, in jobs/ beside the example jobs.
    const dir = code.includes("from './") ? path.join(ROOT, 'jobs') : path.join(ROOT, 'test', 'docs');
    const sf = project.createSourceFile(path.join(dir, `dsl-example-${n}.ts`), asModule(code), { overwrite: true });
    const errors = sf
      .getPreEmitDiagnostics()
      .filter((d) => d.getCategory() === ts.DiagnosticCategory.Error)
      .map((d) => `${d.getLineNumber() ?? '?'}: ${diagnosticText(d.compilerObject.messageText)}`);
    expect(errors, sf.getFullText()).toEqual([]);
  }, 60_000);
});
