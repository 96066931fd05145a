/**
 * The return and risk forecaster: ridge regression from the per-asset features at the first bar
 * of a month to that month's return (to the first bar of the next month) and to the log of its
 * realised volatility. Trained walk-forward: each calendar year's model learns only from
 * samples whose label had ended by the year's first decision bar, and forecasts that year's
 * months; features come through BarHistory, so nothing after a decision bar can reach it.
 */
import { BarHistory } from '../backtest/bar-history';
import { startsPeriod } from '../backtest/calendar';
import { choleskySolve, cholesky } from '../linalg/dense';
import type { PriceTable } from '../returns/return-table';
import { ASSET_FEATURES, FEATURE_LOOKBACK, assetFeatures, marketReturns, momentum12to1 } from './asset-features';
import { LinearModel, standardisation } from './linear-model';
import { spearman } from './ml-metrics';

export const FEATURES = ASSET_FEATURES.length;

export interface ForecastSample {
  /** Decision bar (features as of its close). */
  bar: number;
  /** The bar the label ends at (the next decision bar). */
  labelEnd: number;
  asset: number;
  x: Float64Array;
  /** Simple return from `bar` to `labelEnd`. */
  nextReturn: number;
  /** log of the annualised volatility of daily returns in (bar, labelEnd]. */
  nextLogVol: number;
  /** 12-1 momentum at `bar` (the baseline signal). */
  momentum: number;
}

/** Bars that open a new calendar month (decided from dates only, never from later prices). */
export function monthStarts(dates: readonly string[]): number[] {
  const out: number[] = [];
  for (let t = 1; t < dates.length; t++) if (startsPeriod(dates[t], dates[t - 1], 'month')) out.push(t);
  return out;
}

/** Every (decision bar, asset) with full features and a complete next month. */
export function forecastSamples(table: PriceTable): ForecastSample[] {
  const n = table.assets.length;
  const starts = monthStarts(table.dates).filter((t) => t >= FEATURE_LOOKBACK);
  const history = new BarHistory(table, 0);
  const all = Array.from({ length: n }, (_, j) => j);
  const samples: ForecastSample[] = [];
  for (let k = 0; k + 1 < starts.length; k++) {
    const bar = starts[k];
    const labelEnd = starts[k + 1];
    history.advance(bar);
    const x = assetFeatures(history, all, marketReturns(history, FEATURE_LOOKBACK));
    for (let j = 0; j < n; j++) {
      const row = x.subarray(j * FEATURES, (j + 1) * FEATURES);
      if (!row.every(Number.isFinite)) continue;
      const label = labels(table, j, bar, labelEnd);
      if (!label) continue;
      samples.push({
        bar,
        labelEnd,
        asset: j,
        x: Float64Array.from(row),
        ...label,
        momentum: momentum12to1(history, j)
      });
    }
  }
  return samples;
}

function labels(table: PriceTable, j: number, bar: number, end: number) {
  const n = table.assets.length;
  const p = (t: number) => table.values[t * n + j];
  if (!(p(bar) > 0) || !(p(end) > 0)) return undefined;
  const r: number[] = [];
  for (let t = bar + 1; t <= end; t++) r.push(p(t) / p(t - 1) - 1);
  if (!r.every(Number.isFinite) || r.length < 2) return undefined;
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const variance = r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1);
  return { nextReturn: p(end) / p(bar) - 1, nextLogVol: Math.log(Math.sqrt(variance * 252) + 1e-4) };
}

/** Ridge on standardised features: (ZᵀZ + λ·rows·I) w = Zᵀ(y − ȳ), intercept ȳ unpenalised. */
export function ridge(z: Float64Array, rows: number, f: number, y: Float64Array, lambda: number) {
  const mean = y.reduce((a, b) => a + b, 0) / rows;
  const a = new Float64Array(f * f);
  const b = new Float64Array(f);
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < f; i++) {
      const zi = z[r * f + i];
      b[i] += zi * (y[r] - mean);
      for (let k = 0; k < f; k++) a[i * f + k] += zi * z[r * f + k];
    }
  for (let i = 0; i < f; i++) a[i * f + i] += lambda * rows;
  const l = cholesky(a, f);
  if (!l) throw new Error('Ridge system is not positive definite');
  return { weights: choleskySolve(l, f, b), intercept: mean };
}

export const DEFAULT_LAMBDA = 0.05;

