import { describe, expect, it } from 'vitest';
import { runBacktest } from '$lib/core/backtest/engine';
import { calendarRule } from '$lib/core/backtest/rebalance-rules';
import { equalWeight, inverseVolatility } from '$lib/core/backtest/weighting';
import type { PriceTable } from '$lib/core/returns/return-table';

function market(bars: number, vols: number[], seed: number): PriceTable {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const n = vols.length;
  const values = new Float64Array(bars * n);
  for (let j = 0; j < n; j++) values[j] = 100;
  for (let t = 1; t < bars; t++)
    for (let j = 0; j < n; j++) values[t * n + j] = values[(t - 1) * n + j] * (1 + (rand() - 0.5) * 2 * vols[j]);
  const dates = Array.from({ length: bars }, (_, t) =>
    new Date(Date.UTC(2020, 0, 1) + t * 86_400_000).toISOString().slice(0, 10)
  );
  return { assets: vols.map((_, j) => `A${j}`), dates, values };
}

describe('walk-forward weights', () => {
  const table = market(400, [0.01, 0.02, 0.04], 3);
  const lookback = 60;
  const strategy = {
    name: 'inverse volatility, monthly',
    targets: Float64Array.of(1 / 3, 1 / 3, 1 / 3),
    rule: calendarRule('month'),
    weigh: inverseVolatility([0, 1, 2], lookback)
  };

  it('inverse volatility: after each monthly trade the weights are 1/σ over the 60 returns before the decision', () => {
    const result = runBacktest(table, strategy, {
      start: 0,
      end: 399,
      initialValue: 1000,
      bps: 0,
      execution: 'same-close'
    });
    const n = 3;
    // The first bar of February 2020 is bar 31 (1 January + 31 days).
    const t = 31;
    const sd = [0, 1, 2].map((j) => {
      const r: number[] = [];
      for (let b = Math.max(1, t - lookback + 1); b <= t; b++)
        r.push(table.values[b * n + j] / table.values[(b - 1) * n + j] - 1);
      const mean = r.reduce((a, x) => a + x, 0) / r.length;
      return Math.sqrt(r.reduce((a, x) => a + (x - mean) ** 2, 0) / (r.length - 1));
    });
    const inverse = sd.map((x) => 1 / x);
    const total = inverse.reduce((a, b) => a + b, 0);
    for (let j = 0; j < n; j++) expect(result.weights[t * n + j]).toBeCloseTo(inverse[j] / total, 12);
    expect(result.weights[t * n + 0]).toBeGreaterThan(result.weights[t * n + 2]);
  });

  it('the weights chosen never depend on prices after the decision', () => {
    const options = { start: 0, end: 399, initialValue: 1000, bps: 10, execution: 'next-close' as const };
    const base = runBacktest(table, strategy, options);
    // Change every price from bar 200 on: all results before bar 200 stay the same.
    const changed = { ...table, values: table.values.map((v, i) => (i >= 200 * 3 ? v * 1.7 : v)) };
    const other = runBacktest(changed, strategy, options);
    expect(Array.from(other.weights.slice(0, 199 * 3))).toEqual(Array.from(base.weights.slice(0, 199 * 3)));
    expect(Array.from(other.equity.slice(0, 199))).toEqual(Array.from(base.equity.slice(0, 199)));
  });

  it('equal weight spreads over the assets that have a price', () => {
    const w = equalWeight(
      [0, 1, 2],
      0.9
    )({ assets: ['a', 'b', 'c'], price: (j: number) => (j === 1 ? Number.NaN : 10) } as never);
    expect(Array.from(w)).toEqual([0.45, 0, 0.45]);
  });
});

describe('walk-forward minimum variance', () => {
  it('the running covariance gives the weights a fresh estimate gives, at every monthly refit', async () => {
    const { minimumVariance } = await import('$lib/core/backtest/weighting');
    const { createQpEngine } = await import('$lib/solvers/qp-engine');
    const { BarHistory } = await import('$lib/core/backtest/bar-history');
    const qp = await createQpEngine();
    const table = market(300, [0.01, 0.015, 0.02, 0.03, 0.012, 0.025], 11);
    const universe = [0, 1, 2, 3, 4, 5];
    const running = minimumVariance(universe, 40, qp);
    const history = new BarHistory(table, 0);
    for (const bar of [45, 66, 90, 130, 131, 200, 299]) {
      history.advance(bar);
      const got = running(history);
      // A fresh weigher sees the same window with no running state.
      const fresh = minimumVariance(universe, 40, qp)(new BarHistory(table, bar));
      for (let j = 0; j < 6; j++) expect(got[j]).toBeCloseTo(fresh[j], 7);
      expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(Math.min(...got)).toBeGreaterThanOrEqual(-1e-12);
    }
  });
});
