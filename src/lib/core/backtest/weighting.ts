/**
 * "How much" steps of a backtested strategy, refit walk-forward at each rebalance from the
 * history as of the decision bar: equal weight over the assets that have data, and inverse
 * volatility over a lookback window. Each returns weights summing to `invested` (1 − cash).
 */
import type { BarHistory } from './bar-history';

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
