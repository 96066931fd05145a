/**
 * The shape of the return distribution (empyrical): value at risk and conditional value at risk
 * as raw return quantiles (no sign flip), the tail ratio, and the stability of cumulative log
 * returns. NaN returns are dropped (the tail ratio caveat of reference-definitions.md: Keel
 * follows the current code, not the upstream test's 18/19).
 */
import { finite, percentile, type Returns } from './periods';

export function valueAtRisk(r: Returns, cutoff = 0.05): number {
  return percentile(r, 100 * cutoff);
}

export function conditionalValueAtRisk(r: Returns, cutoff = 0.05): number {
  const sorted = finite(r).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const k = Math.floor((sorted.length - 1) * cutoff);
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += sorted[i];
  return sum / (k + 1);
}

export function tailRatio(r: Returns): number {
  return Math.abs(percentile(r, 95)) / Math.abs(percentile(r, 5));
}

/** R² of the straight-line fit of cumsum(log1p(r)) against time. */
export function stabilityOfTimeseries(r: Returns): number {
  const values = finite(r);
  if (values.length < 2) return Number.NaN;
  const n = values.length;
  let y = 0;
  const ys = values.map((v) => (y += Math.log1p(v)));
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - meanX) * (ys[i] - meanY);
    sxx += (i - meanX) ** 2;
    syy += (ys[i] - meanY) ** 2;
  }
  return syy === 0 ? Number.NaN : (sxy * sxy) / (sxx * syy);
}
