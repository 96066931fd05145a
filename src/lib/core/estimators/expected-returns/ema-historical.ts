/**
 * Exponentially weighted mean historical return (reference-definitions.md §1,
 * PyPortfolioOpt `ema_historical_return`): the last value of pandas `ewm(span).mean()` with
 * adjust = True and ignore_na = False, i.e. Σ wₛ rₛ / Σ wₛ over the non-missing returns with
 * wₛ = (1 − α)^(T−1−s) and α = 2 / (span + 1); missing positions still count in the decay.
 * Compounded: (1 + ema)^frequency − 1; otherwise ema · frequency.
 */
import type { ReturnTable } from '../../returns/return-table';

export interface EmaHistoricalOptions {
  span?: number;
  compounding?: boolean;
  frequency?: number;
}

/** The last value of an adjusted exponentially weighted mean of `series` (NaN skipped). */
export function lastEwmMean(series: ArrayLike<number>, span: number): number {
  const decay = 1 - 2 / (span + 1);
  let weight = 1;
  let numerator = 0;
  let denominator = 0;
  for (let s = series.length - 1; s >= 0; s--) {
    const value = series[s];
    if (!Number.isNaN(value)) {
      numerator += weight * value;
      denominator += weight;
    }
    weight *= decay;
  }
  return denominator > 0 ? numerator / denominator : Number.NaN;
}

export function emaHistoricalReturn(returns: ReturnTable, options: EmaHistoricalOptions = {}): Float64Array {
  const { span = 500, compounding = true, frequency = 252 } = options;
  const n = returns.assets.length;
  const rows = returns.dates.length;
  const mu = new Float64Array(n);
  const series = new Float64Array(rows);
  for (let j = 0; j < n; j++) {
    for (let t = 0; t < rows; t++) series[t] = returns.values[t * n + j];
    const ema = lastEwmMean(series, span);
    mu[j] = compounding ? (1 + ema) ** frequency - 1 : ema * frequency;
  }
  return mu;
}
