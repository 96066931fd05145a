import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { returnMetrics, rolling } from '$lib/core/metrics/summary';
import { maxDrawdown, cumReturns } from '$lib/core/metrics/drawdown';
import { sharpeRatio, annualReturn } from '$lib/core/metrics/ratios';
import type { Period } from '$lib/core/metrics/periods';

interface MetricsCase {
  name: string;
  period: Period;
  riskFree: number;
  returns: (number | null)[];
  benchmark: number[] | null;
  expected: Record<string, number | null>;
}

const fixture = JSON.parse(readFileSync('tests/golden/metrics-empyrical.json', 'utf8')) as { cases: MetricsCase[] };

describe('return metrics against the independent numpy reference (reference-definitions.md Part 2)', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: every metric to 1e-9`, () => {
      const returns = c.returns.map((v) => (v === null ? Number.NaN : v));
      const got = returnMetrics(returns, {
        period: c.period,
        riskFree: c.riskFree,
        ...(c.benchmark ? { benchmark: c.benchmark } : {})
      });
      expect(Object.keys(got).sort()).toEqual(Object.keys(c.expected).sort());
      for (const [name, expected] of Object.entries(c.expected)) {
        if (expected === null) expect(got[name], name).toBeNaN();
        else
          expect(Math.abs(got[name] - expected), `${name}: ${got[name]} vs ${expected}`).toBeLessThanOrEqual(
            1e-9 * Math.max(1, Math.abs(expected))
          );
      }
    });
  }
});

describe('edge cases of the definitions', () => {
  it('a flat positive line has an infinite Sharpe ratio; an empty series has no drawdown', () => {
    expect(sharpeRatio([0.01, 0.01, 0.01])).toBe(Number.POSITIVE_INFINITY);
    expect(maxDrawdown([])).toBeNaN();
  });

  it('annual return counts NaN entries in the length but compounds them as 0', () => {
    expect(annualReturn([Number.NaN, 0.1], 2)).toBeCloseTo(0.1, 12);
    const cumulative = Array.from(cumReturns([0.1, Number.NaN, -0.5]));
    expect(cumulative[0]).toBeCloseTo(0.1, 12);
    expect(cumulative[1]).toBeCloseTo(0.1, 12);
    expect(cumulative[2]).toBeCloseTo(1.1 * 0.5 - 1, 12);
  });

  it('an all-negative series has the compounded loss as its maximum drawdown', () => {
    expect(maxDrawdown([-0.1, -0.1])).toBeCloseTo(0.9 * 0.9 - 1, 12);
  });

  it('rolling statistics have length − window + 1 values, each on its trailing window', () => {
    const r = [0.01, -0.02, 0.03, 0.01, 0.0];
    const rolled = rolling(r, 3, (w) => annualReturn(w, 252));
    expect(rolled.length).toBe(3);
    expect(rolled[2]).toBeCloseTo(annualReturn([0.03, 0.01, 0.0], 252), 12);
  });
});
