// One run at a time per output folder: `<out>/.emr-jobs.lock`, created atomically with its content (written
// to a private file, then hard-linked into place, which fails when the lock exists). A lock whose holder
// is a dead process on this host is stale and taken over with a warning.
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';

export const LOCK_FILE = '.emr-jobs.lock';

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO time the holder took the lock. */
  readonly started: string;
  readonly command: string;
}

export interface OutputLock {
  readonly file: string;
  /** Removes the lock if it is still ours; safe to call more than once. */
  release(): void;
}

/**
 * Takes the lock of `outDir` (which must exist); exit 2 naming the holder when another live run has it.
 * `shownOut` is the folder as the user named it, for messages.
 */
export function acquireOutputLock(outDir: string, shownOut: string, warn: (line: string) => void): OutputLock {
  const file = path.join(outDir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command: process.argv.slice(2).join(' ') };
  const draft = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
  writeFileSync(draft, `${JSON.stringify(me)}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw lockError(e, shownOut);
      }
      const holder = readHolder(file);
      if (holder === null || holder.host !== me.host || alive(holder.pid)) {
        throw exitWith(EXIT_USAGE, 'usage', `--out ${shownOut}: another emr-jobs run is writing there (${describeHolder(holder)}); wait for it or choose another --out`);
      }
      warn(`--out ${shownOut}: taking over a stale lock of pid ${holder.pid} (started ${holder.started}, no longer running)`);
      // Remove it only if it is still the same stale holder's (another run may have taken it over meanwhile).
      if (readHolder(file)?.pid === holder.pid) unlinkSync(file);
    }
  } finally {
    unlinkSync(draft);
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    if (readHolder(file)?.pid === process.pid) unlinkSync(file);
  };
  // An error escaping every handler ends the process through process.exit: the lock goes too.
  process.on('exit', release);
  return { file, release };
}

function lockError(e: unknown, shownOut: string) {
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'EEXIST') return exitWith(EXIT_USAGE, 'usage', `--out ${shownOut}: another emr-jobs run took the lock first; try again`);
  return exitWith(EXIT_USAGE, 'usage', `--out ${shownOut}: cannot create the lock file ${LOCK_FILE} (${code})`);
}

function readHolder(file: string): LockHolder | null {
  try {
    const x = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof x.pid !== 'number' || typeof x.host !== 'string') return null;
    return { pid: x.pid, host: x.host, started: String(x.started ?? '?'), command: String(x.command ?? '') };
  } catch {
    return null;
  }
}

function describeHolder(h: LockHolder | null): string {
  if (h === null) return `its lock file ${LOCK_FILE} is unreadable; remove it if no run is active`;
  return `pid ${h.pid} on ${h.host}, started ${h.started}${h.command ? `: emr-jobs ${h.command}` : ''}`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
