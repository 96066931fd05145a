// Expected values: tests/golden/make_fixtures.py — the greedy rounds of reference-definitions.md §8
// in numpy, and the lp_portfolio MILP solved by scipy 1.10 `milp` (HiGHS).
import { beforeAll, describe, expect, it } from 'vitest';
import { greedyAllocation, latestPrices, milpAllocation } from '$lib/core/allocation/discrete-allocation';
import type { MilpSolver } from '$lib/core/solver/milp';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';
import { loadGolden, loadPrices } from '../../helpers/golden';

interface AllocationGolden {
  totalValue: number;
  latestPrices: Record<string, number>;
  weights: Record<string, number>;
  greedy: { shares: Record<string, number>; leftover: number };
  milp: { shares: Record<string, number>; leftover: number; objective: number };
}

let solver: MilpSolver;
beforeAll(async () => {
  solver = await createGlpkMilpSolver();
});

describe('discrete allocation on stock_prices.csv with HRP weights and $10,000', () => {
  const golden = loadGolden<AllocationGolden>('allocation-pypfopt-stock-prices.json');
  const prices = latestPrices(loadPrices('stock_prices.csv'));

  it('takes the latest price of every asset (forward-filled last row)', () => {
    expect(prices).toEqual(golden.latestPrices);
  });

  it('greedy: the same shares and leftover as the reference rounds', () => {
    const result = greedyAllocation(golden.weights, prices, golden.totalValue);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.shares).toEqual(golden.greedy.shares);
    expect(result.value.leftover).toBeCloseTo(golden.greedy.leftover, 9);
  });

  it('MILP: the optimum HiGHS finds, cash never negative', () => {
    const result = milpAllocation(golden.weights, prices, golden.totalValue, solver);
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const { shares, leftover } = result.value;
    expect(leftover).toBeGreaterThanOrEqual(0);
    let objective = leftover;
    let spent = 0;
    for (const [asset, weight] of Object.entries(golden.weights)) {
      const value = (shares[asset] ?? 0) * prices[asset];
      spent += value;
      objective += Math.abs(weight * golden.totalValue - value);
    }
    expect(spent + leftover).toBeCloseTo(golden.totalValue, 9);
    expect(objective).toBeCloseTo(golden.milp.objective, 6);
  });

  it('names an asset without a price', () => {
    expect(greedyAllocation({ XYZ: 1 }, {}, 100)).toEqual({
      ok: false,
      error: { code: 'missing-price', asset: 'XYZ' }
    });
  });
});
