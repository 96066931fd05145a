import { beforeAll, describe, expect, it } from 'vitest';
import { allocateTrades, type TradePosition } from '$lib/core/allocation/trade-allocation';
import type { MilpSolver } from '$lib/core/solver/milp';
import { mulberry32 } from '$lib/core/solver/test-problems';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';

let solver: MilpSolver;
beforeAll(async () => {
  solver = await createGlpkMilpSolver();
});

/** The oracle: enumerate every lot trade per asset and keep the best allowed plan. */
function bruteForce(positions: TradePosition[], cash: number, minTrade: number, fee: number): number {
  const total = positions.reduce((s, p) => s + p.quantity * p.price, cash);
  const cashTarget = Math.max(0, 1 - positions.reduce((s, p) => s + p.targetWeight, 0));
  const ranges = positions.map((p) => [-Math.floor(p.quantity / p.lotSize), Math.floor(total / (p.price * p.lotSize))]);
  let best = Number.POSITIVE_INFINITY;
  const lots = new Array<number>(positions.length).fill(0);
  const visit = (k: number) => {
    if (k === positions.length) {
      let spent = 0;
      let distance = 0;
      for (let i = 0; i < positions.length; i++) {
        const p = positions[i];
        const value = Math.abs(lots[i] * p.lotSize * p.price);
        if (lots[i] !== 0 && value < minTrade) return;
        spent += lots[i] * p.lotSize * p.price + (lots[i] !== 0 ? fee : 0);
        distance += Math.abs(p.targetWeight * total - (p.quantity + lots[i] * p.lotSize) * p.price);
      }
      const left = cash - spent;
      if (left < -1e-9) return;
      best = Math.min(best, distance + Math.abs(cashTarget * total - left));
      return;
    }
    for (let n = ranges[k][0]; n <= ranges[k][1]; n++) {
      lots[k] = n;
      visit(k + 1);
    }
  };
  visit(0);
  return best;
}

describe('allocation from current holdings with lots, a minimum trade and fees', () => {
  it('matches exhaustive search on random small cases; cash never negative', () => {
    const random = mulberry32(99);
    for (let trial = 0; trial < 30; trial++) {
      const positions: TradePosition[] = [0, 1].map((i) => ({
        symbol: `A${i}`,
        quantity: Math.floor(random() * 8),
        price: Math.round((20 + random() * 80) * 100) / 100,
        targetWeight: 0.3 + 0.15 * i + random() * 0.1,
        lotSize: random() < 0.3 ? 5 : 1
      }));
      const cash = Math.round(random() * 400);
      const minTrade = random() < 0.5 ? 150 : 0;
      const fee = random() < 0.5 ? 4.95 : 0;
      const result = allocateTrades(positions, cash, { minTradeValue: minTrade, feePerTrade: fee }, solver);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      expect(result.value.leftover).toBeGreaterThanOrEqual(0);
      for (const [symbol, units] of Object.entries(result.value.trades)) {
        const p = positions.find((q) => q.symbol === symbol)!;
        expect(Number.isInteger(units / p.lotSize)).toBe(true);
        expect(Math.abs(units * p.price)).toBeGreaterThanOrEqual(minTrade - 1e-9);
      }
      expect(result.value.distance).toBeCloseTo(bruteForce(positions, cash, minTrade, fee), 6);
    }
  });
});
