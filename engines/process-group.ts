// Ends a child's whole process group (an engine's JVM and the processes it started), politely first:
// SIGTERM lets Spark and Hadoop run their shutdown hooks (which delete their temp folders), SIGKILL follows
// when the group is still there after the grace period.

/** How long an engine gets to exit after SIGTERM before the group is killed. */
export const ENGINE_STOP_GRACE_MS = 3_000;

const POLL_MS = 100;

/** True while any process of the group is alive. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    // EPERM: a process is there, owned by someone else (cannot happen for our own children, but it is alive).
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* the group is gone */
  }
}

/** SIGTERM to the group, then SIGKILL after `graceMs` if any member remains; resolves when none is left. */
export async function terminateGroup(pgid: number, graceMs = ENGINE_STOP_GRACE_MS): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(POLL_MS);
  if (!groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGKILL');
  // A killed process is gone at once; zombies of the group's children may show briefly until reaped.
  const hardDeadline = Date.now() + 2_000;
  while (groupAlive(pgid) && Date.now() < hardDeadline) await sleep(POLL_MS);
}

/** SIGKILL to the group at once (the process is about to exit and cannot wait). */
export function killGroupNow(pgid: number): void {
  signalGroup(pgid, 'SIGKILL');
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
