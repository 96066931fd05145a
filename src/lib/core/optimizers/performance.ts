/**
 * Portfolio performance as PyPortfolioOpt reports it (reference-definitions.md §0):
 * expected return wᵀμ, volatility √(wᵀΣw), Sharpe (wᵀμ − rf)/volatility.
 */
import { dot, quadraticForm } from '../linalg/dense';

export interface Performance {
  expectedReturn: number;
  volatility: number;
  sharpe: number;
}

export function portfolioPerformance(
  weights: ArrayLike<number>,
  mu: ArrayLike<number>,
  cov: Float64Array,
  riskFreeRate = 0.02
): Performance {
  const n = weights.length;
  const expectedReturn = dot(weights, mu);
  const volatility = Math.sqrt(Math.max(0, quadraticForm(cov, n, weights)));
  return { expectedReturn, volatility, sharpe: (expectedReturn - riskFreeRate) / volatility };
}
