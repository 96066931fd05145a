import { beforeAll, describe, expect, it } from 'vitest';
import { makeReturnDistribution } from '$lib/core/estimators/return-distribution';
import { optimizeWithCardinality } from '$lib/core/optimizers/cardinality';
import { optimizeMeanVariance, type OptimizerSolvers } from '$lib/core/optimizers/mean-variance';
import { quadraticForm } from '$lib/core/linalg/dense';
import { benchmarkCovariance } from '$lib/core/solver/test-problems';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';
import { createQpEngine } from '$lib/solvers/qp-engine';

let solvers: OptimizerSolvers;
beforeAll(async () => {
  solvers = { qp: await createQpEngine(), lp: await createGlpkMilpSolver() };
});

/** The oracle: try every subset of at most K assets with the QP and keep the best. */
function bruteForce(
  n: number,
  K: number,
  minimum: number,
  solve: (bounds: Record<string, [number, number]>) => number | undefined
) {
  let best = Number.POSITIVE_INFINITY;
  for (let mask = 1; mask < 1 << n; mask++) {
    const size = mask
      .toString(2)
      .split('')
      .filter((b) => b === '1').length;
    if (size > K) continue;
    const bounds: Record<string, [number, number]> = {};
    for (let i = 0; i < n; i++) bounds[`A${i}`] = mask & (1 << i) ? [minimum, 1] : [0, 0];
    const value = solve(bounds);
    if (value !== undefined) best = Math.min(best, value);
  }
  return best;
}

describe('cardinality by branch and bound', () => {
  it('finds the best portfolio of at most K holdings, each ≥ the minimum, as exhaustive search does', () => {
    for (let trial = 0; trial < 6; trial++) {
      const n = 7 + (trial % 3);
      const dist = makeReturnDistribution({
        assets: Array.from({ length: n }, (_, i) => `A${i}`),
        mu: Float64Array.from({ length: n }, (_, i) => 0.03 + 0.01 * ((i * 5 + trial) % 7)),
        cov: benchmarkCovariance(n, 700 + trial),
        frequency: 252,
        warnings: []
      });
      const K = 2 + (trial % 3);
      const minimum = 0.05;
      const result = optimizeWithCardinality(
        dist,
        { kind: 'min-volatility' },
        { maxHoldings: K, minPosition: minimum },
        {},
        solvers
      );
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      const held = Array.from(result.value.weights).filter((w) => w > 0);
      expect(held.length).toBeLessThanOrEqual(K);
      for (const w of held) expect(w).toBeGreaterThanOrEqual(minimum - 1e-9);
      expect(result.value.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 9);
      const found = quadraticForm(dist.cov, n, result.value.weights);
      const oracle = bruteForce(n, K, minimum, (bounds) => {
        const solved = optimizeMeanVariance(dist, { kind: 'min-volatility' }, { constraints: { bounds } }, solvers);
        return solved.ok ? quadraticForm(dist.cov, n, solved.value.weights) : undefined;
      });
      expect(found).toBeCloseTo(oracle, 12);
    }
  });
});
