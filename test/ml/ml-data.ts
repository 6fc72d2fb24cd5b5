// Seeded test data for the ML tests: a PRNG, normal draws, and CSV tables of labelled blobs.
import { writeFileSync } from 'node:fs';

/** mulberry32: the same numbers on every run for a seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller). */
export function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

export interface Blob {
  readonly label: string;
  readonly centre: readonly number[];
  readonly spread: number;
  readonly rows: number;
}

/** CSV `id,x0..xn,label` of Gaussian blobs (rows interleaved), rounded to 4 decimals as real data would be. */
export function writeBlobs(file: string, seed: number, blobs: readonly Blob[]): void {
  const r = random(seed);
  const d = blobs[0].centre.length;
  const lines = [['id', ...Array.from({ length: d }, (_, j) => `x${j}`), 'label'].join(',')];
  const total = blobs.reduce((n, b) => n + b.rows, 0);
  const left = blobs.map((b) => b.rows);
  for (let id = 0; id < total; id++) {
    const b = id % blobs.length;
    const pick = left[b] > 0 ? b : left.findIndex((n) => n > 0);
    left[pick]--;
    const blob = blobs[pick];
    const xs = blob.centre.map((c) => Math.round((c + gaussian(r) * blob.spread) * 1e4) / 1e4);
    lines.push([id, ...xs, blob.label].join(','));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}