/** The forecaster trained on `samples`: heads return_forecast and volatility_forecast (exp of log). */
export function trainForecaster(samples: readonly ForecastSample[], lambda = DEFAULT_LAMBDA): LinearModel {
  const rows = samples.length;
  if (rows < 50) throw new Error(`Too few training samples (${rows}) to fit the forecaster`);
  const x = new Float64Array(rows * FEATURES);
  samples.forEach((s, r) => x.set(s.x, r * FEATURES));
  const { mean, scale } = standardisation(x, rows, FEATURES);
  const mean32 = Float32Array.from(mean);
  const scale32 = Float32Array.from(scale);
  // Standardise exactly as the float32 graph will, so the fit matches what runs.
  const z = x.map((v, i) => Math.fround(Math.fround(v - mean32[i % FEATURES]) / scale32[i % FEATURES]));
  const fit = (y: Float64Array) => ridge(z, rows, FEATURES, y, lambda);
  const ret = fit(Float64Array.from(samples, (s) => s.nextReturn));
  const vol = fit(Float64Array.from(samples, (s) => s.nextLogVol));
  return new LinearModel({
    features: FEATURES,
    mean: mean32,
    scale: scale32,
    heads: [
      {
        name: 'return_forecast',
        activation: 'identity',
        weights: Float32Array.from(ret.weights),
        bias: Float32Array.of(ret.intercept)
      },
      {
        name: 'volatility_forecast',
        activation: 'exp',
        weights: Float32Array.from(vol.weights),
        bias: Float32Array.of(vol.intercept)
      }
    ]
  });
}

export interface Fold {
  year: number;
  /** The bar the model was trained at (the year's first decision bar). */
  trainedAt: number;
  trainSamples: number;
  /** The latest label end among the training samples (≤ trainedAt: no look-ahead). */
  lastLabelEnd: number;
  /** Decision bars forecast with this model. */
  bars: number[];
}

export interface OutOfSampleForecast {
  sample: ForecastSample;
  returnForecast: number;
  volForecast: number;
}

/**
 * Expanding-window walk-forward: for each calendar year after `minTrainYears` of samples, train
 * on the samples whose label ended by the year's first decision bar and forecast that year.
 */
export function walkForward(
  table: PriceTable,
  options: { minTrainYears?: number; lambda?: number; samples?: ForecastSample[] } = {}
): { folds: Fold[]; forecasts: OutOfSampleForecast[] } {
  const samples = options.samples ?? forecastSamples(table);
  const year = (bar: number) => Number(table.dates[bar].slice(0, 4));
  const years = [...new Set(samples.map((s) => year(s.bar)))].sort((a, b) => a - b);
  const first = years[0] + (options.minTrainYears ?? 5);
  const folds: Fold[] = [];
  const forecasts: OutOfSampleForecast[] = [];
  for (const y of years.filter((y) => y >= first)) {
    const test = samples.filter((s) => year(s.bar) === y);
    const trainedAt = Math.min(...test.map((s) => s.bar));
    const train = samples.filter((s) => s.labelEnd <= trainedAt);
    const model = trainForecaster(train, options.lambda);
    const x = new Float64Array(test.length * FEATURES);
    test.forEach((s, r) => x.set(s.x, r * FEATURES));
    const out = model.predict(x, test.length);
    test.forEach((sample, r) =>
      forecasts.push({ sample, returnForecast: out.return_forecast[r], volForecast: out.volatility_forecast[r] })
    );
    folds.push({
      year: y,
      trainedAt,
      trainSamples: train.length,
      lastLabelEnd: Math.max(...train.map((s) => s.labelEnd)),
      bars: [...new Set(test.map((s) => s.bar))]
    });
  }
  return { folds, forecasts };
}

export interface PortfolioStats {
  annualReturn: number;
  annualVolatility: number;
  sharpe: number;
  /** Mean one-way turnover per year (½ Σ|Δw|). */
  turnoverPerYear: number;
  /** Costs paid, as a share of value per year. */
  costPerYear: number;
}

export interface ForecastEvaluation {
  months: number;
  from: string;
  to: string;
  /** Mean monthly Spearman rank correlation between forecast and realised return, per year. */
  rankIcByYear: { year: number; ic: number; months: number }[];
  meanRankIc: number;
  /** Same for the 12-1 momentum baseline. */
  momentumMeanRankIc: number;
  /** Share of months with a positive rank IC. */
  icHitRate: number;
  portfolios: { signal: PortfolioStats; equalWeight: PortfolioStats; momentum: PortfolioStats };
  /** Volatility forecast: RMSE of log volatility against the trailing 3-month volatility baseline. */
  volatility: { modelRmse: number; trailingRmse: number };
  topN: number;
  costBps: number;
}

/**
 * Out-of-sample report: rank IC by year, and three monthly portfolios after costs — the top N
 * assets by forecast, 1/N, and the top N by 12-1 momentum — each paying `costBps` of traded value.
 */
