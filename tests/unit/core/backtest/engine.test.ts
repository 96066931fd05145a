import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWidePriceCsv } from '$lib/core/io/price-csv';
import { runBacktestConfig, type StrategyConfig } from '$lib/core/backtest/backtest-config';
import { BarHistory, LookAheadError } from '$lib/core/backtest/bar-history';
import { runBacktest, type RebalanceRule } from '$lib/core/backtest/engine';
import type { PriceTable } from '$lib/core/returns/return-table';

const parsed = parseWidePriceCsv(readFileSync('tests/golden/data/stock_prices.csv', 'utf8'));
if (!parsed.ok) throw new Error('fixture prices do not parse');
const table = parsed.value;

interface ReferenceCase {
  name: string;
  symbols: string[];
  weights: number[];
  start: string;
  end: string;
  rule: ['every', 'quarter' | 'month'] | ['bands', number] | ['never'];
  bps: number;
  execution: 'next-close' | 'same-close';
  expected: { finalValue: number; costs: number; equity: number[] };
}
const reference = JSON.parse(readFileSync('tests/golden/backtest-reference.json', 'utf8')) as {
  cases: ReferenceCase[];
};

describe('backtest engine against the independent numpy reference', () => {
  for (const c of reference.cases) {
    it(`${c.name}: final value to 1e-9, every bar's value and the costs`, () => {
      const rebalance: StrategyConfig['rebalance'] =
        c.rule[0] === 'every'
          ? { every: c.rule[1] }
          : c.rule[0] === 'bands'
            ? { bands: { absolute: c.rule[1] } }
            : 'never';
      const result = runBacktestConfig(
        {
          prices: 'stock_prices.csv',
          start: c.start,
          end: c.end,
          initialValue: 10_000,
          costs: { bps: c.bps },
          execution: c.execution,
          strategies: [
            { name: c.name, targets: Object.fromEntries(c.symbols.map((s, i) => [s, c.weights[i]])), rebalance }
          ]
        },
        table
      );
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const got = result.value.strategies[0];
      expect(Math.abs(got.finalValue - c.expected.finalValue) / c.expected.finalValue).toBeLessThan(1e-9);
      expect(got.costs).toBeCloseTo(c.expected.costs, 8);
      expect(got.equity.length).toBe(c.expected.equity.length);
      const worst = got.equity.reduce(
        (m, [, v], i) => Math.max(m, Math.abs(v - c.expected.equity[i]) / c.expected.equity[i]),
        0
      );
      expect(worst).toBeLessThan(1e-9);
    });
  }
});

describe('no look-ahead', () => {
  it('a strategy that asks for the next bar gets an error, never the price', () => {
    const peeking: RebalanceRule = {
      name: 'peek',
      shouldRebalance: (history) => history.price(0, history.now + 1) > history.price(0)
    };
    const j = table.assets.indexOf('AAPL');
    const targets = new Float64Array(table.assets.length);
    targets[j] = 1;
    const start = table.dates.indexOf('2000-01-03');
    expect(() =>
      runBacktest(
        table,
        { name: 'peek', targets, rule: peeking },
        { start, end: start + 50, initialValue: 1, bps: 0, execution: 'next-close' }
      )
    ).toThrow(LookAheadError);
  });

  it('decisions do not change when every price after the decision bar is replaced', () => {
    const seen: number[] = [];
    const recording: RebalanceRule = {
      name: 'record',
      shouldRebalance: (history) => {
        seen.push(history.price(0) + history.returns(0, 20).reduce((a, b) => a + b, 0));
        return false;
      }
    };
    const small: PriceTable = {
      assets: ['A'],
      dates: table.dates.slice(1000, 1100),
      values: Float64Array.from({ length: 100 }, (_, i) => 100 + Math.sin(i))
    };
    const targets = Float64Array.of(1);
    const options = { start: 0, end: 99, initialValue: 1, bps: 0, execution: 'same-close' as const };
    runBacktest(small, { name: 'a', targets, rule: recording }, options);
    const first = [...seen];
    // Scramble the future of each bar in turn: the decision at bar t must not move.
    for (const t of [10, 40, 80]) {
      seen.length = 0;
      const scrambled = { ...small, values: small.values.map((v, i) => (i > t ? v * 3 + 7 : v)) };
      runBacktest(scrambled, { name: 'a', targets, rule: recording }, options);
      expect(seen.slice(0, t)).toEqual(first.slice(0, t));
    }
  });

  it('the history cannot be moved backwards to see more', () => {
    const history = new BarHistory(table, 10);
    expect(() => history.advance(5)).toThrow();
    expect(() => history.date(11)).toThrow(LookAheadError);
  });
});
