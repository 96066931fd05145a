// Expected values: numpy 1.24 (tests/golden/make_fixtures.py), reference-definitions.md §7.
import { describe, expect, it } from 'vitest';
import {
  blackLittermanPosterior,
  blackLittermanWeights,
  marketImpliedPrior,
  marketImpliedRiskAversion
} from '$lib/core/optimizers/black-litterman';
import { sampleCovariance } from '$lib/core/estimators/risk-models/sample-covariance';
import { returnsFromPrices } from '$lib/core/returns/returns-from-prices';
import { expectAllClose, flat, loadGolden, loadPrices } from '../../helpers/golden';

interface BlGolden {
  assets: string[];
  marketCaps: number[];
  riskAversion: number;
  prior: number[];
  posteriorReturns: number[];
  posteriorCov: number[][];
  weights: number[];
}

describe('Black-Litterman on stock_prices.csv', () => {
  const golden = loadGolden<BlGolden>('black-litterman-pypfopt-stock-prices.json');
  const { returns } = returnsFromPrices(loadPrices('stock_prices.csv'));
  const cov = sampleCovariance(returns);
  const n = returns.assets.length;
  const spy = returnsFromPrices(loadPrices('spy_prices.csv')).returns;
  const index = (asset: string) => returns.assets.indexOf(asset);

  it('market-implied risk aversion and prior', () => {
    const delta = marketImpliedRiskAversion(spy.values);
    expect(delta).toBeCloseTo(golden.riskAversion, 10);
    expectAllClose(marketImpliedPrior(golden.marketCaps, delta, cov), golden.prior, 1e-6, 'prior');
  });

  it('posterior returns and covariance with absolute, relative and Idzorek views; BL weights', () => {
    const delta = marketImpliedRiskAversion(spy.values);
    const prior = marketImpliedPrior(golden.marketCaps, delta, cov);
    const posterior = blackLittermanPosterior({
      cov,
      n,
      prior,
      views: [
        { picks: { [index('AAPL')]: 1 }, expectedReturn: 0.1 },
        { picks: { [index('FB')]: 1 }, expectedReturn: 0.3, confidence: 0.6 },
        { picks: { [index('MA')]: 1, [index('PFE')]: -1 }, expectedReturn: 0.05, confidence: 0.3 }
      ]
    });
    if (!posterior.ok) throw new Error(JSON.stringify(posterior.error));
    expectAllClose(posterior.value.mu, golden.posteriorReturns, 1e-6, 'posterior returns');
    expectAllClose(posterior.value.cov, flat(golden.posteriorCov), 1e-6, 'posterior covariance');
    expectAllClose(blackLittermanWeights(cov, n, posterior.value.mu, delta)!, golden.weights, 1e-6, 'weights');
  });

  it('says so when two views are the same (singular)', () => {
    const prior = new Float64Array(n);
    const view = { picks: { 0: 1 }, expectedReturn: 0.1, confidence: 1 };
    const result = blackLittermanPosterior({ cov, n, prior, views: [view, view] });
    expect(result.ok === false && result.error.code).toBe('singular-views');
  });
});

describe('Black–Litterman inside estimation', () => {
  it('replaces μ and Σ by the posterior, equal to the reference', async () => {
    const { estimate, checkBlackLitterman } = await import('$lib/core/estimators/return-distribution');
    type BlackLittermanConfig = import('$lib/core/estimators/return-distribution').BlackLittermanConfig;
    const golden = loadGolden<BlGolden>('black-litterman-pypfopt-stock-prices.json');
    const { returns } = returnsFromPrices(loadPrices('stock_prices.csv'));
    const spy = returnsFromPrices(loadPrices('spy_prices.csv')).returns;
    const blackLitterman: BlackLittermanConfig = {
      marketCaps: Object.fromEntries(golden.assets.map((a, i) => [a, golden.marketCaps[i]])),
      riskAversion: marketImpliedRiskAversion(spy.values),
      views: [
        { assets: { AAPL: 1 }, return: 0.1 },
        { assets: { FB: 1 }, return: 0.3, confidence: 0.6 },
        { assets: { MA: 1, PFE: -1 }, return: 0.05, confidence: 0.3 }
      ]
    };
    expect(checkBlackLitterman(blackLitterman, returns.assets)).toBeUndefined();
    const dist = estimate(returns, {
      expectedReturns: { kind: 'cagr' },
      riskModel: { kind: 'sample' },
      blackLitterman
    });
    expectAllClose(dist.mu, golden.posteriorReturns, 1e-6, 'posterior returns');
    expectAllClose(dist.cov, flat(golden.posteriorCov), 1e-6, 'posterior covariance');
    expect(
      checkBlackLitterman({ ...blackLitterman, views: [{ assets: { NOPE: 1 }, return: 0.1 }] }, returns.assets)
    ).toBe('view 1 names NOPE, which is not among the assets');
  });
});
