/**
 * CAPM expected returns (reference-definitions.md §1, PyPortfolioOpt `capm_return`):
 * μᵢ = rf + βᵢ (μ_mkt − rf) with βᵢ = cov(rᵢ, mkt) / var(mkt) from pairwise-complete
 * covariances (ddof 1). Without a market series the market is each day's mean of the available
 * asset returns. μ_mkt is the market's CAGR (or arithmetic mean · frequency).
 */
import type { ReturnTable } from '../../returns/return-table';
import { pairwiseCovariance } from '../risk-models/pairwise';

export interface CapmOptions {
  /** Market returns aligned to `returns.dates` (NaN where unknown); default: the equal-weight mean. */
  market?: Float64Array;
  riskFreeRate?: number;
  compounding?: boolean;
  frequency?: number;
}

export function capmReturn(returns: ReturnTable, options: CapmOptions = {}): Float64Array {
  const { riskFreeRate = 0, compounding = true, frequency = 252 } = options;
  const n = returns.assets.length;
  const rows = returns.dates.length;
  let market = options.market;
  if (!market) {
    market = new Float64Array(rows);
    for (let t = 0; t < rows; t++) {
      let sum = 0;
      let count = 0;
      for (let j = 0; j < n; j++) {
        const r = returns.values[t * n + j];
        if (!Number.isNaN(r)) {
          sum += r;
          count++;
        }
      }
      market[t] = count > 0 ? sum / count : Number.NaN;
    }
  }
  // Covariances of [returns, market], pairwise complete, as pandas computes them.
  const joined = new Float64Array(rows * (n + 1));
  for (let t = 0; t < rows; t++) {
    for (let j = 0; j < n; j++) joined[t * (n + 1) + j] = returns.values[t * n + j];
    joined[t * (n + 1) + n] = market[t];
  }
  const cov = pairwiseCovariance(joined, rows, n + 1);
  const marketVariance = cov[n * (n + 1) + n];

  let count = 0;
  let sum = 0;
  let logGrowth = 0;
  for (let t = 0; t < rows; t++) {
    if (Number.isNaN(market[t])) continue;
    count++;
    sum += market[t];
    logGrowth += Math.log1p(market[t]);
  }
  const marketReturn = compounding ? Math.expm1((logGrowth * frequency) / count) : (sum / count) * frequency;

  const mu = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const beta = cov[j * (n + 1) + n] / marketVariance;
    mu[j] = riskFreeRate + beta * (marketReturn - riskFreeRate);
  }
  return mu;
}
