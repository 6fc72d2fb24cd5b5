// k-means: Lloyd's iterations as Spark runs them (at most maxIter; done when no centre moves more than
// tol; an empty cluster keeps its centre; ties go to the first centre), from given centres, or else the
// best of several greedy k-means++ starts drawn with the seed (Spark's k-means|| cannot be reproduced
// outside Spark; several starts make a poor local optimum as unlikely as it is there).
import type { KMeansEstimator } from '../../plan/ml.ts';
import type { FittedEstimator } from './model-types.ts';
import type { Vector } from './ml-frame.ts';
import { seededRandom, type Random } from './seeded-random.ts';

type KMeansModel = Extract<FittedEstimator, { kind: 'kMeans' }>;

export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return s;
}

/** Index of the nearest centre (the first on ties) and its squared distance. */
export function nearest(centres: readonly (readonly number[])[], x: ArrayLike<number>): { index: number; distance: number } {
  let index = 0;
  let distance = Infinity;
  centres.forEach((c, i) => {
    const d = squaredDistance(c, x);
    if (d < distance) (index = i), (distance = d);
  });
  return { index, distance };
}

const STARTS = 5;

/**
 * Greedy k-means++: the first centre uniformly; then, of 2 + ln k candidates each drawn with probability
 * proportional to D(x)^2, the one that lowers the sum of D(x)^2 most.
 */
function kMeansPlusPlus(xs: readonly Vector[], k: number, r: Random): number[][] {
  const centres: number[][] = [Array.from(xs[r.int(xs.length)])];
  let dist = xs.map((x) => squaredDistance(x, centres[0]));
  const tries = 2 + Math.floor(Math.log(k));
  while (centres.length < k) {
    const total = dist.reduce((a, b) => a + b, 0);
    if (total === 0) break;
    let best: { c: number[]; dist: number[]; sum: number } | null = null;
    for (let t = 0; t < tries; t++) {
      let u = r.next() * total;
      let pick = dist.findIndex((d) => (u -= d) < 0);
      if (pick < 0) pick = dist.length - 1;
      const c = Array.from(xs[pick]);
      const next = xs.map((x, i) => Math.min(dist[i], squaredDistance(x, c)));
      const sum = next.reduce((a, b) => a + b, 0);
      if (best === null || sum < best.sum) best = { c, dist: next, sum };
    }
    centres.push(best!.c);
    dist = best!.dist;
  }
  return centres;
}

export function fitKMeans(spec: KMeansEstimator, xs: readonly Vector[]): KMeansModel {
  if (spec.initialCentres) return lloyd(spec, xs, spec.initialCentres.map((c) => [...c]));
  const r = seededRandom(spec.seed);
  let best: KMeansModel | null = null;
  for (let s = 0; s < STARTS; s++) {
    const m = lloyd(spec, xs, kMeansPlusPlus(xs, spec.k, r));
    if (best === null || m.trainingCost < best.trainingCost) best = m;
  }
  return best!;
}

function lloyd(spec: KMeansEstimator, xs: readonly Vector[], start: number[][]): KMeansModel {
  let centres = start;
  const d = xs[0]?.length ?? 0;
  let cost = 0;
  let iterations = 0;
  while (iterations < spec.maxIter) {
    iterations++;
    const sums = centres.map(() => new Array<number>(d).fill(0));
    const counts = centres.map(() => 0);
    cost = 0;
    for (const x of xs) {
      const { index, distance } = nearest(centres, x);
      cost += distance;
      counts[index]++;
      for (let j = 0; j < d; j++) sums[index][j] += x[j];
    }
    let moved = false;
    centres = centres.map((c, i) => {
      if (counts[i] === 0) return c;
      const next = sums[i].map((s) => s / counts[i]);
      if (squaredDistance(c, next) > spec.tol * spec.tol) moved = true;
      return next;
    });
    if (!moved) break;
  }
  return { kind: 'kMeans', centres, trainingCost: cost, iterations };
}
