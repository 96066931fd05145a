/**
 * The regime model's market features at a bar, through BarHistory (no closes after the bar):
 * the equal-weight market of the universe's assets, its volatility, trend and drawdown, and the
 * average pairwise correlation of the assets. Order and units are the regime model's contract.
 */
import type { BarHistory } from '../backtest/bar-history';
import { marketReturns } from './asset-features';

export const MARKET_FEATURES = [
  { name: 'market_volatility_3m', unit: 'standard deviation of equal-weight market daily returns over 63 bars × √252' },
  { name: 'market_trend', unit: 'market level / its mean over the last 200 bars − 1' },
  { name: 'average_correlation_3m', unit: 'mean pairwise correlation of daily returns over 63 bars' },
  { name: 'market_drawdown_12m', unit: 'market level / its highest level of the last 252 bars − 1 (≤ 0)' }
] as const;

export const MARKET_LOOKBACK = 252;

/** The four features at history.now (NaN when fewer than 253 bars or fewer than 2 assets with data). */
export function marketFeatures(history: BarHistory): Float64Array {
  const out = new Float64Array(MARKET_FEATURES.length).fill(Number.NaN);
  if (history.now < MARKET_LOOKBACK) return out;
  const m = marketReturns(history, MARKET_LOOKBACK);
  // The market as a level: 1 at now − 252, compounding the equal-weight returns.
  const level = new Float64Array(MARKET_LOOKBACK + 1);
  level[0] = 1;
  for (let i = 0; i < MARKET_LOOKBACK; i++) level[i + 1] = level[i] * (1 + m[i]);
  const last = level[MARKET_LOOKBACK];
  let mean = 0;
  for (let i = MARKET_LOOKBACK - 63; i < MARKET_LOOKBACK; i++) mean += m[i] / 63;
  let variance = 0;
  for (let i = MARKET_LOOKBACK - 63; i < MARKET_LOOKBACK; i++) variance += (m[i] - mean) ** 2 / 62;
  let ma200 = 0;
  for (let i = MARKET_LOOKBACK - 199; i <= MARKET_LOOKBACK; i++) ma200 += level[i] / 200;
  let high = 0;
  for (let i = 1; i <= MARKET_LOOKBACK; i++) high = Math.max(high, level[i]);
  const correlation = averageCorrelation(history, 63);
  if (!Number.isFinite(correlation)) return out;
  out.set([Math.sqrt(variance * 252), last / ma200 - 1, correlation, last / high - 1]);
  return out;
}

/** Mean pairwise correlation of daily returns over `window` bars, among assets with all closes. */
export function averageCorrelation(history: BarHistory, window: number): number {
  const n = history.assets.length;
  const series: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const r = history.returns(j, window);
    if (r.length === window && r.every(Number.isFinite)) {
      const mean = r.reduce((a, b) => a + b, 0) / window;
      let ss = 0;
      for (let i = 0; i < window; i++) ss += (r[i] -= mean) ** 2;
      if (ss > 0) series.push(r.map((v) => v / Math.sqrt(ss)));
    }
  }
  if (series.length < 2) return Number.NaN;
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < series.length; a++)
    for (let b = a + 1; b < series.length; b++) {
      let c = 0;
      for (let i = 0; i < window; i++) c += series[a][i] * series[b][i];
      sum += c;
      pairs++;
    }
  return sum / pairs;
}
