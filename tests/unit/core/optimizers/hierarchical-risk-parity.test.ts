// Expected values: pandas 1.5 + scipy 1.10 `linkage(..., "single")` / `to_tree().pre_order()`
// (tests/golden/make_fixtures.py), following reference-definitions.md §6.
import { describe, expect, it } from 'vitest';
import { hierarchicalRiskParity } from '$lib/core/optimizers/hierarchical-risk-parity';
import { portfolioPerformance } from '$lib/core/optimizers/performance';
import { meanHistoricalReturn } from '$lib/core/estimators/expected-returns/mean-historical';
import { sampleCovariance } from '$lib/core/estimators/risk-models/sample-covariance';
import { returnsFromPrices } from '$lib/core/returns/returns-from-prices';
import { expectAllClose, loadGolden, loadPrices } from '../../helpers/golden';

interface HrpGolden {
  assets: string[];
  order: number[];
  linkage: number[][];
  weights: number[];
  performance: { expectedReturn: number; volatility: number; sharpe: number };
}

for (const [dataFile, goldenFile] of [
  ['stock_prices.csv', 'hrp-pypfopt-stock-prices.json'],
  ['sp500_dataset.csv.gz', 'hrp-skfolio-sp500.json']
] as const) {
  describe(`hierarchical risk parity on ${dataFile}`, () => {
    const golden = loadGolden<HrpGolden>(goldenFile);
    const { returns } = returnsFromPrices(loadPrices(dataFile));
    const result = hierarchicalRiskParity(returns);

    it('clusters like scipy single linkage: same merges, same leaf order', () => {
      expect(result.order).toEqual(golden.order);
      expect(result.linkage.map((row) => [row[0], row[1], row[3]])).toEqual(
        golden.linkage.map((row) => [row[0], row[1], row[3]])
      );
      expectAllClose(
        result.linkage.map((row) => row[2]),
        golden.linkage.map((row) => row[2]),
        1e-9,
        'merge distances'
      );
    });

    it('gives the reference weights and performance', () => {
      expectAllClose(result.weights, golden.weights, 1e-6, 'weights');
      expect(result.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
      const perf = portfolioPerformance(
        result.weights,
        meanHistoricalReturn(returns, { compounding: false }),
        sampleCovariance(returns),
        0.02
      );
      expect(perf.volatility).toBeCloseTo(golden.performance.volatility, 9);
      expect(perf.expectedReturn).toBeCloseTo(golden.performance.expectedReturn, 9);
      expect(perf.sharpe).toBeCloseTo(golden.performance.sharpe, 8);
    });
  });
}

it('starts the stock_prices leaf order with SHLD, AMD, BBY, RRC, FB (reference-definitions.md §6)', () => {
  const { returns } = returnsFromPrices(loadPrices('stock_prices.csv'));
  const { order } = hierarchicalRiskParity(returns);
  expect(order.slice(0, 5).map((i) => returns.assets[i])).toEqual(['SHLD', 'AMD', 'BBY', 'RRC', 'FB']);
});

describe('hierarchical equal risk contribution', () => {
  it('splits along the dendrogram: two uncorrelated blocks share by the inverse of their variances', async () => {
    const { hierarchicalEqualRiskContribution, singleLinkage } =
      await import('$lib/core/optimizers/hierarchical-risk-parity');
    // Block 1: assets 0, 1, 2 (ρ = 0.8); block 2: assets 3, 4 (ρ = 0.8); all variances 0.04.
    const n = 5;
    const block = (i: number) => (i < 3 ? 0 : 1);
    const cov = new Float64Array(n * n);
    const distance = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const rho = i === j ? 1 : block(i) === block(j) ? 0.8 : 0;
        cov[i * n + j] = 0.04 * rho;
        distance[i * n + j] = i === j ? 0 : Math.sqrt((1 - rho) / 2);
      }
    }
    const weights = hierarchicalEqualRiskContribution(cov, n, singleLinkage(distance, n));
    expect(weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 14);
    // The three-asset block diversifies more (variance 0.04·(1 + 2·0.8)/3 vs 0.04·(1 + 0.8)/2), so it gets more.
    const v3 = (0.04 * (1 + 2 * 0.8)) / 3;
    const v2 = (0.04 * (1 + 0.8)) / 2;
    expect(weights[0] + weights[1] + weights[2]).toBeCloseTo(v2 / (v2 + v3), 12);
    expect(weights[0]).toBeCloseTo(weights[1], 12);
    expect(weights[3]).toBeCloseTo(weights[4], 12);
  });
});
