import { beforeAll, describe, expect, it } from 'vitest';
import {
  cashAfterTrades,
  distanceToTarget,
  planRebalance,
  solveRebalance,
  type RebalanceProblem
} from '$lib/core/rebalance/whole-share-rebalance';
import type { MilpSolver } from '$lib/core/solver/milp';
import type { Portfolio } from '$lib/core/portfolio/types';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';
import { mulberry32 as random } from '$lib/core/solver/test-problems';

let solver: MilpSolver;
beforeAll(async () => {
  solver = await createGlpkMilpSolver();
});

/** The oracle: enumerate every feasible integer trade vector and keep the best distance. */
function bruteForceBest(problem: RebalanceProblem): number {
  const total = problem.positions.reduce((s, p) => s + p.quantity * p.price, problem.cash);
  const ranges = problem.positions.map((p) => {
    const low = -Math.floor(p.quantity / p.lotSize + 1e-9);
    const high = Math.floor(total / (p.price * p.lotSize) + 1e-9);
    return [low, high] as const;
  });
  let best = Infinity;
  const trades = new Array<number>(problem.positions.length).fill(0);
  const visit = (index: number) => {
    if (index === problem.positions.length) {
      if (cashAfterTrades(problem, trades) >= -1e-9) best = Math.min(best, distanceToTarget(problem, trades));
      return;
    }
    for (let n = ranges[index][0]; n <= ranges[index][1]; n++) {
      trades[index] = n;
      visit(index + 1);
    }
  };
  visit(0);
  return best;
}

function randomProblem(next: () => number, assets: number): RebalanceProblem {
  const raw = Array.from({ length: assets + 1 }, () => next() + 0.05);
  const sum = raw.reduce((a, b) => a + b, 0);
  return {
    positions: Array.from({ length: assets }, (_, i) => ({
      symbol: `A${i}`,
      quantity: Math.floor(next() * 6),
      price: Math.round((20 + next() * 180) * 100) / 100,
      targetWeight: raw[i] / sum,
      lotSize: next() < 0.2 ? 2 : 1
    })),
    cash: Math.round(next() * 600 * 100) / 100,
    cashTarget: raw[assets] / sum
  };
}

describe('whole-share rebalance', () => {
  it('finds the optimum that brute-force enumeration finds, on 60 random small cases', () => {
    const next = random(20261125);
    for (let trial = 0; trial < 60; trial++) {
      const problem = randomProblem(next, 2 + (trial % 2));
      const solved = solveRebalance(problem, solver);
      expect(solved.ok).toBe(true);
      if (!solved.ok) return;
      const found = distanceToTarget(problem, solved.value);
      const best = bruteForceBest(problem);
      expect(found).toBeCloseTo(best, 6);
    }
  });

  it('never leaves cash negative and trades whole lots only', () => {
    const next = random(7);
    for (let trial = 0; trial < 40; trial++) {
      const problem = randomProblem(next, 3);
      const solved = solveRebalance(problem, solver);
      if (!solved.ok) throw new Error('solve failed');
      expect(cashAfterTrades(problem, solved.value)).toBeGreaterThanOrEqual(0);
      for (const n of solved.value) expect(Number.isInteger(n)).toBe(true);
      solved.value.forEach((n, i) => {
        expect(problem.positions[i].quantity + n * problem.positions[i].lotSize).toBeGreaterThanOrEqual(0);
      });
    }
  });

  it('spends cash exactly to zero when the targets ask for it and prices allow', () => {
    const problem: RebalanceProblem = {
      positions: [
        { symbol: 'A', quantity: 0, price: 50, targetWeight: 0.5, lotSize: 1 },
        { symbol: 'B', quantity: 0, price: 25, targetWeight: 0.5, lotSize: 1 }
      ],
      cash: 100,
      cashTarget: 0
    };
    const solved = solveRebalance(problem, solver);
    expect(solved.ok && solved.value).toEqual([1, 2]);
    expect(solved.ok && cashAfterTrades(problem, solved.value)).toBe(0);
  });

  it('sells to fund buys and never sells more than is held', () => {
    const problem: RebalanceProblem = {
      positions: [
        { symbol: 'OVER', quantity: 10, price: 100, targetWeight: 0.2, lotSize: 1 },
        { symbol: 'UNDER', quantity: 0, price: 40, targetWeight: 0.8, lotSize: 1 }
      ],
      cash: 0,
      cashTarget: 0
    };
    const solved = solveRebalance(problem, solver);
    if (!solved.ok) throw new Error('solve failed');
    expect(solved.value).toEqual([-8, 20]);
  });

  it('respects lot sizes', () => {
    const problem: RebalanceProblem = {
      positions: [{ symbol: 'BOND', quantity: 0, price: 10, targetWeight: 1, lotSize: 10 }],
      cash: 255,
      cashTarget: 0
    };
    const solved = solveRebalance(problem, solver);
    // Three lots would cost 300 > 255: two lots, 55 left.
    expect(solved.ok && solved.value).toEqual([2]);
  });
});

describe('planRebalance', () => {
  const portfolio: Portfolio = {
    name: 'Test',
    baseCurrency: 'USD',
    cash: 1000,
    cashTarget: 0,
    fxRates: { EUR: 2 },
    holdings: [
      {
        symbol: 'US',
        name: 'US fund',
        assetClass: 'equity',
        quantity: 10,
        price: 100,
        currency: 'USD',
        targetWeight: 0.5,
        lotSize: 1
      },
      {
        symbol: 'EU',
        name: 'EU fund',
        assetClass: 'equity',
        quantity: 0,
        price: 25,
        currency: 'EUR',
        targetWeight: 0.5,
        lotSize: 1
      }
    ]
  };

  it('converts prices with FX rates and reports trades, weights and leftover cash', () => {
    const plan = planRebalance(portfolio, solver);
    if (!plan.ok) throw new Error(JSON.stringify(plan.error));
    // Total 2000; EU costs 50 in USD, so 20 units reach 1000 exactly.
    expect(plan.value.trades).toEqual([{ symbol: 'EU', side: 'buy', quantity: 20, price: 50, value: 1000 }]);
    expect(plan.value.cashAfter).toBe(0);
    expect(plan.value.totalDriftBefore).toBeCloseTo(0.5, 12);
    expect(plan.value.totalDriftAfter).toBeCloseTo(0, 12);
    expect(plan.value.lines.find((l) => l.symbol === 'EU')?.weightAfter).toBeCloseTo(0.5, 12);
  });

  it('refuses a portfolio with a missing FX rate, naming the currency and holding', () => {
    const plan = planRebalance({ ...portfolio, fxRates: {} }, solver);
    expect(plan.ok).toBe(false);
    if (plan.ok || plan.error.code !== 'invalid-portfolio') throw new Error('expected invalid-portfolio');
    expect(plan.error.issues).toContainEqual({ code: 'missing-fx-rate', field: 'fxRates', symbol: 'EU', value: 'EUR' });
  });

  it('says there is nothing to rebalance in an empty portfolio', () => {
    const plan = planRebalance({ ...portfolio, holdings: [], cash: 0, cashTarget: 1 }, solver);
    expect(plan.ok === false && plan.error.code).toBe('nothing-to-rebalance');
  });
});
