// `emr-jobs engines install|status`: the local Pig and Spark engines that `run --engine` and the tests use.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { engineStatuses } from '../engine-status-reader.ts';
import { EXIT_FAILED, exitWith } from '../exit-codes.ts';
import { PROJECT_ROOT } from '../job-paths.ts';
import { renderTable } from '../table-printer.ts';

const INSTALL_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'install-engines.sh');

export function register(program: Command): void {
  const engines = program
    .command('engines')
    .description('install or inspect the local engines (Java 17, Pig 0.17 local mode, PySpark 3.5)')
    .addHelpText('after', '\nExamples:\n  $ npx emr-jobs engines install\n  $ npx emr-jobs engines status');
  engines
    .command('install')
    .description('install Java 17, Maven, Pig (Maven Central) and PySpark (PyPI) into .engines/ (idempotent)')
    .addHelpText('after', `\nRuns ${path.relative(PROJECT_ROOT, INSTALL_SCRIPT)}, streaming its output. Exit 1 when it fails.\n\nExample:\n  $ npx emr-jobs engines install`)
    .action(install);
  engines
    .command('status')
    .description('show which local engines are installed, and their versions')
    .addHelpText('after', '\nAlways exits 0; a missing engine shows "no" in the installed column.\n\nExample:\n  $ npx emr-jobs engines status')
    .action(status);
}

async function install(): Promise<void> {
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('bash', [INSTALL_SCRIPT], { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  if (code !== 0) throw exitWith(EXIT_FAILED, 'engine', `${path.relative(process.cwd(), INSTALL_SCRIPT)} failed (exit ${code}); see its output above`);
}

function status(): void {
  const rows = engineStatuses().map((s) => [s.name, s.installed ? 'yes' : 'no', s.version, s.where]);
  process.stdout.write(`${renderTable(['engine', 'installed', 'version', 'where'], rows, 90)}\n`);
}
