// Expected values: tests/golden/make_fixtures.py (pandas 1.5, numpy 1.24, scikit-learn 1.2 on
// Debian 12), an independent implementation of reference-definitions.md §1–2.
import { describe, expect, it } from 'vitest';
import { expectedReturns } from '$lib/core/estimators/expected-returns/expected-returns';
import { riskModel, type RiskModelConfig } from '$lib/core/estimators/risk-models/risk-model';
import { returnsFromPrices } from '$lib/core/returns/returns-from-prices';
import { meanHistoricalReturn } from '$lib/core/estimators/expected-returns/mean-historical';
import { expectAllClose, flat, loadGolden, loadPrices } from '../../helpers/golden';

interface EstimatorGolden {
  assets: string[];
  returnRows: number;
  mu: Record<'cagr' | 'mean' | 'ema' | 'capm' | 'cagrOfLogReturns', number[]>;
  cov: Record<string, number[][]>;
  shrinkage: Record<string, number>;
}

const RISK_MODELS: [string, RiskModelConfig][] = [
  ['sample', { kind: 'sample' }],
  ['semicovariance', { kind: 'semicovariance' }],
  ['semicovarianceBenchmark0', { kind: 'semicovariance', benchmark: 0 }],
  ['exponential', { kind: 'exponential' }],
  ['ledoitWolfConstantVariance', { kind: 'ledoit-wolf' }],
  ['ledoitWolfSingleFactor', { kind: 'ledoit-wolf', target: 'single-factor' }],
  ['ledoitWolfConstantCorrelation', { kind: 'ledoit-wolf', target: 'constant-correlation' }],
  ['oracleApproximating', { kind: 'oracle-approximating' }],
  ['fixedShrinkage', { kind: 'fixed-shrinkage', delta: 0.2 }]
];

for (const [dataFile, goldenFile] of [
  ['stock_prices.csv', 'estimators-pypfopt-stock-prices.json'],
  ['sp500_dataset.csv.gz', 'estimators-skfolio-sp500.json']
] as const) {
  describe(`estimators on ${dataFile} agree with the reference to 1e-6`, () => {
    const golden = loadGolden<EstimatorGolden>(goldenFile);
    const prices = loadPrices(dataFile);
    const { returns, warnings } = returnsFromPrices(prices);

    it('computes returns with leading gaps kept and the first row dropped', () => {
      expect(returns.assets).toEqual(golden.assets);
      expect(returns.dates.length).toBe(golden.returnRows);
      expect(warnings).toEqual([]);
    });

    for (const kind of ['cagr', 'mean', 'ema', 'capm'] as const) {
      it(`expected returns: ${kind}`, () => {
        expectAllClose(expectedReturns({ kind }, returns), golden.mu[kind], 1e-6, kind);
      });
    }

    it('CAGR of log returns uses ∏(1 + r) as upstream does, and differs from the simple one', () => {
      const log = returnsFromPrices(prices, { log: true }).returns;
      const mu = meanHistoricalReturn(log);
      expectAllClose(mu, golden.mu.cagrOfLogReturns, 1e-6, 'log cagr');
      expect(mu[0]).not.toBeCloseTo(golden.mu.cagr[0], 3);
    });

    for (const [name, config] of RISK_MODELS) {
      it(`risk model: ${name}`, () => {
        const result = riskModel(config, returns);
        expectAllClose(result.cov, flat(golden.cov[name]), 1e-6, name);
        if (golden.shrinkage[name] !== undefined) expect(result.shrinkage).toBeCloseTo(golden.shrinkage[name], 10);
      });
    }
  });
}
