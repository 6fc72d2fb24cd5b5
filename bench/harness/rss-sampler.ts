// Samples the resident memory of this process's descendants (Linux /proc), for engines that run in
// processes the benchmark does not start itself (Spark's Python driver and JVM, Pig's JVM).
import { readdirSync, readFileSync } from 'node:fs';

const PAGE = 4096;

function children(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // The command name may hold spaces: fields resume after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = kids.get(ppid);
      if (list) list.push(Number(d));
      else kids.set(ppid, [Number(d)]);
    } catch {
      /* the process ended while we looked */
    }
  }
  return kids;
}

function treeRssBytes(root: number): number {
  const kids = children();
  let total = 0;
  const stack = [...(kids.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      total += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
    } catch {
      /* ended */
    }
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

/** Starts sampling every `everyMs`; `stop()` returns the peak in MB (null where /proc is missing). */
export function sampleDescendantRss(everyMs = 250): { stop(): number | null } {
  let peak = 0;
  let ok = true;
  const tick = () => {
    try {
      peak = Math.max(peak, treeRssBytes(process.pid));
    } catch {
      ok = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      return ok ? peak / (1024 * 1024) : null;
    },
  };
}
