import { describe, expect, it } from 'vitest';
import { cashFlowTrades, type CashFlowLine } from '$lib/core/policies/cash-flow';

const LINES: CashFlowLine[] = [
  { name: 'stocks', value: 7000, target: 0.6 },
  { name: 'bonds', value: 2000, target: 0.3 },
  { name: 'gold', value: 1000, target: 0.1 }
];

describe('cash-flow-first rebalancing', () => {
  it('sends a contribution to the most underweight first', () => {
    // Total after 1,000 is 11,000: bonds want 3,300 (have 2,000), gold wants 1,100 (have 1,000).
    const buys = cashFlowTrades(LINES, 1000)!;
    expect(buys[0]).toBe(0);
    expect(buys[1] + buys[2]).toBeCloseTo(1000, 9);
    // Both end at the same fraction of their target value; stocks are above it.
    const ratio = (i: number) => (LINES[i].value + buys[i]) / (LINES[i].target * 11_000);
    expect(ratio(1)).toBeCloseTo(ratio(2), 12);
    expect(ratio(0)).toBeGreaterThan(ratio(1));
  });

  it('reaches the targets exactly when the contribution covers every shortfall', () => {
    const buys = cashFlowTrades(LINES, 5000)!;
    expect(buys.map((b, i) => LINES[i].value + b)).toEqual([9000, 4500, 1500].map((v) => expect.closeTo(v, 9)));
  });

  it('takes a withdrawal from the most overweight, and holdings without a target first', () => {
    const sells = cashFlowTrades([...LINES, { name: 'legacy', value: 300, target: 0 }], -1000)!;
    expect(sells[3]).toBe(-300);
    expect(sells[1]).toBe(0);
    expect(sells.reduce((a, b) => a + b, 0)).toBeCloseTo(-1000, 9);
    expect(cashFlowTrades(LINES, -20_000)).toBeUndefined();
  });

  it('never does worse on drift than any other way to spend the same contribution (random cases)', () => {
    let seed = 9;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const drift = (values: number[], targets: number[]) => {
      const total = values.reduce((a, b) => a + b, 0);
      return values.reduce((sum, v, i) => sum + Math.abs(v / total - targets[i]), 0);
    };
    for (let trial = 0; trial < 300; trial++) {
      const n = 2 + (trial % 5);
      const raw = Array.from({ length: n }, () => random() + 0.05);
      const targets = raw.map((r) => r / raw.reduce((a, b) => a + b, 0));
      const values = Array.from({ length: n }, () => random() * 1000);
      const flow = random() * 800;
      const buys = cashFlowTrades(
        values.map((value, i) => ({ name: String(i), value, target: targets[i] })),
        flow
      )!;
      expect(buys.every((b) => b >= -1e-9)).toBe(true);
      expect(buys.reduce((a, b) => a + b, 0)).toBeCloseTo(flow, 6);
      const ours = drift(
        values.map((v, i) => v + buys[i]),
        targets
      );
      for (let other = 0; other < 20; other++) {
        const split = Array.from({ length: n }, () => random());
        const scale = flow / split.reduce((a, b) => a + b, 0);
        expect(ours).toBeLessThanOrEqual(
          drift(
            values.map((v, i) => v + split[i] * scale),
            targets
          ) + 1e-9
        );
      }
    }
  });
});
