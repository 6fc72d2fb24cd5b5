// `emr-jobs engines install|status`: the local Pig and Spark engines that `run --engine` and the tests use.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { engineStatuses } from '../engine-status-reader.ts';
import { EXIT_FAILED, exitWith } from '../exit-codes.ts';
import { enginesDir } from '../../engines/engine-paths.ts';
import { PACKAGE_ROOT } from '../../engines/package-root.ts';
import { renderTable } from '../table-printer.ts';

const INSTALL_SCRIPT = path.join(PACKAGE_ROOT, 'scripts', 'install-engines.sh');

export function register(program: Command): void {
  const engines = program
    .command('engines')
    .description('install or inspect the local engines (Java 17, Pig 0.17 local mode, PySpark 3.5)')
    .addHelpText('after', '\nExamples:\n  $ npx emr-jobs engines install\n  $ npx emr-jobs engines status');
  engines
    .command('install')
    .description('install Java 17, Maven, Pig (Maven Central) and PySpark (PyPI) into the per-user engines folder (idempotent)')
    .addHelpText('after', `\nRuns the package's scripts/install-engines.sh, streaming its output, into one folder per user and pinned\nversions that every project shares ($EMR_JOBS_HOME/engines-<hash>, else ~/.cache/emr-jobs/engines-<hash>).\nExit 1 when it fails.\n\nExample:\n  $ npx emr-jobs engines install`)
    .action(install);
  engines
    .command('status')
    .description('show which local engines are installed, and their versions')
    .addHelpText('after', '\nAlways exits 0; a missing engine shows "no" in the installed column.\n\nExample:\n  $ npx emr-jobs engines status')
    .action(status);
}

async function install(): Promise<void> {
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('bash', [INSTALL_SCRIPT], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  if (code !== 0) throw exitWith(EXIT_FAILED, 'engine', `the engine install into ${enginesDir()} failed (exit ${code}); see its output above`);
}

function status(): void {
  const rows = engineStatuses().map((s) => [s.name, s.installed ? 'yes' : 'no', s.version, s.where]);
  process.stdout.write(`${renderTable(['engine', 'installed', 'version', 'where'], rows, 90)}\n`);
}
