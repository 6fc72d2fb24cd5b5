// MapReduce job metrics of a Pig run from its INFO log: the "Job Stats" table (maps, reduces, aliases,
// features) and each task's final Hadoop counters (shuffle bytes, spilled records), by job.
export interface PigJobMetrics {
  readonly jobId: string;
  readonly maps: number;
  readonly reduces: number;
  readonly aliases: string;
  readonly feature: string;
  readonly shuffleBytes: number;
  readonly spilledRecords: number;
}

export function readPigJobStats(log: string): PigJobMetrics[] {
  const counters = new Map<string, { shuffle: number; spilled: number }>();
  const blocks = log.split(/Final Counters for attempt_(local\d+_\d+)_[mr]_\d+_\d+: Counters: \d+\n/);
  for (let i = 1; i + 1 < blocks.length; i += 2) {
    const lines = blocks[i + 1].split('\n');
    const end = lines.findIndex((l) => !l.startsWith('\t'));
    const body = lines.slice(0, end < 0 ? lines.length : end).join('\n');
    const num = (name: string) => Number(new RegExp(`\\t${name}=(\\d+)`).exec(body)?.[1] ?? 0);
    const c = counters.get(blocks[i]) ?? { shuffle: 0, spilled: 0 };
    counters.set(blocks[i], { shuffle: c.shuffle + num('Reduce shuffle bytes'), spilled: c.spilled + num('Spilled Records') });
  }
  const table = /Job Stats \(time in seconds\):\n[^\n]*\n((?:job_[^\n]*\n)+)/.exec(log)?.[1] ?? '';
  // In the order the jobs ran (the id's last number), not Pig's.
  const seq = (l: string) => Number(/_(\d+)\t/.exec(l)?.[1] ?? 0);
  return table
    .split('\n')
    .filter((l) => l.startsWith('job_'))
    .sort((a, b) => seq(a) - seq(b))
    .map((l) => {
      const f = l.split('\t');
      const c = counters.get(f[0].replace(/^job_/, '')) ?? { shuffle: 0, spilled: 0 };
      return { jobId: f[0], maps: Number(f[1]), reduces: Number(f[2]), aliases: f[11] ?? '', feature: f[12] ?? '', shuffleBytes: c.shuffle, spilledRecords: c.spilled };
    });
}
