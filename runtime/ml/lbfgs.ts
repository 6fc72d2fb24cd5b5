// Limited-memory BFGS with a backtracking line search (Armijo, then the curvature condition when it can
// be met): the optimiser Spark runs for logistic regression, used here on the same objective.

export type Objective = (x: Float64Array) => { value: number; gradient: Float64Array };

export interface LbfgsOptions {
  readonly maxIter: number;
  /** Stop when the relative improvement of the value falls below this. */
  readonly tol: number;
  /** Stop when the largest gradient element falls below this. */
  readonly gradTol?: number;
  readonly memory?: number;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export function minimize(f: Objective, start: Float64Array, opts: LbfgsOptions): { x: Float64Array; value: number; iterations: number } {
  const m = opts.memory ?? 10;
  let x = Float64Array.from(start);
  let { value, gradient: g } = f(x);
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  let iter = 0;
  for (; iter < opts.maxIter; iter++) {
    if (Math.max(...g.map(Math.abs)) <= (opts.gradTol ?? 0)) break;
    // Two-loop recursion: d = -H g.
    const q = Float64Array.from(g);
    const alpha: number[] = [];
    for (let i = ss.length - 1; i >= 0; i--) {
      const a = dot(ss[i], q) / dot(ys[i], ss[i]);
      alpha[i] = a;
      for (let j = 0; j < q.length; j++) q[j] -= a * ys[i][j];
    }
    const gamma = ss.length ? dot(ss.at(-1)!, ys.at(-1)!) / dot(ys.at(-1)!, ys.at(-1)!) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let j = 0; j < q.length; j++) q[j] *= gamma;
    for (let i = 0; i < ss.length; i++) {
      const b = dot(ys[i], q) / dot(ys[i], ss[i]);
      for (let j = 0; j < q.length; j++) q[j] += ss[i][j] * (alpha[i] - b);
    }
    const d = q.map((v) => -v);
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction: restart from steepest descent.
      ss.length = 0;
      ys.length = 0;
      for (let j = 0; j < d.length; j++) d[j] = -g[j];
      slope = dot(g, d);
    }
    let step = 1;
    let next = f(x.map((v, j) => v + step * d[j]));
    let tries = 0;
    while ((!(next.value <= value + 1e-4 * step * slope) || !Number.isFinite(next.value)) && tries < 60) {
      step *= 0.5;
      next = f(x.map((v, j) => v + step * d[j]));
      tries++;
    }
    if (tries >= 60) break;
    const xn = x.map((v, j) => v + step * d[j]);
    const s = xn.map((v, j) => v - x[j]);
    const y = next.gradient.map((v, j) => v - g[j]);
    if (dot(s, y) > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      ss.push(s);
      ys.push(y);
      if (ss.length > m) (ss.shift(), ys.shift());
    }
    const improvement = (value - next.value) / Math.max(Math.abs(value), Math.abs(next.value), 1e-12);
    x = xn;
    value = next.value;
    g = next.gradient;
    if (improvement <= opts.tol) {
      iter++;
      break;
    }
  }
  return { x, value, iterations: iter };
}
