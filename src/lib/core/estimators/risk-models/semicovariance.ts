/**
 * Semicovariance (PyPortfolioOpt `semicovariance`): D = min(r − benchmark, 0) with missing → 0,
 * S = DᵀD / T · frequency, T counting every row. Only returns below the benchmark add risk.
 */
import type { ReturnTable } from '../../returns/return-table';
import { crossProduct } from './pairwise';

export interface SemicovarianceOptions {
  /** Daily benchmark return; PyPortfolioOpt's default is 0.000079 (≈ 2 % a year). */
  benchmark?: number;
  frequency?: number;
}

export function semicovariance(returns: ReturnTable, options: SemicovarianceOptions = {}): Float64Array {
  const { benchmark = 0.000079, frequency = 252 } = options;
  const rows = returns.dates.length;
  const cols = returns.assets.length;
  const downside = Float64Array.from(returns.values, (r) => (Number.isNaN(r) ? 0 : Math.min(r - benchmark, 0)));
  return crossProduct(downside, downside, rows, cols, rows).map((value) => value * frequency);
}
