/**
 * Exponentially weighted covariance (PyPortfolioOpt `exp_cov`): for each pair, the last value of
 * the span-weighted mean of (rᵢ − r̄ᵢ)(rⱼ − r̄ⱼ), with full-sample means; annualised. Recent
 * co-movements count more.
 */
import type { ReturnTable } from '../../returns/return-table';
import { lastEwmMean } from '../expected-returns/ema-historical';

export interface ExponentialCovarianceOptions {
  span?: number;
  frequency?: number;
}

export function exponentialCovariance(returns: ReturnTable, options: ExponentialCovarianceOptions = {}): Float64Array {
  const { span = 180, frequency = 252 } = options;
  const rows = returns.dates.length;
  const n = returns.assets.length;
  const means = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let sum = 0;
    let count = 0;
    for (let t = 0; t < rows; t++) {
      const r = returns.values[t * n + j];
      if (!Number.isNaN(r)) {
        sum += r;
        count++;
      }
    }
    means[j] = sum / count;
  }
  const cov = new Float64Array(n * n);
  const series = new Float64Array(rows);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      for (let t = 0; t < rows; t++) {
        series[t] = (returns.values[t * n + i] - means[i]) * (returns.values[t * n + j] - means[j]);
      }
      const value = lastEwmMean(series, span) * frequency;
      cov[i * n + j] = value;
      cov[j * n + i] = value;
    }
  }
  return cov;
}
