import { beforeAll, describe, expect, it } from 'vitest';
import { makeReturnDistribution } from '$lib/core/estimators/return-distribution';
import { optimizeMeanVariance, type OptimizerSolvers } from '$lib/core/optimizers/mean-variance';
import { benchmarkCovariance, mulberry32 } from '$lib/core/solver/test-problems';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';
import { createQpEngine } from '$lib/solvers/qp-engine';
import { describeOptimizationError } from '$lib/messages/en';

let solvers: OptimizerSolvers;
beforeAll(async () => {
  solvers = { qp: await createQpEngine(), lp: await createGlpkMilpSolver() };
});

const assets = ['BND', 'AGG', 'VTI', 'VXUS', 'GLD'];
const dist = makeReturnDistribution({
  assets,
  mu: Float64Array.from([0.03, 0.035, 0.08, 0.07, 0.04]),
  cov: benchmarkCovariance(5, 9),
  frequency: 252,
  warnings: []
});
const bonds = { name: 'Bonds', members: ['BND', 'AGG'] };
const equities = { name: 'Equities', members: ['VTI', 'VXUS'] };

describe('the infeasibility doctor', () => {
  it('names two group minimums that cannot both hold and the smallest relaxation', () => {
    const result = optimizeMeanVariance(
      dist,
      { kind: 'min-volatility' },
      {
        constraints: {
          groups: [
            { ...bonds, lower: 0.5 },
            { ...equities, lower: 0.6 }
          ]
        }
      },
      solvers
    );
    expect(result.ok).toBe(false);
    if (result.ok || result.error.code !== 'infeasible') throw new Error('expected infeasible');
    const { diagnosis } = result.error;
    expect(diagnosis.conflicting).toEqual(expect.arrayContaining(['Bonds ≥ 50 %', 'Equities ≥ 60 %']));
    expect(diagnosis.relaxations).toHaveLength(1);
    expect(diagnosis.relaxations[0].by).toBeCloseTo(0.1, 12);
    expect(describeOptimizationError(result.error)).toMatch(
      /^Bonds ≥ 50 %, Equities ≥ 60 % and weights sum to 100 % cannot all hold: (lower Bonds ≥ 50 %|lower Equities ≥ 60 %) by 10 points\.$/
    );
  });

  it('explains bounds that cannot reach the budget', () => {
    const result = optimizeMeanVariance(
      dist,
      { kind: 'min-volatility' },
      { constraints: { bounds: [0, 0.15] } },
      solvers
    );
    if (result.ok) throw new Error('expected an error');
    expect(describeOptimizationError(result.error)).toContain('weights sum to 100 %');
  });

  it('refuses maximum Sharpe when no asset beats the risk-free rate', () => {
    const result = optimizeMeanVariance(dist, { kind: 'max-sharpe', riskFreeRate: 0.09 }, {}, solvers);
    if (result.ok) throw new Error('expected an error');
    expect(result.error).toEqual({
      code: 'no-asset-beats-risk-free-rate',
      riskFreeRate: 0.09,
      bestReturn: 0.08,
      bestAsset: 'VTI'
    });
    expect(describeOptimizationError(result.error)).toBe(
      'No asset is expected to beat the risk-free rate of 9 % (the best, VTI, expects 8 %), so no portfolio has a positive Sharpe ratio. Lower the risk-free rate or choose another objective.'
    );
  });

  it('refuses a target return above the highest achievable one', () => {
    const result = optimizeMeanVariance(dist, { kind: 'efficient-return', targetReturn: 0.2 }, {}, solvers);
    if (result.ok) throw new Error('expected an error');
    expect(result.error.code).toBe('target-return-unreachable');
    expect(describeOptimizationError(result.error)).toBe(
      'A 20 % expected return is out of reach: the most these constraints allow is 8 %.'
    );
  });

  it('refuses a target volatility below the minimum-variance portfolio', () => {
    const result = optimizeMeanVariance(dist, { kind: 'efficient-risk', targetVolatility: 0.001 }, {}, solvers);
    if (result.ok) throw new Error('expected an error');
    expect(result.error.code).toBe('target-volatility-too-low');
    expect(describeOptimizationError(result.error)).toMatch(
      /^A volatility of 0.1 % is below the lowest these assets allow \(\d+(\.\d+)? %, the minimum-volatility portfolio\)\.$/
    );
  });
});

describe('property: random problems', () => {
  it('every returned solution satisfies its constraints to 1e-8; infeasible ones are diagnosed, never "optimal"', () => {
    const random = mulberry32(2026);
    let infeasible = 0;
    for (let trial = 0; trial < 60; trial++) {
      const n = 3 + Math.floor(random() * 10);
      const names = Array.from({ length: n }, (_, i) => `A${i}`);
      const problem = makeReturnDistribution({
        assets: names,
        mu: Float64Array.from({ length: n }, () => random() * 0.15),
        cov: benchmarkCovariance(n, 500 + trial),
        frequency: 252,
        warnings: []
      });
      const members = names.slice(0, Math.max(1, Math.floor(n / 2)));
      const groupLower = random() < 0.3 ? 0.5 + random() : random() * 0.5;
      const cap = random() < 0.2 ? 0.5 / n : 0.2 + random() * 0.8;
      const objectives = [
        { kind: 'min-volatility' as const },
        { kind: 'max-quadratic-utility' as const, riskAversion: 0.5 + random() * 5 },
        { kind: 'max-sharpe' as const, riskFreeRate: 0.01 }
      ];
      for (const objective of objectives) {
        const result = optimizeMeanVariance(
          problem,
          objective,
          { constraints: { bounds: [0, cap], groups: [{ name: 'First half', members, lower: groupLower }] } },
          solvers
        );
        if (result.ok) {
          expect(result.value.checks.maxViolation).toBeLessThanOrEqual(1e-8);
          const sum = result.value.weights.reduce((s, w) => s + w, 0);
          expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-8);
        } else {
          expect(result.error.code).toBe('infeasible');
          if (result.error.code === 'infeasible') expect(result.error.diagnosis.relaxations.length).toBeGreaterThan(0);
          infeasible++;
        }
      }
    }
    expect(infeasible).toBeGreaterThan(5);
  });
});
