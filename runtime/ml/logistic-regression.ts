// Logistic regression as Spark fits it: the mean log loss plus regParam/2 times the squared norm of the
// coefficients of standardised features (sample standard deviation), intercepts unpenalised; binomial
// for two classes, multinomial (softmax over every class) for more; minimised with L-BFGS.
import type { LogisticRegressionEstimator } from '../../plan/ml.ts';
import { minimize } from './lbfgs.ts';
import type { FittedEstimator } from './model-types.ts';
import type { Vector } from './ml-frame.ts';

type LrModel = Extract<FittedEstimator, { kind: 'logisticRegression' }>;

function sampleStd(xs: readonly Vector[], d: number): number[] {
  const n = xs.length;
  return Array.from({ length: d }, (_, j) => {
    let mean = 0;
    for (const x of xs) mean += x[j] / n;
    let ss = 0;
    for (const x of xs) ss += (x[j] - mean) ** 2;
    return n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  });
}

/** Mean loss and gradient in standardised space: params are K rows of d coefficients, then K intercepts. */
function objective(z: readonly Vector[], y: readonly number[], k: number, d: number, multinomial: boolean, reg: number, penalty: readonly number[], intercept: boolean) {
  const n = z.length;
  return (p: Float64Array) => {
    const grad = new Float64Array(p.length);
    let loss = 0;
    const margins = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const x = z[i];
      for (let c = 0; c < k; c++) {
        let m = intercept ? p[k * d + c] : 0;
        for (let j = 0; j < d; j++) m += p[c * d + j] * x[j];
        margins[c] = m;
      }
      if (!multinomial) {
        // Binomial: one margin for class 1; loss log(1 + e^-m) for y = 1, log(1 + e^m) for y = 0.
        const m = margins[0];
        const sign = y[i] > 0.5 ? 1 : -1;
        const t = -sign * m;
        loss += t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
        const mult = -sign / (1 + Math.exp(sign * m));
        for (let j = 0; j < d; j++) grad[j] += (mult * x[j]) / n;
        if (intercept) grad[k * d] += mult / n;
        continue;
      }
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, margins[c]);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(margins[c] - max);
      const label = y[i];
      loss += Math.log(sum) + max - margins[label];
      for (let c = 0; c < k; c++) {
        const mult = Math.exp(margins[c] - max) / sum - (c === label ? 1 : 0);
        for (let j = 0; j < d; j++) grad[c * d + j] += (mult * x[j]) / n;
        if (intercept) grad[k * d + c] += mult / n;
      }
    }
    loss /= n;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const w = p[c * d + j];
        loss += 0.5 * reg * penalty[j] * w * w;
        grad[c * d + j] += reg * penalty[j] * w;
      }
    }
    return { value: loss, gradient: grad };
  };
}

export function fitLogisticRegression(spec: LogisticRegressionEstimator, xs: readonly Vector[], labels: readonly number[], numClasses: number): LrModel {
  const d = xs[0]?.length ?? 0;
  const multinomial = spec.family === 'multinomial' || (spec.family === 'auto' && numClasses > 2);
  const k = multinomial ? numClasses : 1;
  const std = sampleStd(xs, d);
  // Features are divided by their std (constant features become 0 and keep a zero coefficient); the penalty
  // is on standardised coefficients, or on the original ones (std^-2 in this space) without standardization.
  // With an intercept they are also centred, as Spark does to converge faster: the intercept absorbs the
  // shift, the coefficients (and so the penalty and the optimum) are unchanged.
  const mean = Array.from({ length: d }, (_, j) => (spec.fitIntercept ? xs.reduce((s, x) => s + x[j], 0) / Math.max(xs.length, 1) : 0));
  const z = xs.map((x) => x.map((v, j) => (std[j] !== 0 ? (v - mean[j]) / std[j] : 0)));
  const penalty = std.map((s) => (spec.standardization ? 1 : s !== 0 ? 1 / (s * s) : 0));
  const f = objective(z, labels, k, d, multinomial, spec.regParam, penalty, spec.fitIntercept);
  const start = new Float64Array(k * d + (spec.fitIntercept ? k : 0));
  if (spec.fitIntercept) {
    // Spark starts from the class priors' log odds.
    const counts = Array.from({ length: numClasses }, (_, c) => labels.filter((l) => l === c).length);
    if (!multinomial) start[d] = counts[0] > 0 && (counts[1] ?? 0) > 0 ? Math.log(counts[1] / counts[0]) : 0;
    else counts.forEach((c, i) => (start[k * d + i] = Math.log1p(c)));
  }
  const { x } = minimize(f, start, { maxIter: spec.maxIter, tol: 1e-12, gradTol: 1e-10 });
  let coefficients = Array.from({ length: k }, (_, c) => Array.from({ length: d }, (_, j) => (std[j] !== 0 ? x[c * d + j] / std[j] : 0)));
  let intercepts = Array.from({ length: k }, (_, c) => (spec.fitIntercept ? x[k * d + c] - coefficients[c].reduce((s, w, j) => s + w * mean[j], 0) : 0));
  if (multinomial) {
    // Softmax is unchanged by a shift common to every class: Spark centres the intercepts, and (without
    // a penalty to pin them) the coefficients of each feature.
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const im = mean(intercepts);
    intercepts = intercepts.map((b) => b - im);
    if (spec.regParam === 0) {
      const cm = Array.from({ length: d }, (_, j) => mean(coefficients.map((row) => row[j])));
      coefficients = coefficients.map((row) => row.map((w, j) => w - cm[j]));
    }
  }
  return { kind: 'logisticRegression', numClasses, multinomial, coefficients, intercepts };
}

/** Raw margins and class probabilities of one row (binomial raw = [-m, m], as Spark's rawPrediction). */
export function predictLogistic(m: LrModel, x: Vector): { raw: number[]; probability: number[] } {
  const margin = (c: number) => m.coefficients[c].reduce((s, w, j) => s + w * x[j], m.intercepts[c]);
  if (!m.multinomial) {
    const t = margin(0);
    const p1 = 1 / (1 + Math.exp(-t));
    return { raw: [-t, t], probability: [1 - p1, p1] };
  }
  const raw = m.coefficients.map((_, c) => margin(c));
  const max = Math.max(...raw);
  const e = raw.map((r) => Math.exp(r - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return { raw, probability: e.map((v) => v / sum) };
}
