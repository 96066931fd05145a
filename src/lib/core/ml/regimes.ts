/**
 * Market regimes from history: market features at each month's first bar, a three-component
 * Gaussian mixture fitted on the months before `trainUntil`, and statistics of the months that
 * fall in each regime, both inside the fitting period and after it (out of sample).
 */
import { BarHistory } from '../backtest/bar-history';
import type { PriceTable } from '../returns/return-table';
import { marketReturns } from './asset-features';
import { fitMixture, type FittedMixture, type GaussianMixture } from './gaussian-mixture';
import { MARKET_FEATURES, MARKET_LOOKBACK, marketFeatures } from './market-features';
import { monthStarts } from './forecaster';

export const REGIME_NAMES = ['calm', 'normal', 'stressed'] as const;

export interface MarketMonth {
  bar: number;
  date: string;
  x: Float64Array;
  /** Equal-weight market return from this month's first bar to the next month's (NaN for the last). */
  nextReturn: number;
}

export function marketMonths(table: PriceTable): MarketMonth[] {
  const starts = monthStarts(table.dates).filter((t) => t >= MARKET_LOOKBACK);
  const history = new BarHistory(table, 0);
  const months: MarketMonth[] = [];
  starts.forEach((bar, k) => {
    history.advance(bar);
    const x = marketFeatures(history);
    if (!x.every(Number.isFinite)) return;
    let nextReturn = Number.NaN;
    if (k + 1 < starts.length) {
      const end = starts[k + 1];
      const h = new BarHistory(table, end);
      nextReturn = marketReturns(h, end - bar).reduce((g, r) => g * (1 + r), 1) - 1;
    }
    months.push({ bar, date: table.dates[bar], x, nextReturn });
  });
  return months;
}

export interface RegimeStatistics {
  regime: string;
  months: number;
  share: number;
  /** Mean of the next month's equal-weight market return × 12. */
  nextReturnPerYear: number;
  /** Standard deviation of those monthly returns × √12. */
  nextVolatilityPerYear: number;
  /** Mean length of an unbroken run of months in the regime. */
  meanRunMonths: number;
  featureMeans: Record<string, number>;
}

export function regimeStatistics(months: readonly MarketMonth[], labels: readonly number[]): RegimeStatistics[] {
  return REGIME_NAMES.map((regime, c) => {
    const inside = months.filter((_, i) => labels[i] === c);
    const returns = inside.map((m) => m.nextReturn).filter(Number.isFinite);
    const mean = returns.reduce((a, b) => a + b, 0) / Math.max(1, returns.length);
    const sd = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, returns.length - 1));
    let runs = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] === c && (i === 0 || labels[i - 1] !== c)) runs++;
    return {
      regime,
      months: inside.length,
      share: inside.length / Math.max(1, months.length),
      nextReturnPerYear: mean * 12,
      nextVolatilityPerYear: sd * Math.sqrt(12),
      meanRunMonths: runs > 0 ? inside.length / runs : 0,
      featureMeans: Object.fromEntries(
        MARKET_FEATURES.map((feature, j) => [
          feature.name,
          inside.reduce((a, m) => a + m.x[j], 0) / Math.max(1, inside.length)
        ])
      )
    };
  });
}

export function mostLikely(probabilities: Float64Array, k: number, row: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (probabilities[row * k + c] > probabilities[row * k + best]) best = c;
  return best;
}

export function fitRegimes(
  months: readonly MarketMonth[],
  trainUntil: string,
  seed: number
): { fitted: FittedMixture; labels: number[]; probabilities: Float64Array } {
  const f = MARKET_FEATURES.length;
  const train = months.filter((m) => m.date < trainUntil);
  const x = new Float64Array(train.length * f);
  train.forEach((m, r) => x.set(m.x, r * f));
  const fitted = fitMixture(x, train.length, f, REGIME_NAMES.length, seed);
  const probabilities = classify(fitted.model, months);
  return {
    fitted,
    labels: months.map((_, r) => mostLikely(probabilities, REGIME_NAMES.length, r)),
    probabilities
  };
}

export function classify(model: GaussianMixture, months: readonly MarketMonth[]): Float64Array {
  const f = MARKET_FEATURES.length;
  const x = new Float64Array(months.length * f);
  months.forEach((m, r) => x.set(m.x, r * f));
  return model.predict(x, months.length);
}
