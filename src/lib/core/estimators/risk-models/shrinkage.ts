/**
 * Shrinkage estimators of the covariance matrix (PyPortfolioOpt `CovarianceShrinkage`,
 * reference-definitions.md §2). Each returns the daily estimate; the dispatcher annualises.
 *
 * - fixed shrinkage: δ·(tr S / N)·I + (1 − δ)·S with S the pairwise sample covariance;
 * - Ledoit–Wolf, constant-variance target (Ledoit & Wolf 2004, as scikit-learn computes it on
 *   zero-filled returns with divisor T);
 * - Ledoit–Wolf, single-factor target (Ledoit & Wolf 2003);
 * - Ledoit–Wolf, constant-correlation target (Ledoit & Wolf 2004, "Honey, I shrunk …");
 * - oracle approximating shrinkage (Chen et al. 2010, as scikit-learn computes it).
 */
import type { ReturnTable } from '../../returns/return-table';
import { crossProduct, pairwiseCovariance, zeroFilledCentred } from './pairwise';

export interface ShrinkageResult {
  /** Daily covariance. */
  cov: Float64Array;
  /** The shrinkage intensity used, in [0, 1]. */
  shrinkage: number;
}

const sumOf = (values: ArrayLike<number>) => {
  let sum = 0;
  for (let k = 0; k < values.length; k++) sum += values[k];
  return sum;
};

export function fixedShrinkage(returns: ReturnTable, delta = 0.2): ShrinkageResult {
  const n = returns.assets.length;
  const sample = pairwiseCovariance(returns.values, returns.dates.length, n);
  let traceS = 0;
  for (let i = 0; i < n; i++) traceS += sample[i * n + i];
  const cov = sample.map((value) => (1 - delta) * value);
  for (let i = 0; i < n; i++) cov[i * n + i] += (delta * traceS) / n;
  return { cov, shrinkage: delta };
}

export function ledoitWolfConstantVariance(returns: ReturnTable): ShrinkageResult {
  const rows = returns.dates.length;
  const n = returns.assets.length;
  const x = zeroFilledCentred(returns.values, rows, n);
  const empirical = crossProduct(x, x, rows, n, rows);
  let traceE = 0;
  for (let i = 0; i < n; i++) traceE += empirical[i * n + i];
  const mu = traceE / n;
  const squared = x.map((v) => v * v);
  const beta0 = sumOf(crossProduct(squared, squared, rows, n));
  let frobeniusE = 0;
  for (const value of empirical) frobeniusE += value * value;
  const beta = (beta0 / rows - frobeniusE) / (n * rows);
  const delta = (frobeniusE - 2 * mu * traceE + n * mu * mu) / n;
  const shrinkage = delta === 0 ? 0 : Math.min(beta, delta) / delta;
  const cov = empirical.map((value) => (1 - shrinkage) * value);
  for (let i = 0; i < n; i++) cov[i * n + i] += shrinkage * mu;
  return { cov, shrinkage };
}

