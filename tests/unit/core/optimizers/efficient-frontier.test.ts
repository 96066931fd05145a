import { beforeAll, describe, expect, it } from 'vitest';
import { estimate } from '$lib/core/estimators/return-distribution';
import { efficientFrontier } from '$lib/core/optimizers/efficient-frontier';
import type { OptimizerSolvers } from '$lib/core/optimizers/mean-variance';
import { returnsFromPrices } from '$lib/core/returns/returns-from-prices';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';
import { createQpEngine } from '$lib/solvers/qp-engine';
import { loadGolden, loadPrices } from '../../helpers/golden';

let solvers: OptimizerSolvers;
beforeAll(async () => {
  solvers = { qp: await createQpEngine(), lp: await createGlpkMilpSolver() };
});

describe('efficient frontier', () => {
  const dist = estimate(returnsFromPrices(loadPrices('stock_prices.csv')).returns, {
    expectedReturns: { kind: 'cagr' },
    riskModel: { kind: 'sample' }
  });

  it('is a curve of 50 points from the minimum-volatility portfolio to the highest return, risk rising with return', () => {
    const progress: number[] = [];
    const result = efficientFrontier(dist, {}, solvers, 50, (f) => progress.push(f));
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const curve = result.value;
    expect(curve).toHaveLength(50);
    const golden = loadGolden<{
      cases: { minVolatility: { performance: { volatility: number } }; maximumReturn: number }[];
    }>('optimizers-pypfopt-stock-prices.json');
    expect(curve[0].volatility).toBeCloseTo(golden.cases[0].minVolatility.performance.volatility, 9);
    expect(curve[49].expectedReturn).toBeCloseTo(golden.cases[0].maximumReturn, 6);
    for (let k = 1; k < curve.length; k++) {
      expect(curve[k].expectedReturn).toBeGreaterThan(curve[k - 1].expectedReturn);
      expect(curve[k].volatility).toBeGreaterThanOrEqual(curve[k - 1].volatility - 1e-12);
    }
    expect(progress[progress.length - 1]).toBe(1);
  });
});
