/**
 * Mean historical return (reference-definitions.md §1, PyPortfolioOpt `mean_historical_return`).
 * With compounding (the default) the CAGR of each asset over its own non-missing returns:
 * ∏(1 + r)^(frequency / n) − 1. Without: mean(r) · frequency. O(T·N).
 */
import type { ReturnTable } from '../../returns/return-table';

export interface MeanHistoricalOptions {
  compounding?: boolean;
  frequency?: number;
}

export function meanHistoricalReturn(returns: ReturnTable, options: MeanHistoricalOptions = {}): Float64Array {
  const { compounding = true, frequency = 252 } = options;
  const n = returns.assets.length;
  const rows = returns.dates.length;
  const mu = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let count = 0;
    let logGrowth = 0;
    let sum = 0;
    for (let t = 0; t < rows; t++) {
      const r = returns.values[t * n + j];
      if (Number.isNaN(r)) continue;
      count++;
      sum += r;
      logGrowth += Math.log1p(r);
    }
    if (count === 0) mu[j] = Number.NaN;
    else mu[j] = compounding ? Math.expm1((logGrowth * frequency) / count) : (sum / count) * frequency;
  }
  return mu;
}
