// The machine a run was measured on: numbers mean little without it.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly freeH: string;
  readonly node: string;
  readonly platform: string;
  readonly loadAvg: readonly number[];
}

export function machineInfo(): MachineInfo {
  let freeH = '';
  try {
    freeH = execFileSync('free', ['-h'], { encoding: 'utf8' }).trim();
  } catch {
    freeH = '(free not available)';
  }
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    freeH,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAvg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
