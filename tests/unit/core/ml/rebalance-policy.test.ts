/**
 * The learned policy in the backtest engine: a rule that decides how far to trade is obeyed
 * (edge trades stop at the band's edge, full trades reach the target), the policy looks only every
 * DECISION_EVERY bars, and the shipped policy runs in a config backtest.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBacktest, type RebalanceAction, type RebalanceRule } from '../../../../src/lib/core/backtest/engine';
import { runBacktestConfig } from '../../../../src/lib/core/backtest/backtest-config';
import { DECISION_EVERY, EDGE_BAND, policyFromOnnx, policyRule } from '../../../../src/lib/core/ml/rebalance-policy';
import type { PriceTable } from '../../../../src/lib/core/returns/return-table';
import { readPrices } from '../../../../src/cli/files';

// Asset 0 doubles over 40 bars, asset 1 stays flat: the 50/50 portfolio drifts steadily.
const bars = 41;
const table: PriceTable = {
  assets: ['UP', 'FLAT'],
  dates: Array.from({ length: bars }, (_, t) => new Date(Date.UTC(2024, 0, 1 + t)).toISOString().slice(0, 10)),
  values: Float64Array.from({ length: bars * 2 }, (_, i) => (i % 2 === 0 ? 100 * 2 ** (Math.floor(i / 2) / 40) : 100))
};
const targets = Float64Array.of(0.5, 0.5);
const options = { start: 0, end: bars - 1, initialValue: 1000, bps: 0, execution: 'same-close' as const };

function onceAt(bar: number, action: RebalanceAction): RebalanceRule {
  return {
    name: action,
    edgeBand: 0.02,
    shouldRebalance: () => false,
    decide: (h) => (h.now === bar ? action : 'wait')
  };
}

describe('rules that decide how far to trade', () => {
  it('an edge trade stops at the band edge; a full trade reaches the target', () => {
    const edge = runBacktest(table, { name: 'edge', targets, rule: onceAt(30, 'edge') }, options);
    const full = runBacktest(table, { name: 'full', targets, rule: onceAt(30, 'full') }, options);
    expect(edge.rebalances).toBe(1);
    expect(edge.weights[30 * 2]).toBeCloseTo(0.52, 10);
    expect(full.weights[30 * 2]).toBeCloseTo(0.5, 10);
  });

  it('the policy rule looks every DECISION_EVERY bars and records its decisions', () => {
    const states: Float64Array[] = [];
    const rule = policyRule(
      (state) => {
        states.push(state);
        return 'wait';
      },
      10,
      { volatility: () => 0.2, stressed: () => 0.1 }
    );
    runBacktest(table, { name: 'p', targets, rule }, options);
    expect(states.length).toBe(Math.ceil((bars - 1) / DECISION_EVERY));
    expect(rule.decisions.wait).toBe(states.length);
    const last = states.at(-1)!;
    // max drift, total drift, volatility, stressed probability, cost bps, years since trade
    expect(last[0]).toBeGreaterThan(0.05);
    expect(last[1]).toBeCloseTo(last[0], 10);
    expect([last[2], last[3], last[4]]).toEqual([0.2, 0.1, 10]);
    expect(EDGE_BAND).toBeGreaterThan(0);
  });

  it('runs the shipped policy in a config backtest, and asks for it when missing', () => {
    const config = JSON.parse(readFileSync('docs/examples/backtest-learned-policy.json', 'utf8'));
    const prices = readPrices('static/data/skfolio/sp500_dataset.csv.gz');
    const missing = runBacktestConfig(config, prices);
    expect(missing.ok).toBe(false);
    const policy = policyFromOnnx(
      new Uint8Array(readFileSync('models/policy.onnx')),
      new Uint8Array(readFileSync('models/regimes.onnx'))
    );
    const result = runBacktestConfig(config, prices, { policy });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const learned = result.value.strategies[0];
    expect(learned.name).toBe('learned policy');
    expect(learned.trades).toBeGreaterThan(0);
    expect(learned.costs).toBeGreaterThan(0);
  });

  it('refuses a policy file that is not a linear graph, saying so', () => {
    expect(() => policyFromOnnx(new Uint8Array(readFileSync('models/regimes.onnx')))).toThrow(/linear policy graph/);
  });
});

describe('"rebalance now?" state for a real portfolio', () => {
  it('measures drift over every line and lists what it had to assume', async () => {
    const { adviceState, ASSUMED } = await import('../../../../src/lib/core/ml/rebalance-advice');
    const { state, assumptions } = adviceState({ weights: [0.56, 0.39, 0.05], targets: [0.5, 0.45, 0.05] }, undefined);
    expect(state[0]).toBeCloseTo(0.06, 12);
    expect(state[1]).toBeCloseTo(0.06, 12);
    expect(Array.from(state.slice(2))).toEqual([ASSUMED.volatility, 0, ASSUMED.costBps, ASSUMED.yearsSinceTrade]);
    expect(assumptions.map((a) => a.code)).toEqual(['no-history', 'no-regime', 'default-cost', 'unknown-last-trade']);
  });

  it('reads market volatility from the holdings history and takes what is known', async () => {
    const { adviceState } = await import('../../../../src/lib/core/ml/rebalance-advice');
    const prices = readPrices('static/data/skfolio/sp500_dataset.csv.gz');
    const { state, assumptions } = adviceState(
      { weights: [0.5, 0.5], targets: [0.5, 0.5], prices, costBps: 25, yearsSinceTrade: 0.25 },
      0.3
    );
    expect(state[2]).toBeGreaterThan(0.05);
    expect(state[2]).toBeLessThan(1);
    expect(Array.from(state.slice(3))).toEqual([0.3, 25, 0.25]);
    expect(assumptions).toEqual([]);
  });
});

describe('the regime model as a backtest signal', () => {
  it('halves the invested weights while the market reads as stressed (autumn 2008), and only then', () => {
    const prices = readPrices('static/data/skfolio/sp500_dataset.csv.gz');
    const policy = policyFromOnnx(
      new Uint8Array(readFileSync('models/policy.onnx')),
      new Uint8Array(readFileSync('models/regimes.onnx'))
    );
    const targets = { AAPL: 0.2, JNJ: 0.2, JPM: 0.2, KO: 0.2, XOM: 0.2 };
    const result = runBacktestConfig(
      {
        prices: 'sp500',
        start: '2006-01-03',
        end: '2009-12-31',
        strategies: [{ name: 'r', targets, rebalance: { every: 'month' }, regime: { stressedInvested: 0.5 } }]
      },
      prices,
      { policy },
      { detail: true }
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const s = result.value.strategies[0];
    const invested = s.weights!.map((row) => row.reduce((a, b) => a + b, 0));
    const on = (date: string) => invested[s.equity.findIndex(([d]) => d >= date)];
    expect(on('2006-06-01')).toBeGreaterThan(0.95);
    expect(on('2008-12-01')).toBeLessThan(0.6);
    expect(Math.min(...invested)).toBeGreaterThan(0.4);
  });
});
