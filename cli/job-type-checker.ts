// Type-checks a job file and the project files it imports, with the project's own tsconfig (a built-in one
// when it has none), before anything runs: a misspelt column or `sum(r.path)` becomes
// `file:line:col: job error: ...`, not a surprise on a cluster. The installed toolkit is checked through its
// declarations only. A job whose files, tsconfig and toolkit version are unchanged since its last clean check
// is not checked again (see type-check-cache.ts).
import path from 'node:path';
import type { CompilerOptions, Diagnostic } from 'typescript';
import { JobError } from '../plan/index.ts';
import { diagnosticText } from './diagnostic-text.ts';
import { displayPath } from './job-paths.ts';
import { projectLayout } from './project-root.ts';
import { recordCleanCheck } from './type-check-cache.ts';
import { loadTypeScript, saveTypeScriptCodeCache } from './typescript-loader.ts';

// Loaded, not imported: an ESM import of this 9 MB CommonJS file first scans all of it for export names.
const ts = loadTypeScript();

/** Used when the project has no tsconfig.json: what `emr-jobs init` writes, but with every @types package. */
const BUILT_IN_OPTIONS: CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2023.d.ts'],
  strict: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  esModuleInterop: true,
};

/** Type errors of the job file first, then of the project files it imports; empty when it type-checks. */
export function typeCheckJob(file: string): JobError[] {
  const layout = projectLayout();
  const { options, configErrors } = compilerOptions(layout.tsconfig);
  if (configErrors.length) return configErrors;
  const host = ts.createCompilerHost(options);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors; // as tsc does: JSDoc in .ts files never makes an error
  const program = ts.createProgram({ rootNames: [file], options, host });
  const job = program.getSourceFile(file);
  const own = program.getSourceFiles().filter((sf) => !sf.isDeclarationFile && !program.isSourceFileFromExternalLibrary(sf) && !sf.fileName.includes('/node_modules/'));
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...[job, ...own.filter((sf) => sf !== job)].flatMap((sf) => (sf ? ts.getPreEmitDiagnostics(program, sf) : [])),
  ].filter((d) => d.category === ts.DiagnosticCategory.Error);
  const errors = dedupe(diagnostics).map(toJobError);
  if (errors.length === 0) recordCleanCheck(file, layout.tsconfig, own.map((sf) => path.resolve(sf.fileName)));
  saveTypeScriptCodeCache();
  return errors;
}

function compilerOptions(tsconfig: string | null): { options: CompilerOptions; configErrors: JobError[] } {
  let base = BUILT_IN_OPTIONS;
  if (tsconfig) {
    const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    if (!parsed) return { options: base, configErrors: [new JobError('usage', 'cannot read tsconfig.json', { file: displayPath(tsconfig) })] };
    const errors = parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003 /* no inputs: fine, we give the root */);
    if (errors.length) return { options: base, configErrors: errors.map(toJobError) };
    base = parsed.options;
  }
  // Only diagnostics are wanted: nothing is written, no build info, no project-reference rules; and how
  // import syntax maps to the module format is the loader's business (tsx runs either), not a job error.
  const options: CompilerOptions = { ...base, verbatimModuleSyntax: false, noEmit: true, incremental: false, composite: false, declaration: false, emitDeclarationOnly: false, tsBuildInfoFile: undefined };
  return { options, configErrors: [] };
}

function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.file?.fileName}:${d.start}:${d.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toJobError(d: Diagnostic): JobError {
  const message = diagnosticText(d.messageText);
  if (!d.file || d.start === undefined) return new JobError('job', message, d.file ? { file: displayPath(d.file.fileName) } : null);
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return new JobError('job', message, { file: displayPath(d.file.fileName), line: line + 1, column: character + 1 });
}
