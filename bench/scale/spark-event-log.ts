// Stage metrics from a Spark event log (spark.eventLog.enabled): tasks, input, shuffle, spill and time of
// every completed stage, by the batch job (engines/spark_batch.py sets each job's group) that ran it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StageMetrics {
  /** The batch job's index (its Spark job group emr_jobs_batch_<i>), or null. */
  readonly job: number | null;
  readonly stage: number;
  readonly name: string;
  readonly tasks: number;
  readonly inputBytes: number;
  readonly shuffleReadBytes: number;
  readonly shuffleWriteBytes: number;
  /** Memory and disk spill. */
  readonly spillBytes: number;
  readonly seconds: number;
}

type Event = Record<string, unknown> & { Event: string };

export function readStageMetrics(eventDir: string): StageMetrics[] {
  const events = readdirSync(eventDir).flatMap((f) =>
    readFileSync(join(eventDir, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Event),
  );
  const jobOfStage = new Map<number, number | null>();
  for (const e of events.filter((x) => x.Event === 'SparkListenerJobStart')) {
    const group = (e.Properties as Record<string, string> | undefined)?.['spark.jobGroup.id'] ?? '';
    const m = /emr_jobs_batch_(\d+)$/.exec(group);
    for (const s of e['Stage IDs'] as number[]) jobOfStage.set(s, m ? Number(m[1]) : null);
  }
  return events
    .filter((e) => e.Event === 'SparkListenerStageCompleted')
    .map((e) => {
      const info = e['Stage Info'] as Record<string, unknown>;
      const acc = new Map((info.Accumulables as { Name: string; Value: unknown }[]).map((a) => [a.Name, Number(a.Value) || 0]));
      const v = (name: string) => acc.get(`internal.metrics.${name}`) ?? 0;
      const id = info['Stage ID'] as number;
      return {
        job: jobOfStage.get(id) ?? null,
        stage: id,
        name: String(info['Stage Name']).split(' at ')[0],
        tasks: info['Number of Tasks'] as number,
        inputBytes: v('input.bytesRead'),
        shuffleReadBytes: v('shuffle.read.remoteBytesRead') + v('shuffle.read.localBytesRead'),
        shuffleWriteBytes: v('shuffle.write.bytesWritten'),
        spillBytes: v('memoryBytesSpilled') + v('diskBytesSpilled'),
        seconds: ((info['Completion Time'] as number) - (info['Submission Time'] as number)) / 1000,
      };
    })
    .sort((a, b) => a.stage - b.stage);
}