export function ledoitWolfSingleFactor(returns: ReturnTable): ShrinkageResult {
  const t = returns.dates.length;
  const n = returns.assets.length;
  const x = zeroFilledCentred(returns.values, t, n);
  // The market factor: each day's mean of the centred returns.
  const market = new Float64Array(t);
  for (let s = 0; s < t; s++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += x[s * n + j];
    market[s] = sum / n;
  }
  let marketMean = 0;
  for (let s = 0; s < t; s++) marketMean += market[s];
  marketMean /= t;
  const sample = crossProduct(x, x, t, n, t);
  const betas = new Float64Array(n);
  let varMarket = 0;
  for (let s = 0; s < t; s++) {
    const m = market[s] - marketMean;
    varMarket += m * m;
    for (let j = 0; j < n; j++) betas[j] += x[s * n + j] * m;
  }
  varMarket /= t;
  for (let j = 0; j < n; j++) betas[j] /= t;

  const target = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) target[i * n + j] = i === j ? sample[i * n + i] : (betas[i] * betas[j]) / varMarket;
  }
  let c = 0;
  for (let k = 0; k < n * n; k++) c += (sample[k] - target[k]) ** 2;

  const y = x.map((v) => v * v);
  const yy = crossProduct(y, y, t, n, t);
  let sampleSquares = 0;
  for (const value of sample) sampleSquares += value * value;
  const p = sumOf(yy) - sampleSquares;

  let rdiag = 0;
  for (const value of y) rdiag += value * value;
  rdiag /= t;
  for (let i = 0; i < n; i++) rdiag -= sample[i * n + i] ** 2;

  // z_sj = x_sj · market_s (the centred market, as the reference builds it from centred data).
  const z = new Float64Array(t * n);
  for (let s = 0; s < t; s++) for (let j = 0; j < n; j++) z[s * n + j] = x[s * n + j] * market[s];
  const yz = crossProduct(y, z, t, n, t);
  const zz = crossProduct(z, z, t, n, t);
  let roff1 = 0;
  let roff3 = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v1 = yz[i * n + j] - betas[i] * sample[i * n + j];
      const v3 = zz[i * n + j] - varMarket * sample[i * n + j];
      if (i !== j) {
        roff1 += (v1 * betas[j]) / varMarket;
        roff3 += (v3 * betas[i] * betas[j]) / (varMarket * varMarket);
      }
    }
  }
  const r = rdiag + 2 * roff1 - roff3;
  const k = (p - r) / c;
  const shrinkage = Math.max(0, Math.min(1, k / t));
  const cov = new Float64Array(n * n);
  for (let q = 0; q < n * n; q++) cov[q] = shrinkage * target[q] + (1 - shrinkage) * sample[q];
  return { cov, shrinkage };
}

export function ledoitWolfConstantCorrelation(returns: ReturnTable): ShrinkageResult {
  const t = returns.dates.length;
  const n = returns.assets.length;
  const s = pairwiseCovariance(returns.values, t, n);
  const std = new Float64Array(n);
  for (let i = 0; i < n; i++) std[i] = Math.sqrt(s[i * n + i]);
  let correlationSum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) correlationSum += s[i * n + j] / (std[i] * std[j]);
  const rBar = (correlationSum - n) / (n * (n - 1));
  const target = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) target[i * n + j] = i === j ? s[i * n + i] : rBar * std[i] * std[j];
  }

  const x = zeroFilledCentred(returns.values, t, n);
  const y = x.map((v) => v * v);
  const yy = crossProduct(y, y, t, n, t);
  const xx = crossProduct(x, x, t, n, t);
  const cubed = x.map((v) => v * v * v);
  const x3x = crossProduct(cubed, x, t, n, t);

  let piHat = 0;
  let piDiagonal = 0;
  let thetaSum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const q = i * n + j;
      const pi = yy[q] - 2 * xx[q] * s[q] + s[q] * s[q];
      piHat += pi;
      if (i === j) {
        piDiagonal += pi;
        continue;
      }
      const theta = x3x[q] - xx[i * n + i] * s[q] - xx[q] * s[i * n + i] + s[i * n + i] * s[q];
      thetaSum += (std[j] / std[i]) * theta;
    }
  }
  const rhoHat = piDiagonal + rBar * thetaSum;
  let gammaHat = 0;
  for (let q = 0; q < n * n; q++) gammaHat += (s[q] - target[q]) ** 2;
  const kappa = (piHat - rhoHat) / gammaHat;
  const shrinkage = Math.max(0, Math.min(1, kappa / t));
  const cov = new Float64Array(n * n);
  for (let q = 0; q < n * n; q++) cov[q] = shrinkage * target[q] + (1 - shrinkage) * s[q];
  return { cov, shrinkage };
}

export function oracleApproximatingShrinkage(returns: ReturnTable): ShrinkageResult {
  const rows = returns.dates.length;
  const n = returns.assets.length;
  const x = zeroFilledCentred(returns.values, rows, n);
  const empirical = crossProduct(x, x, rows, n, rows);
  let traceE = 0;
  for (let i = 0; i < n; i++) traceE += empirical[i * n + i];
  const mu = traceE / n;
  let alpha = 0;
  for (const value of empirical) alpha += value * value;
  alpha /= n * n;
  const numerator = alpha + mu * mu;
  const denominator = (rows + 1) * (alpha - (mu * mu) / n);
  const shrinkage = denominator === 0 ? 1 : Math.min(numerator / denominator, 1);
  const cov = empirical.map((value) => (1 - shrinkage) * value);
  for (let i = 0; i < n; i++) cov[i * n + i] += shrinkage * mu;
  return { cov, shrinkage };
}
