/**
 * The forecaster's per-asset features at a decision bar, computed through BarHistory so they can
 * only use closes up to that bar (asking for a later one throws LookAheadError). The order and
 * units here are the forecaster's contract, printed in its model card.
 */
import type { BarHistory } from '../backtest/bar-history';

export const ASSET_FEATURES = [
  { name: 'momentum_1m', unit: 'simple return over the last 21 bars' },
  { name: 'momentum_3m', unit: 'simple return over the last 63 bars' },
  { name: 'momentum_6m', unit: 'simple return over the last 126 bars' },
  { name: 'momentum_12m', unit: 'simple return over the last 252 bars' },
  { name: 'volatility_3m', unit: 'standard deviation of daily returns over 63 bars × √252' },
  { name: 'drawdown_12m', unit: 'close / highest close of the last 252 bars − 1 (≤ 0)' },
  { name: 'reversion_z', unit: '(close − mean of the last 21 closes) / their standard deviation' },
  { name: 'beta_12m', unit: 'beta of daily returns to the equal-weight market over 252 bars' }
] as const;

/** Bars of history the features need before the decision bar. */
export const FEATURE_LOOKBACK = 252;

/**
 * Daily returns of the equal-weight market (the mean of the assets that have both closes) over
 * the `length` bars ending now; entry i is the return into bar now − length + 1 + i.
 */
export function marketReturns(history: BarHistory, length: number): Float64Array {
  const out = new Float64Array(length);
  const n = history.assets.length;
  for (let i = 0; i < length; i++) {
    const bar = history.now - length + 1 + i;
    let sum = 0;
    let count = 0;
    for (let j = 0; j < n; j++) {
      const r = history.price(j, bar) / history.price(j, bar - 1) - 1;
      if (Number.isFinite(r)) {
        sum += r;
        count++;
      }
    }
    out[i] = count > 0 ? sum / count : 0;
  }
  return out;
}

/**
 * Features of `assets` at history.now, rows in the order given (assets × 8, row-major); a row is
 * NaN when the asset lacks 253 closes. `market` is marketReturns(history, 252), passed in so a
 * caller computing many assets computes it once.
 */
export function assetFeatures(history: BarHistory, assets: readonly number[], market?: Float64Array): Float64Array {
  const f = ASSET_FEATURES.length;
  const out = new Float64Array(assets.length * f).fill(Number.NaN);
  const now = history.now;
  if (now < FEATURE_LOOKBACK) return out;
  const m = market ?? marketReturns(history, FEATURE_LOOKBACK);
  let mMean = 0;
  for (const r of m) mMean += r / m.length;
  let mVar = 0;
  for (const r of m) mVar += (r - mMean) ** 2;
  const closes = new Float64Array(FEATURE_LOOKBACK + 1);
  assets.forEach((asset, row) => {
    for (let i = 0; i <= FEATURE_LOOKBACK; i++) closes[i] = history.price(asset, now - FEATURE_LOOKBACK + i);
    if (closes.some((c) => !(c > 0))) return;
    const last = closes[FEATURE_LOOKBACK];
    const back = (bars: number) => last / closes[FEATURE_LOOKBACK - bars] - 1;
    const returns = new Float64Array(FEATURE_LOOKBACK);
    for (let i = 0; i < FEATURE_LOOKBACK; i++) returns[i] = closes[i + 1] / closes[i] - 1;
    let mean63 = 0;
    for (let i = FEATURE_LOOKBACK - 63; i < FEATURE_LOOKBACK; i++) mean63 += returns[i] / 63;
    let var63 = 0;
    for (let i = FEATURE_LOOKBACK - 63; i < FEATURE_LOOKBACK; i++) var63 += (returns[i] - mean63) ** 2 / 62;
    let high = 0;
    for (let i = 1; i <= FEATURE_LOOKBACK; i++) high = Math.max(high, closes[i]);
    let mean21 = 0;
    for (let i = FEATURE_LOOKBACK - 20; i <= FEATURE_LOOKBACK; i++) mean21 += closes[i] / 21;
    let var21 = 0;
    for (let i = FEATURE_LOOKBACK - 20; i <= FEATURE_LOOKBACK; i++) var21 += (closes[i] - mean21) ** 2 / 20;
    let rMean = 0;
    for (const r of returns) rMean += r / returns.length;
    let cov = 0;
    for (let i = 0; i < FEATURE_LOOKBACK; i++) cov += (returns[i] - rMean) * (m[i] - mMean);
    const values = [
      back(21),
      back(63),
      back(126),
      back(252),
      Math.sqrt(var63 * 252),
      last / high - 1,
      var21 > 0 ? (last - mean21) / Math.sqrt(var21) : 0,
      mVar > 0 ? cov / mVar : 1
    ];
    out.set(values, row * f);
  });
  return out;
}

/** Plain 12-1 momentum (the baseline the forecaster must beat): return from t−252 to t−21. */
export function momentum12to1(history: BarHistory, asset: number): number {
  if (history.now < FEATURE_LOOKBACK) return Number.NaN;
  return history.price(asset, history.now - 21) / history.price(asset, history.now - FEATURE_LOOKBACK) - 1;
}
