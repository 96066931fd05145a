/**
 * Sample covariance (PyPortfolioOpt `sample_cov`): pairwise-complete, ddof 1, annualised.
 */
import type { ReturnTable } from '../../returns/return-table';
import { pairwiseCovariance } from './pairwise';

export function sampleCovariance(returns: ReturnTable, frequency = 252): Float64Array {
  const cov = pairwiseCovariance(returns.values, returns.dates.length, returns.assets.length);
  return cov.map((value) => value * frequency);
}
