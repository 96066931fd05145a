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
  let P: Float64Array | undefined;
  // Returns of the rows to add (signed +1) and remove (−1); a missing return counts as 0, which
  // is what skipping it would do to the sums and products.
  const pending: { left: Float64Array; right: Float64Array }[] = [];
  const queue = (history: BarHistory, bar: number, sign: number) => {
    const right = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      const r = history.price(universe[i], bar) / history.price(universe[i], bar - 1) - 1;
      right[i] = Number.isFinite(r) ? r : 0;
    }
    pending.push({ left: sign === 1 ? right : right.map((r) => -r), right });
  };
  /**
   * Adds Σ left_i·right_j over the queued rows to the upper triangle, four rows per sweep of the
   * matrix: the update is bound by memory traffic on `products`, and blocking cuts it fourfold.
   */
  const flush = () => {
    const zero = new Float64Array(k);
    for (let q = 0; q < pending.length; q += 4) {
      const [a, b, c, d] = [0, 1, 2, 3].map((o) => pending[q + o] ?? { left: zero, right: zero });
      const [la, lb, lc, ld] = [a.left, b.left, c.left, d.left];
      const [ra, rb, rc, rd] = [a.right, b.right, c.right, d.right];
      for (let i = 0; i < k; i++) {
        const ai = la[i];
        const bi = lb[i];
        const ci = lc[i];
        const di = ld[i];
        sums[i] += ai + bi + ci + di;
        const base = i * k;
        for (let j = i; j < k; j++) products[base + j] += ai * ra[j] + bi * rb[j] + ci * rc[j] + di * rd[j];
      }
    }
    pending.length = 0;
  };

  return (history) => {
    const now = history.now;
    const first = now - lookback + 1;
    if (windowEnd < 0 || first > windowEnd || first < 1) {
      sums.fill(0);
      products.fill(0);
      for (let bar = Math.max(1, first); bar <= now; bar++) queue(history, bar, 1);
    } else {
      for (let bar = windowEnd + 1; bar <= now; bar++) queue(history, bar, 1);
      for (let bar = Math.max(1, windowEnd - lookback + 1); bar < first; bar++) queue(history, bar, -1);
    }
    flush();
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
    // P = 2Σ from the upper triangle of the running sums (`live` is ascending, so i ≤ j), in
    // 32 × 32 tiles so the mirrored writes stay in cache; the buffer is reused between refits.
    if (!P || P.length !== n * n) P = new Float64Array(n * n);
    const scale = 2 / (m - 1);
    const TILE = 32;
    for (let a0 = 0; a0 < n; a0 += TILE)
      for (let b0 = a0; b0 < n; b0 += TILE)
        for (let a = a0; a < Math.min(a0 + TILE, n); a++) {
          const i = live[a];
          const base = i * k;
          const mean = sums[i] / m;
          for (let b = Math.max(a, b0); b < Math.min(b0 + TILE, n); b++) {
            const value = (products[base + live[b]] - mean * sums[live[b]]) * scale;
            P[a * n + b] = value;
            P[b * n + a] = value;
          }
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
