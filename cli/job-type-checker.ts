// Type-checks a job file and everything it imports with the project's tsconfig, before anything runs:
// a misspelt column or `sum(r.path)` becomes `file:line:col: job error: ...`, not a runtime surprise.
import path from 'node:path';
import { Project, ts, type Diagnostic } from 'ts-morph';
import { JobError } from '../plan/index.ts';
import { diagnosticText } from './diagnostic-text.ts';
import { displayPath, PROJECT_ROOT } from './job-paths.ts';

/** Type errors of the job file first, then of the files it imports; empty when it type-checks. */
export function typeCheckJob(file: string): JobError[] {
  const project = new Project({
    tsConfigFilePath: path.join(PROJECT_ROOT, 'tsconfig.json'),
    skipAddingFilesFromTsConfig: true,
    // ts-morph parses files without their package.json module format, so under NodeNext every file
    // would count as CommonJS (and `import.meta` as an error); ESNext + Bundler checks the same code as ESM.
    compilerOptions: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
  });
  const job = project.addSourceFileAtPath(file);
  project.resolveSourceFileDependencies();
  const own = job.getPreEmitDiagnostics();
  const rest = project
    .getSourceFiles()
    .filter((sf) => sf !== job && !sf.isDeclarationFile() && !sf.isInNodeModules())
    .flatMap((sf) => sf.getPreEmitDiagnostics());
  return [...own, ...rest].filter((d) => d.getCategory() === ts.DiagnosticCategory.Error).map(toJobError);
}

function toJobError(d: Diagnostic): JobError {
  const message = diagnosticText(d.compilerObject.messageText);
  const sf = d.getSourceFile();
  const start = d.getStart();
  if (!sf || start === undefined) return new JobError('job', message);
  const { line, column } = sf.getLineAndColumnAtPos(start);
  return new JobError('job', message, { file: displayPath(sf.getFilePath()), line, column });
}
