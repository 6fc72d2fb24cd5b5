// Linear regression by the normal equations, as Spark's normal-equation solver (WeightedLeastSquares):
// mean squared error / 2 plus an L2 penalty regParam / std(label) on coefficients of features
// standardised by their population standard deviation.
import type { LinearRegressionEstimator } from '../../plan/ml.ts';
import type { FittedEstimator } from './model-types.ts';
import type { Vector } from './ml-frame.ts';

type LinModel = Extract<FittedEstimator, { kind: 'linearRegression' }>;

/** Solves A x = b for a symmetric positive (semi)definite A by Gaussian elimination with partial pivoting. */
export function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    [m[c], m[p]] = [m[p], m[c]];
    if (Math.abs(m[c][c]) < 1e-300) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      if (f !== 0) for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row, i) => (Math.abs(row[i]) < 1e-300 ? 0 : row[n] / row[i]));
}

export function fitLinearRegression(spec: LinearRegressionEstimator, xs: readonly Vector[], y: readonly number[]): LinModel {
  const n = xs.length;
  const d = xs[0]?.length ?? 0;
  const mean = (f: (i: number) => number) => (spec.fitIntercept ? Array.from({ length: n }, (_, i) => f(i)).reduce((a, b) => a + b, 0) / n : 0);
  const xMean = Array.from({ length: d }, (_, j) => mean((i) => xs[i][j]));
  const yMean = mean((i) => y[i]);
  const popStd = (f: (i: number) => number) => {
    const mu = Array.from({ length: n }, (_, i) => f(i)).reduce((a, b) => a + b, 0) / n;
    return Math.sqrt(Array.from({ length: n }, (_, i) => (f(i) - mu) ** 2).reduce((a, b) => a + b, 0) / n);
  };
  const xStd = Array.from({ length: d }, (_, j) => popStd((i) => xs[i][j]));
  const yStd = popStd((i) => y[i]);
  const ata = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  const aty = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const xj = xs[i][j] - xMean[j];
      aty[j] += (xj * (y[i] - yMean)) / n;
      for (let k = 0; k < d; k++) ata[j][k] += (xj * (xs[i][k] - xMean[k])) / n;
    }
  }
  const lambda = yStd > 0 ? spec.regParam / yStd : spec.regParam;
  for (let j = 0; j < d; j++) ata[j][j] += lambda * (spec.standardization ? xStd[j] ** 2 : 1);
  // A constant feature has no coefficient (Spark gives it 0).
  const coefficients = solve(ata, aty).map((w, j) => (xStd[j] === 0 && spec.fitIntercept ? 0 : w));
  const intercept = spec.fitIntercept ? yMean - coefficients.reduce((s, w, j) => s + w * xMean[j], 0) : 0;
  return { kind: 'linearRegression', coefficients, intercept };
}

export function predictLinear(m: LinModel, x: Vector): number {
  return m.coefficients.reduce((s, w, j) => s + w * x[j], m.intercept);
}
