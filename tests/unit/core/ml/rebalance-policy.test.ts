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
