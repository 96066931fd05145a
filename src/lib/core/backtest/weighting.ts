/**
 * "How much" steps of a backtested strategy, refit walk-forward at each rebalance from the
 * history as of the decision bar: equal weight over the assets that have data, and inverse
 * volatility over a lookback window. Each returns weights summing to `invested` (1 − cash).
 */
import type { BarHistory } from './bar-history';
import type { QpSolver } from '../solver/qp';

/** Equal weights over `universe` (asset indexes) that have a price now. */
export function equalWeight(universe: number[], invested = 1): (history: BarHistory) => Float64Array {
  return (history) => {
    const w = new Float64Array(history.assets.length);
    const live = universe.filter((j) => Number.isFinite(history.price(j)));
    for (const j of live) w[j] = invested / live.length;
    return w;
  };
}

/**
 * Weights ∝ 1 / σ_j over the last `lookback` returns (sample standard deviation); an asset with
 * fewer than two returns or zero volatility is left out.
 */
export function inverseVolatility(
  universe: number[],
  lookback: number,
  invested = 1
): (history: BarHistory) => Float64Array {
  return (history) => {
    const w = new Float64Array(history.assets.length);
    let total = 0;
    for (const j of universe) {
      const r = Array.from(history.returns(j, lookback)).filter(Number.isFinite);
      if (r.length < 2) continue;
      const mean = r.reduce((a, b) => a + b, 0) / r.length;
      const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
      if (!(sd > 0)) continue;
      w[j] = 1 / sd;
      total += w[j];
    }
    if (total > 0) for (const j of universe) w[j] = (w[j] / total) * invested;
    return w;
  };
}

/**
 * Minimum variance, refit at each rebalance on the sample covariance of the last `lookback`
 * returns: min wᵀΣw with Σw = invested, 0 ≤ w. The covariance is kept as running sums of the
 * window's returns and their products, updated by the bars that entered and left it since the
 * last refit (a month of bars instead of the whole window), and the QP starts from the last
 * weights. Assets without a full window (or no price now) are left out until they have one.
 */
export function minimumVariance(
  universe: number[],
  lookback: number,
  qp: QpSolver,
  invested = 1
): (history: BarHistory) => Float64Array {
  const k = universe.length;
  const sums = new Float64Array(k);
  const products = new Float64Array(k * k);
  let windowEnd = -1;
  let previous: Float64Array | undefined;
  const row = new Float64Array(k);
  const returnsAt = (history: BarHistory, bar: number) => {
    for (let i = 0; i < k; i++) row[i] = history.price(universe[i], bar) / history.price(universe[i], bar - 1) - 1;
    return row;
  };
  const addRow = (r: Float64Array, sign: number) => {
    for (let i = 0; i < k; i++) {
      const ri = r[i];
      if (!Number.isFinite(ri)) continue;
      sums[i] += sign * ri;
      const base = i * k;
      for (let j = i; j < k; j++) {
        const rj = r[j];
        if (Number.isFinite(rj)) products[base + j] += sign * ri * rj;
      }
    }
  };

  return (history) => {
    const now = history.now;
    const first = now - lookback + 1;
    if (windowEnd < 0 || first > windowEnd || first < 1) {
      sums.fill(0);
      products.fill(0);
      for (let bar = Math.max(1, first); bar <= now; bar++) addRow(returnsAt(history, bar), 1);
    } else {
      for (let bar = windowEnd + 1; bar <= now; bar++) addRow(returnsAt(history, bar), 1);
      for (let bar = Math.max(1, windowEnd - lookback + 1); bar < first; bar++) addRow(returnsAt(history, bar), -1);
    }
    windowEnd = now;
    const m = Math.min(lookback, now);
    // Assets with a full window: a price at the window's start and now.
    const live: number[] = [];
    for (let i = 0; i < k; i++)
      if (
        m >= 2 &&
        Number.isFinite(history.price(universe[i], Math.max(0, now - m))) &&
        Number.isFinite(history.price(universe[i]))
      )
        live.push(i);
    const w = new Float64Array(history.assets.length);
    const n = live.length;
    if (n === 0) return w;
    const P = new Float64Array(n * n);
    for (let a = 0; a < n; a++)
      for (let b = a; b < n; b++) {
        const i = live[a];
        const j = live[b];
        const [lo, hi] = i <= j ? [i, j] : [j, i];
        const cov = (products[lo * k + hi] - (sums[i] * sums[j]) / m) / (m - 1);
        P[a * n + b] = 2 * cov;
        P[b * n + a] = 2 * cov;
      }
    const start = previous ? Float64Array.from(live, (i) => previous![i]) : undefined;
    const solution = qp.solve(
      {
        n,
        P,
        q: new Float64Array(n),
        equalities: { rows: new Float64Array(n).fill(1), rhs: Float64Array.of(1), names: ['budget'] },
        lower: new Float64Array(n),
        upper: new Float64Array(n).fill(1)
      },
      start ? { start } : {}
    );
    const x = solution.status === 'optimal' ? solution.x : Float64Array.from(live, () => 1 / n);
    previous = new Float64Array(k);
    live.forEach((i, a) => {
      previous![i] = x[a];
      w[universe[i]] = x[a] * invested;
    });
    return w;
  };
}
