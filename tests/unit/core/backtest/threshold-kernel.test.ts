import { describe, expect, it } from 'vitest';
import { thresholdBacktest } from '$lib/core/backtest/threshold-kernel';
import { runBacktest } from '$lib/core/backtest/engine';
import { bandRule } from '$lib/core/backtest/rebalance-rules';
import type { PriceTable } from '$lib/core/returns/return-table';

function randomPrices(bars: number, assets: number, seed: number): Float64Array {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out = new Float64Array(bars * assets);
  for (let j = 0; j < assets; j++) out[j] = 50 + 100 * rand();
  for (let t = 1; t < bars; t++)
    for (let j = 0; j < assets; j++) out[t * assets + j] = out[(t - 1) * assets + j] * (1 + (rand() - 0.5) * 0.05);
  return out;
}

describe('threshold kernel', () => {
  for (const execution of ['next-close', 'same-close'] as const)
    it(`gives the engine's numbers to 1e-9 (${execution})`, () => {
      const assets = 6;
      const bars = 1500;
      const prices = randomPrices(bars, assets, 42);
      const targets = Float64Array.of(0.3, 0.2, 0.2, 0.1, 0.1, 0.05);
      const dates = Array.from({ length: bars }, (_, t) =>
        new Date(Date.UTC(2000, 0, 3) + t * 86_400_000).toISOString().slice(0, 10)
      );
      const table: PriceTable = { assets: ['A', 'B', 'C', 'D', 'E', 'F'], dates, values: prices };
      for (const variant of [
        { band: 0.02, bps: 10 },
        { band: 0.05, bps: 25 },
        { band: 0.01, bps: 0 }
      ]) {
        const kernel = thresholdBacktest(prices, assets, targets, variant, execution, 10_000);
        const engine = runBacktest(
          table,
          { name: 'bands', targets, rule: bandRule({ absolute: variant.band }) },
          { start: 0, end: bars - 1, initialValue: 10_000, bps: variant.bps, execution }
        );
        expect(Math.abs(kernel.finalValue - engine.equity[bars - 1]) / kernel.finalValue).toBeLessThan(1e-9);
        expect(kernel.rebalances).toBe(engine.rebalances);
        expect(kernel.rebalances).toBeGreaterThan(2);
        expect(kernel.costs).toBeCloseTo(engine.costs, 8);
      }
    });
});

describe('threshold sweep', () => {
  it('equals the kernel run variant by variant, over a band × cost grid', async () => {
    const { thresholdSweep } = await import('$lib/core/backtest/threshold-sweep');
    const assets = 8;
    const prices = randomPrices(2500, assets, 9);
    const targets = Float64Array.of(0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.1, 0.05);
    const variants = [];
    for (const band of [0.01, 0.02, 0.04]) for (const bps of [0, 5, 30]) variants.push({ band, bps });
    for (const execution of ['next-close', 'same-close'] as const) {
      const swept = thresholdSweep(prices, assets, targets, variants, execution, 1000);
      variants.forEach((variant, i) => {
        const single = thresholdBacktest(prices, assets, targets, variant, execution, 1000);
        expect(Math.abs(swept[i].finalValue - single.finalValue) / single.finalValue).toBeLessThan(1e-9);
        expect(swept[i].rebalances).toBe(single.rebalances);
        expect(swept[i].costs).toBeCloseTo(single.costs, 7);
      });
    }
  });
});
