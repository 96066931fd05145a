// Expected values: scipy 1.10 fsolve on the equal-risk-contribution equations
// (tests/golden/make_fixtures.py), an independent method from the Newton solver under test.
import { describe, expect, it } from 'vitest';
import { sampleCovariance } from '$lib/core/estimators/risk-models/sample-covariance';
import { riskBudgeting, riskContributions } from '$lib/core/optimizers/risk-parity';
import { returnsFromPrices } from '$lib/core/returns/returns-from-prices';
import { benchmarkCovariance } from '$lib/core/solver/test-problems';
import { expectAllClose, loadGolden, loadPrices } from '../../helpers/golden';

describe('risk parity', () => {
  it('equal risk contributions on stock_prices.csv match the reference', () => {
    const golden = loadGolden<{ weights: number[] }>('risk-parity-pypfopt-stock-prices.json');
    const { returns } = returnsFromPrices(loadPrices('stock_prices.csv'));
    const cov = sampleCovariance(returns);
    const result = riskBudgeting(cov, returns.assets.length);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expectAllClose(result.value.weights, golden.weights, 1e-6, 'weights');
    for (const rc of result.value.riskContributions) expect(rc).toBeCloseTo(1 / 20, 12);
  });

  it('meets arbitrary risk budgets on random covariances (the budgets are their own oracle)', () => {
    for (let trial = 0; trial < 20; trial++) {
      const n = 2 + trial;
      const cov = benchmarkCovariance(n, 300 + trial);
      const budgets = Array.from({ length: n }, (_, i) => 1 + ((i * 7 + trial) % 5));
      const total = budgets.reduce((s, v) => s + v, 0);
      const result = riskBudgeting(cov, n, budgets);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const contributions = riskContributions(cov, result.value.weights);
      contributions.forEach((rc, i) => expect(rc).toBeCloseTo(budgets[i] / total, 10));
      expect(result.value.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
      expect(Math.min(...result.value.weights)).toBeGreaterThan(0);
    }
  });

  it('refuses a non-positive budget', () => {
    const result = riskBudgeting(benchmarkCovariance(3), 3, [0.5, 0.5, 0]);
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-budgets', message: 'every risk budget must be positive' }
    });
  });
});
