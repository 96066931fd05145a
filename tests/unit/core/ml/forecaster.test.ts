/**
 * The forecaster's walk-forward evaluation cannot look ahead: features at a decision bar use
 * closes up to that bar only, and no label that ends after a model's training bar trains it.
 */
import { describe, expect, it } from 'vitest';
import { readPrices } from '../../../../src/cli/files';
import { BarHistory, LookAheadError } from '../../../../src/lib/core/backtest/bar-history';
import { assetFeatures } from '../../../../src/lib/core/ml/asset-features';
import { evaluateForecasts, forecastSamples, walkForward } from '../../../../src/lib/core/ml/forecaster';
import { spearman } from '../../../../src/lib/core/ml/ml-metrics';
import type { PriceTable } from '../../../../src/lib/core/returns/return-table';

const full = readPrices('static/data/skfolio/sp500_dataset.csv.gz');
// 1990–2001 keeps the test quick and still gives five test years.
const cut = full.dates.findIndex((d) => d >= '2002-01-01');
const table: PriceTable = {
  assets: full.assets,
  dates: full.dates.slice(0, cut),
  values: full.values.slice(0, cut * 20)
};

describe('walk-forward without look-ahead', () => {
  const wf = walkForward(table, { minTrainYears: 5 });

  it('trains each year only on labels that ended by its first decision bar', () => {
    expect(wf.folds.length).toBeGreaterThanOrEqual(5);
    for (const fold of wf.folds) {
      expect(fold.lastLabelEnd).toBeLessThanOrEqual(fold.trainedAt);
      expect(Math.min(...fold.bars)).toBe(fold.trainedAt);
    }
  });

  it('gives the same forecasts up to a bar when every later price is changed', () => {
    const poisonAt = wf.folds[2].bars[4];
    const values = Float64Array.from(table.values);
    for (let i = (poisonAt + 1) * 20; i < values.length; i++) values[i] *= 1.5 + Math.sin(i);
    const poisoned = walkForward({ ...table, values }, { minTrainYears: 5 });
    const before = (w: typeof wf) =>
      w.forecasts
        .filter((f) => f.sample.bar <= poisonAt)
        .map((f) => [f.sample.bar, f.sample.asset, f.returnForecast, f.volForecast]);
    expect(before(poisoned)).toEqual(before(wf));
    expect(before(wf).length).toBeGreaterThan(100);
    // And a forecast after the change does move: the test would catch a model that ignored data.
    const after = (w: typeof wf) => w.forecasts.find((f) => f.sample.bar > poisonAt + 30)!.returnForecast;
    expect(after(poisoned)).not.toBe(after(wf));
  });

  it('features come through a history that refuses later bars', () => {
    const history = new BarHistory(table, 300);
    expect(() => history.price(0, 301)).toThrow(LookAheadError);
    const x = assetFeatures(history, [0, 1]);
    expect(x.every(Number.isFinite)).toBe(true);
  });

  it('labels are the return from one decision bar to the next', () => {
    const samples = forecastSamples(table);
    const s = samples[100];
    const p = (t: number) => table.values[t * 20 + s.asset];
    expect(s.nextReturn).toBeCloseTo(p(s.labelEnd) / p(s.bar) - 1, 12);
    expect(s.labelEnd).toBeGreaterThan(s.bar);
  });

  it('rank IC is the mean monthly Spearman correlation of forecast and outcome', () => {
    const ev = evaluateForecasts(table, wf.forecasts);
    const bars = [...new Set(wf.forecasts.map((f) => f.sample.bar))];
    const ics = bars.map((bar) => {
      const month = wf.forecasts.filter((f) => f.sample.bar === bar);
      return spearman(
        month.map((f) => f.returnForecast),
        month.map((f) => f.sample.nextReturn)
      );
    });
    expect(ev.meanRankIc).toBeCloseTo(ics.reduce((a, b) => a + b, 0) / ics.length, 12);
    expect(ev.months).toBe(bars.length);
  });
});
