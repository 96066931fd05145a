// Expected values: cvxopt 1.3.0 QPs and scipy 1.10 SLSQP (efficient risk) on CAGR and sample
// covariance, from tests/golden/make_fixtures.py. Agreement: performance 1e-6 relative, weights 1e-4.
import { beforeAll, describe, expect, it } from 'vitest';
import { estimate } from '$lib/core/estimators/return-distribution';
import {
  optimizeMeanVariance,
  type MeanVarianceObjective,
  type OptimizerSolvers
} from '$lib/core/optimizers/mean-variance';
import { returnsFromPrices } from '$lib/core/returns/returns-from-prices';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';
import { createQpEngine } from '$lib/solvers/qp-engine';
import { loadGolden, loadPrices } from '../../helpers/golden';

interface Case {
  bounds: [number, number];
  targetReturn: number;
  targetVolatility: number;
  [key: string]: unknown;
}
interface Expected {
  weights: number[];
  performance: { expectedReturn: number; volatility: number; sharpe: number };
}

let solvers: OptimizerSolvers;
beforeAll(async () => {
  solvers = { qp: await createQpEngine(), lp: await createGlpkMilpSolver() };
});

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

for (const [dataFile, goldenFile] of [
  ['stock_prices.csv', 'optimizers-pypfopt-stock-prices.json'],
  ['sp500_dataset.csv.gz', 'optimizers-skfolio-sp500.json']
] as const) {
  describe(`mean-variance optimizers on ${dataFile}`, () => {
    const golden = loadGolden<{ cases: Case[]; riskFreeRate: number }>(goldenFile);
    const dist = estimate(returnsFromPrices(loadPrices(dataFile)).returns, {
      expectedReturns: { kind: 'cagr' },
      riskModel: { kind: 'sample' }
    });

    for (const testCase of golden.cases) {
      const objectives: [string, MeanVarianceObjective][] = [
        ['minVolatility', { kind: 'min-volatility' }],
        ['maxQuadraticUtility', { kind: 'max-quadratic-utility', riskAversion: 1 }],
        ['efficientReturn', { kind: 'efficient-return', targetReturn: testCase.targetReturn }],
        ['efficientRisk', { kind: 'efficient-risk', targetVolatility: testCase.targetVolatility }],
        ['maxSharpe', { kind: 'max-sharpe', riskFreeRate: 0.02 }]
      ];
      for (const [key, objective] of objectives) {
        const expected = testCase[key] as Expected | undefined;
        if (!expected) continue;
        it(`${key} with bounds ${testCase.bounds.join(', ')}`, () => {
          const result = optimizeMeanVariance(dist, objective, { constraints: { bounds: testCase.bounds } }, solvers);
          if (!result.ok) throw new Error(JSON.stringify(result.error));
          const { performance, weights, checks } = result.value;
          expect(checks.maxViolation).toBeLessThanOrEqual(1e-8);
          expect(relative(performance.volatility, expected.performance.volatility)).toBeLessThanOrEqual(1e-6);
          expect(relative(performance.expectedReturn, expected.performance.expectedReturn)).toBeLessThanOrEqual(1e-6);
          expect(relative(performance.sharpe, expected.performance.sharpe)).toBeLessThanOrEqual(1e-6);
          for (let i = 0; i < weights.length; i++)
            expect(Math.abs(weights[i] - expected.weights[i])).toBeLessThanOrEqual(1e-4);
        });
      }
    }
  });
}
