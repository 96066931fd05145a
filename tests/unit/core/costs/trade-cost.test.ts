import { describe, expect, it } from 'vitest';
import { commission, sumCosts, tradeCost } from '$lib/core/costs/trade-cost';

describe('the cost model', () => {
  it('charges commission per trade, per share and in basis points, held between minimum and maximum', () => {
    expect(commission({ perTrade: 1, perShare: 0.005, bps: 2 }, 200, 10_000)).toBeCloseTo(1 + 1 + 2, 12);
    expect(commission({ perShare: 0.005, minimum: 1 }, 10, 500)).toBe(1);
    expect(commission({ bps: 10, maximum: 5 }, 1000, 100_000)).toBe(5);
    expect(commission({ perTrade: 4.95, minimum: 1 }, 0, 0)).toBe(0);
  });

  it('adds half the spread and square-root market impact when volume and volatility are known', () => {
    const cost = tradeCost({ commission: { perTrade: 1 }, impactCoefficient: 1 }, -10_000, 50, {
      spreadBps: 4,
      averageDailyVolume: 1_000_000,
      dailyVolatility: 0.02
    });
    // Value 500,000; half of 4 bp → 100; impact 0.02 · √(0.01) · 500,000 = 1,000.
    expect(cost.commission).toBe(1);
    expect(cost.spread).toBeCloseTo(100, 9);
    expect(cost.impact).toBeCloseTo(1000, 9);
    expect(cost.total).toBeCloseTo(1101, 9);
    // Unknown volume: no impact; the model's default spread applies.
    const plain = tradeCost({ commission: {}, defaultSpreadBps: 10 }, 100, 20);
    expect([plain.impact, plain.spread]).toEqual([0, 1]);
    expect(sumCosts([cost, plain]).total).toBeCloseTo(1102, 9);
  });

  it('grows impact with the square root of size: four times the shares, eight times the cost', () => {
    const liquidity = { averageDailyVolume: 1e6, dailyVolatility: 0.015 };
    const small = tradeCost({ commission: {} }, 1000, 10, liquidity).impact;
    const large = tradeCost({ commission: {} }, 4000, 10, liquidity).impact;
    expect(large / small).toBeCloseTo(8, 12);
  });
});
