// Expected values: cvxopt 1.3.0 on the same (w, d) QP (tests/golden/make_fixtures.py).
import { beforeAll, describe, expect, it } from 'vitest';
import { estimate } from '$lib/core/estimators/return-distribution';
import { optimizeMeanVariance, type OptimizerSolvers } from '$lib/core/optimizers/mean-variance';
import { returnsFromPrices } from '$lib/core/returns/returns-from-prices';
import { quadraticForm } from '$lib/core/linalg/dense';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';
import { createQpEngine } from '$lib/solvers/qp-engine';
import { loadGolden, loadPrices } from '../../helpers/golden';

interface TradingGolden {
  current: number[];
  costs: number[];
  cases: { name: string; turnoverLimit: number | null; weights: number[]; objective: number }[];
}

let solvers: OptimizerSolvers;
beforeAll(async () => {
  solvers = { qp: await createQpEngine(), lp: await createGlpkMilpSolver() };
});

describe('trading terms: linear costs and turnover from current weights', () => {
  const golden = loadGolden<TradingGolden>('trading-skfolio-sp500.json');
  const dist = estimate(returnsFromPrices(loadPrices('sp500_dataset.csv.gz')).returns, {
    expectedReturns: { kind: 'cagr' },
    riskModel: { kind: 'sample' }
  });
  const n = dist.assets.length;

  for (const reference of golden.cases) {
    it(reference.name, () => {
      const objective =
        reference.name === 'maxQuadraticUtilityWithCosts'
          ? ({ kind: 'max-quadratic-utility', riskAversion: 1 } as const)
          : ({ kind: 'min-volatility' } as const);
      const trading =
        reference.turnoverLimit === null
          ? { current: golden.current, costs: golden.costs }
          : { current: golden.current, turnoverLimit: reference.turnoverLimit };
      const result = optimizeMeanVariance(dist, objective, { trading }, solvers);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const w = result.value.weights;
      const scale = objective.kind === 'min-volatility' ? 1 : 0.5;
      let value = scale * quadraticForm(dist.cov, n, w) * (objective.kind === 'min-volatility' ? 1 : 1);
      if (objective.kind === 'max-quadratic-utility') value -= w.reduce((s, wi, i) => s + wi * dist.mu[i], 0);
      if (reference.turnoverLimit === null)
        w.forEach((wi, i) => (value += golden.costs[i] * Math.abs(wi - golden.current[i])));
      // Never worse than cvxopt's optimum, and the same weights.
      expect(value).toBeLessThanOrEqual(reference.objective + 1e-9);
      w.forEach((wi, i) => expect(Math.abs(wi - reference.weights[i])).toBeLessThan(1e-4));
      if (reference.turnoverLimit !== null) {
        const turnover = w.reduce((s, wi, i) => s + Math.abs(wi - golden.current[i]), 0);
        expect(turnover).toBeLessThanOrEqual(reference.turnoverLimit + 1e-8);
      }
    });
  }
});

describe('tracking-error limit', () => {
  it('minimum volatility within 2 % tracking error of equal weights matches scipy SLSQP', async () => {
    const { trackingError } = await import('$lib/core/optimizers/mean-variance');
    const golden = loadGolden<{ benchmark: number[]; limit: number; weights: number[]; variance: number }>(
      'tracking-error-skfolio-sp500.json'
    );
    const dist = estimate(returnsFromPrices(loadPrices('sp500_dataset.csv.gz')).returns, {
      expectedReturns: { kind: 'cagr' },
      riskModel: { kind: 'sample' }
    });
    const result = optimizeMeanVariance(
      dist,
      { kind: 'min-volatility' },
      { trackingError: { benchmark: golden.benchmark, limit: golden.limit } },
      solvers
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const te = trackingError(dist.cov, result.value.weights, golden.benchmark);
    expect(te).toBeLessThanOrEqual(golden.limit + 1e-10);
    expect(te).toBeGreaterThan(golden.limit - 1e-8);
    const variance = quadraticForm(dist.cov, dist.assets.length, result.value.weights);
    expect(Math.abs(variance - golden.variance) / golden.variance).toBeLessThan(1e-6);
    result.value.weights.forEach((w, i) => expect(Math.abs(w - golden.weights[i])).toBeLessThan(1e-4));
  });
});