export function evaluateForecasts(
  table: PriceTable,
  forecasts: readonly OutOfSampleForecast[],
  options: { topN?: number; costBps?: number } = {}
): ForecastEvaluation {
  const topN = options.topN ?? 5;
  const costBps = options.costBps ?? 10;
  const byBar = new Map<number, OutOfSampleForecast[]>();
  for (const f of forecasts) byBar.set(f.sample.bar, [...(byBar.get(f.sample.bar) ?? []), f]);
  const bars = [...byBar.keys()].sort((a, b) => a - b);
  const n = table.assets.length;
  const ics: { year: number; ic: number }[] = [];
  const momentumIcs: number[] = [];
  const strategies = {
    signal: (f: OutOfSampleForecast) => f.returnForecast,
    equalWeight: undefined,
    momentum: (f: OutOfSampleForecast) => f.sample.momentum
  } as const;
  const paths = { signal: [] as number[], equalWeight: [] as number[], momentum: [] as number[] };
  const turnover = { signal: 0, equalWeight: 0, momentum: 0 };
  const costs = { signal: 0, equalWeight: 0, momentum: 0 };
  const held = { signal: new Float64Array(n), equalWeight: new Float64Array(n), momentum: new Float64Array(n) };
  let volModel = 0;
  let volTrailing = 0;
  for (const bar of bars) {
    const month = byBar.get(bar)!;
    const realised = month.map((f) => f.sample.nextReturn);
    if (month.length >= 3) {
      ics.push({
        year: Number(table.dates[bar].slice(0, 4)),
        ic: spearman(
          month.map((f) => f.returnForecast),
          realised
        )
      });
      momentumIcs.push(
        spearman(
          month.map((f) => f.sample.momentum),
          realised
        )
      );
    }
    for (const f of month) {
      volModel += (Math.log(f.volForecast) - f.sample.nextLogVol) ** 2;
      volTrailing += (Math.log(f.sample.x[4] + 1e-4) - f.sample.nextLogVol) ** 2;
    }
    for (const key of Object.keys(strategies) as (keyof typeof strategies)[]) {
      const score = strategies[key];
      const ranked = score ? [...month].sort((a, b) => score(b) - score(a) || a.sample.asset - b.sample.asset) : month;
      const chosen = score ? ranked.slice(0, topN) : ranked;
      const target = new Float64Array(n);
      for (const f of chosen) target[f.sample.asset] = 1 / chosen.length;
      let traded = 0;
      for (let j = 0; j < n; j++) traded += Math.abs(target[j] - held[key][j]);
      turnover[key] += traded / 2;
      const cost = (costBps / 1e4) * traded;
      costs[key] += cost;
      let gross = 0;
      for (const f of chosen) gross += target[f.sample.asset] * (1 + f.sample.nextReturn);
      paths[key].push(gross * (1 - cost) - 1);
      // Weights drift with the month's returns until the next rebalance.
      held[key].fill(0);
      for (const f of chosen) held[key][f.sample.asset] = (target[f.sample.asset] * (1 + f.sample.nextReturn)) / gross;
    }
  }
  const months = bars.length;
  const stats = (key: keyof typeof paths): PortfolioStats => {
    const r = paths[key];
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - mean) ** 2, 0) / (r.length - 1));
    const growth = r.reduce((g, x) => g * (1 + x), 1);
    return {
      annualReturn: growth ** (12 / r.length) - 1,
      annualVolatility: sd * Math.sqrt(12),
      sharpe: sd > 0 ? (mean / sd) * Math.sqrt(12) : 0,
      turnoverPerYear: (turnover[key] / r.length) * 12,
      costPerYear: (costs[key] / r.length) * 12
    };
  };
  const years = [...new Set(ics.map((i) => i.year))];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const vols = forecasts.length;
  return {
    months,
    from: table.dates[bars[0]],
    to: table.dates[bars[bars.length - 1]],
    rankIcByYear: years.map((year) => {
      const these = ics.filter((i) => i.year === year).map((i) => i.ic);
      return { year, ic: mean(these), months: these.length };
    }),
    meanRankIc: mean(ics.map((i) => i.ic)),
    momentumMeanRankIc: mean(momentumIcs),
    icHitRate: ics.filter((i) => i.ic > 0).length / Math.max(1, ics.length),
    portfolios: { signal: stats('signal'), equalWeight: stats('equalWeight'), momentum: stats('momentum') },
    volatility: { modelRmse: Math.sqrt(volModel / vols), trailingRmse: Math.sqrt(volTrailing / vols) },
    topN,
    costBps
  };
}

export { ASSET_FEATURES };
