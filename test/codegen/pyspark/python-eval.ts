// Runs a small Python program with the engines' Python (or python3) and returns its stdout.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { venvBin } from '../../../engines/engine-paths.ts';

export function python(): string {
  const venv = venvBin('python');
  return existsSync(venv) ? venv : 'python3';
}

export function runPython(source: string): string {
  return execFileSync(python(), ['-c', source], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
