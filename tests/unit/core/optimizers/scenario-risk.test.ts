// Expected values: scipy 1.10 linprog (HiGHS) on the same LPs (tests/golden/make_fixtures.py),
// reference-definitions.md §9; rows where every asset has a return (from 2014-09-22).
import { beforeAll, describe, expect, it } from 'vitest';
import { estimate } from '$lib/core/estimators/return-distribution';
import { completeRows, historicalCvar, minimumCdar, minimumCvar } from '$lib/core/optimizers/scenario-risk';
import { returnsFromPrices } from '$lib/core/returns/returns-from-prices';
import type { MilpSolver } from '$lib/core/solver/milp';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';
import { loadGolden, loadPrices } from '../../helpers/golden';

interface ScenarioGolden {
  rows: number;
  minCvar: { cvar: number; weights: number[] };
  minCdar: { cdar: number; weights: number[] };
}

let lp: MilpSolver;
beforeAll(async () => {
  lp = await createGlpkMilpSolver();
});

describe('scenario optimizers on stock_prices.csv', () => {
  const golden = loadGolden<ScenarioGolden>('scenario-pypfopt-stock-prices.json');
  const dist = estimate(returnsFromPrices(loadPrices('stock_prices.csv')).returns, {
    expectedReturns: { kind: 'cagr' },
    riskModel: { kind: 'sample' }
  });

  it('uses the rows where every asset has a return', () => {
    expect(completeRows(dist).rows).toBe(golden.rows);
  });

  it('minimum CVaR (β = 0.95) reaches the reference optimum', () => {
    const result = minimumCvar(dist, { beta: 0.95 }, lp);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { cvar } = result.value.performance;
    expect(Math.abs(cvar! - golden.minCvar.cvar) / golden.minCvar.cvar).toBeLessThan(1e-6);
    // The reported CVaR is the CVaR of the weights, recomputed from the scenarios.
    const { rows, values } = completeRows(dist);
    expect(historicalCvar(values, rows, result.value.weights, 0.95)).toBeCloseTo(cvar!, 9);
    result.value.weights.forEach((w, i) => expect(Math.abs(w - golden.minCvar.weights[i])).toBeLessThan(1e-4));
    expect(result.value.checks.maxViolation).toBeLessThan(1e-8);
  });

  it('minimum CDaR (β = 0.95) reaches the reference optimum', () => {
    const result = minimumCdar(dist, { beta: 0.95 }, lp);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { cdar } = result.value.performance;
    expect(Math.abs(cdar! - golden.minCdar.cdar) / golden.minCdar.cdar).toBeLessThan(1e-6);
    result.value.weights.forEach((w, i) => expect(Math.abs(w - golden.minCdar.weights[i])).toBeLessThan(1e-4));
  });
});

describe('minimum semivariance on stock_prices.csv', () => {
  it('settles on the down set whose QP is the optimum cvxopt finds for the (w, p, n) form', async () => {
    const { minimumSemivariance } = await import('$lib/core/optimizers/scenario-risk');
    const { createQpEngine } = await import('$lib/solvers/qp-engine');
    const golden = loadGolden<{ weights: number[]; semivariance: number; semideviation: number }>(
      'semivariance-pypfopt-stock-prices.json'
    );
    const dist = estimate(returnsFromPrices(loadPrices('stock_prices.csv')).returns, {
      expectedReturns: { kind: 'cagr' },
      riskModel: { kind: 'sample' }
    });
    const result = minimumSemivariance(dist, { benchmark: 0 }, { qp: await createQpEngine(), lp });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { semideviation } = result.value.performance;
    expect(semideviation! ** 2).toBeLessThanOrEqual(golden.semideviation ** 2 * (1 + 1e-9));
    expect(Math.abs(semideviation! - golden.semideviation) / golden.semideviation).toBeLessThan(1e-6);
    result.value.weights.forEach((w, i) => expect(Math.abs(w - golden.weights[i])).toBeLessThan(1e-4));
  });
});

describe('minimum CVaR with a cardinality limit (MILP on glpk.js)', () => {
  it('equals the best of every allowed subset solved as an LP', async () => {
    const { makeReturnDistribution } = await import('$lib/core/estimators/return-distribution');
    const { standardNormals } = await import('$lib/core/solver/test-problems');
    const n = 6;
    const days = 250;
    const z = standardNormals(days * n, 77);
    const values = Float64Array.from(z, (v, k) => 0.0004 * ((k % n) + 1) + 0.01 * (1 + (k % n) / 3) * v);
    const returns = {
      assets: Array.from({ length: n }, (_, j) => `S${j}`),
      dates: Array.from({ length: days }, (_, t) => `d${t}`),
      values
    };
    const dist = makeReturnDistribution({
      assets: returns.assets,
      mu: new Float64Array(n),
      cov: new Float64Array(n * n),
      frequency: 252,
      returns,
      warnings: []
    });
    const limited = minimumCvar(dist, { cardinality: { maxHoldings: 2, minPosition: 0.1 } }, lp);
    if (!limited.ok) throw new Error(JSON.stringify(limited.error));
    const held = Array.from(limited.value.weights).filter((w) => w > 1e-9);
    expect(held.length).toBeLessThanOrEqual(2);
    for (const w of held) expect(w).toBeGreaterThanOrEqual(0.1 - 1e-9);
    let best = Number.POSITIVE_INFINITY;
    for (let a = 0; a < n; a++) {
      for (let b = a; b < n; b++) {
        const bounds = Object.fromEntries(
          returns.assets.map((asset, j) => [
            asset,
            (j === a || j === b ? [a === b ? 0 : 0.1, 1] : [0, 0]) as [number, number]
          ])
        );
        const solved = minimumCvar(dist, { constraints: { bounds } }, lp);
        if (solved.ok) best = Math.min(best, solved.value.performance.cvar!);
      }
    }
    expect(limited.value.performance.cvar!).toBeCloseTo(best, 10);
  });
});
