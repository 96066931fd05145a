import { describe, expect, it } from 'vitest';
import { runBacktest } from '$lib/core/backtest/engine';
import { calendarRule, everyBarsRule, hybridRule, NEVER } from '$lib/core/backtest/rebalance-rules';
import { optimizerWeights, windowReturns } from '$lib/core/backtest/optimizer-weights';
import { BarHistory } from '$lib/core/backtest/bar-history';
import { momentum, topN } from '$lib/core/backtest/selection';
import { runBacktestConfig, timeWeightedReturns } from '$lib/core/backtest/backtest-config';
import { hierarchicalRiskParity } from '$lib/core/optimizers/hierarchical-risk-parity';
import { riskContributions } from '$lib/core/optimizers/risk-parity';
import { sampleCovariance } from '$lib/core/estimators/risk-models/sample-covariance';
import { createQpEngine } from '$lib/solvers/qp-engine';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';
import { mulberry32 } from '$lib/core/solver/test-problems';
import type { PriceTable } from '$lib/core/returns/return-table';

const day = (t: number) => new Date(Date.UTC(2020, 0, 1) + t * 86_400_000).toISOString().slice(0, 10);

function market(bars: number, vols: number[], seed: number, drift: number[] = vols.map(() => 0)): PriceTable {
  const rand = mulberry32(seed);
  const n = vols.length;
  const values = new Float64Array(bars * n);
  for (let j = 0; j < n; j++) values[j] = 100;
  for (let t = 1; t < bars; t++)
    for (let j = 0; j < n; j++)
      values[t * n + j] = values[(t - 1) * n + j] * (1 + drift[j] + (rand() - 0.5) * 2 * vols[j]);
  return { assets: vols.map((_, j) => `A${j}`), dates: Array.from({ length: bars }, (_, t) => day(t)), values };
}

const constant = (bars: number, columns: Record<string, (t: number) => number>): PriceTable => {
  const assets = Object.keys(columns);
  const values = new Float64Array(bars * assets.length);
  for (let t = 0; t < bars; t++) assets.forEach((a, j) => (values[t * assets.length + j] = columns[a](t)));
  return { assets, dates: Array.from({ length: bars }, (_, t) => day(t)), values };
};

const base = { start: 0, initialValue: 1000, bps: 0, execution: 'same-close' as const };

describe('walk-forward optimizer steps', () => {
  const table = market(300, [0.01, 0.015, 0.03, 0.02], 7);

  it('HRP refit at a bar equals HRP on exactly the lookback window before it', () => {
    const history = new BarHistory(table, 120);
    const weigh = optimizerWeights({ method: 'hrp' }, [0, 1, 2, 3], 60);
    const w = weigh(history);
    const { table: window } = windowReturns(history, [0, 1, 2, 3], 60);
    expect(window.dates).toHaveLength(60);
    expect(window.dates[59]).toBe(table.dates[120]);
    const direct = hierarchicalRiskParity(window).weights;
    for (let j = 0; j < 4; j++) expect(w[j]).toBeCloseTo(direct[j], 14);
  });

  it('risk parity: every asset contributes the same share of the window’s variance', () => {
    const history = new BarHistory(table, 200);
    const w = optimizerWeights({ method: 'risk-parity' }, [0, 1, 2, 3], 100)(history);
    const cov = sampleCovariance(windowReturns(history, [0, 1, 2, 3], 100).table);
    for (const c of riskContributions(cov, w)) expect(c).toBeCloseTo(0.25, 9);
  });

  it('maximum Sharpe on Ledoit–Wolf keeps the last weights and says why when no asset beats the risk-free rate', async () => {
    const falling = market(300, [0.01, 0.01], 3, [-0.004, -0.005]);
    const fallbacks: { date: string; reason: string }[] = [];
    const solvers = { qp: await createQpEngine(), lp: await createGlpkMilpSolver() };
    const weigh = optimizerWeights({ method: 'max-sharpe' }, [0, 1], 60, { solvers, fallbacks });
    const w = weigh(new BarHistory(falling, 100));
    expect(Array.from(w)).toEqual([0, 0]);
    expect(fallbacks[0]).toEqual({ date: falling.dates[100], reason: 'max-sharpe: no-asset-beats-risk-free-rate' });
    const rising = market(300, [0.01, 0.02], 3, [0.003, 0.002]);
    const up = optimizerWeights({ method: 'max-sharpe' }, [0, 1], 60, { solvers })(new BarHistory(rising, 100));
    expect(up[0] + up[1]).toBeCloseTo(1, 8);
  });
});

describe('rules, selection and partial trades', () => {
  it('every N bars counts from the last rebalance; hybrid only looks at bands on calendar bars', () => {
    const table = market(120, [0.02, 0.02], 11);
    const every = runBacktest(
      table,
      { name: 'every 10', targets: Float64Array.of(0.5, 0.5), rule: everyBarsRule(10) },
      { ...base, end: 119 }
    );
    expect(every.rebalances).toBe(11);
    const monthly = runBacktest(
      table,
      { name: 'month', targets: Float64Array.of(0.5, 0.5), rule: calendarRule('month') },
      { ...base, end: 119 }
    );
    const hybrid = runBacktest(
      table,
      { name: 'hybrid', targets: Float64Array.of(0.5, 0.5), rule: hybridRule('month', { absolute: 0.5 }) },
      { ...base, end: 119 }
    );
    expect(monthly.rebalances).toBe(3);
    expect(hybrid.rebalances).toBe(0);
  });

  it('top-N by momentum holds the assets that rose most over the lookback', () => {
    const table = constant(40, { UP: (t) => 100 + t, FLAT: () => 100, DOWN: (t) => 100 - t });
    const choose = topN(momentum(20), 2);
    expect(choose(new BarHistory(table, 30), [0, 1, 2])).toEqual([0, 1]);
    expect(choose(new BarHistory(table, 10), [0, 1, 2])).toEqual([]);
  });

  it('a partial trade moves half way from the current weights to the targets', () => {
    const table = constant(3, { A: (t) => (t === 0 ? 100 : 200), B: () => 100 });
    const result = runBacktest(
      table,
      { name: 'half', targets: Float64Array.of(0.5, 0.5), rule: everyBarsRule(1), partial: 0.5 },
      { ...base, end: 1 }
    );
    // At bar 1, A is 2/3 of the value; half way to 1/2 is 7/12.
    expect(result.weights[2]).toBeCloseTo(7 / 12, 14);
  });
});

describe('cash flows and taxes', () => {
  it('monthly contributions add up; time-weighted returns ignore them', () => {
    const table = constant(100, { A: () => 50, B: () => 20 });
    const result = runBacktest(
      table,
      { name: 'saver', targets: Float64Array.of(0.6, 0.4), rule: NEVER },
      { ...base, end: 99, flows: { every: 'month', amount: 100 } }
    );
    // 1 Jan + 99 days reaches 9 April: three new months.
    expect(result.equity[99]).toBeCloseTo(1300, 9);
    expect(result.weights[99 * 2]).toBeCloseTo(0.6, 12);
    for (const r of timeWeightedReturns(result.equity, result.flows)) expect(r).toBeCloseTo(0, 14);
  });

  it('an amount indexed to CPI grows with it; a withdrawal larger than the portfolio depletes it', () => {
    const table = constant(100, { A: () => 10, CPI: (t) => 100 * (1 + t / 100) });
    const indexed = runBacktest(
      table,
      { name: 'indexed', targets: Float64Array.of(1, 0), rule: NEVER },
      { ...base, end: 99, flows: { every: 'month', amount: 100, indexedTo: 1 } }
    );
    // Months start on bars 31 (1 Feb), 60 (1 Mar), 91 (1 Apr).
    expect(indexed.equity[99]).toBeCloseTo(1000 + 100 * (1.31 + 1.6 + 1.91), 9);
    const spender = runBacktest(
      table,
      { name: 'spender', targets: Float64Array.of(1, 0), rule: NEVER },
      { ...base, end: 99, flows: { every: 'month', amount: -400 } }
    );
    expect(spender.depletedOn).toBe('2020-04-01');
    expect(spender.equity[99]).toBe(0);
  });

  it('selling a gain pays tax on it, by the planner’s lot selection and tax estimate', () => {
    const table = constant(500, { A: (t) => (t < 400 ? 100 : 200), B: () => 100 });
    const result = runBacktest(
      table,
      { name: 'taxed', targets: Float64Array.of(0.5, 0.5), rule: everyBarsRule(450) },
      { ...base, end: 499, tax: { shortTerm: 0.3, longTerm: 0.15 } }
    );
    // At bar 450 (held 450 days: long term): A is worth 1000 of 1500; selling 250 of it
    // realises half of the lot's gain per share: 1.25 shares × 100 gain = 125, taxed 15 %.
    expect(result.taxes).toBeCloseTo(125 * 0.15, 9);
    expect(result.equity[499]).toBeCloseTo(1500 - 125 * 0.15, 9);
  });
});

describe('runBacktestConfig', () => {
  it('reports the documented fields, flows and the benchmark-relative metrics', () => {
    const table = market(400, [0.01, 0.02], 5);
    const result = runBacktestConfig(
      {
        prices: 'x.csv',
        costs: { bps: 5 },
        benchmark: 'A0',
        flows: { every: 'quarter', amount: 500 },
        strategies: [
          {
            name: 'hrp',
            targets: { A0: 0.5, A1: 0.5 },
            weights: { method: 'hrp', lookback: 60 },
            rebalance: { every: 'month' }
          }
        ]
      },
      table,
      {},
      { detail: true }
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const s = result.value.strategies[0];
    expect(s.netFlows).toBe(500 * 4);
    expect(s.metrics.beta).not.toBeNull();
    expect(s.weights).toHaveLength(400);
    expect(s.assets).toEqual(['A0', 'A1']);
    expect(result.value.period).toBe('daily');
  });

  it('names the strategy that needs a solver it was not given', () => {
    const result = runBacktestConfig(
      {
        prices: 'x.csv',
        strategies: [{ name: 'ms', targets: { A0: 1 }, weights: { method: 'max-sharpe' }, rebalance: 'never' }]
      },
      market(50, [0.01], 1)
    );
    expect(result.ok ? [] : result.error).toEqual([{ code: 'needs-solver', strategy: 'ms', method: 'max-sharpe' }]);
  });
});

describe('presets', () => {
  it('every preset runs on a data set and rebalances as its name says', async () => {
    const { PRESET_IDS, presetStrategy } = await import('$lib/core/backtest/presets');
    const table = market(800, [0.01, 0.012, 0.02], 9, [0.0004, 0.0003, 0.0002]);
    const { policyFromOnnx } = await import('$lib/core/ml/rebalance-policy');
    const { readFileSync } = await import('node:fs');
    const policy = policyFromOnnx(readFileSync('models/policy.onnx'), readFileSync('models/regimes.onnx'));
    const solvers = { qp: await createQpEngine(), lp: await createGlpkMilpSolver(), policy };
    const result = runBacktestConfig(
      { prices: 'x.csv', strategies: PRESET_IDS.map((id) => presetStrategy(id, table.assets)) },
      table,
      solvers,
      { detail: true }
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const byName = Object.fromEntries(result.value.strategies.map((s) => [s.name, s]));
    expect(byName['Buy and hold'].rebalances).toBe(0);
    expect(byName['60/40, quarterly'].rebalances).toBe(8);
    expect(byName['60/40, quarterly'].weights![300].slice(0, 2).map((w) => Math.round(w * 10) / 10)).toEqual([
      0.6, 0.4
    ]);
    for (const name of ['HRP, monthly', 'Risk parity, monthly', 'Minimum variance, monthly']) {
      expect(byName[name].rebalances).toBe(26);
      // After a year the refits favour the calmest asset.
      const w = byName[name].weights![500];
      expect(w[0]).toBeGreaterThan(w[2]);
    }
    expect(byName['Maximum Sharpe (Ledoit–Wolf), monthly'].fallbacks.length).toBeLessThan(26);
    // The learned policy trades as the three assets drift apart.
    expect(byName['Learned policy (AI model), equal weight'].rebalances).toBeGreaterThan(0);
    expect(byName['Regime-aware (AI model), monthly: half in cash when stressed'].rebalances).toBe(26);
  });
});

describe('block bootstrap', () => {
  it('a path is made of historical return rows, in blocks, on the original calendar', async () => {
    const { bootstrapPath } = await import('$lib/core/backtest/block-bootstrap');
    const table = market(50, [0.02, 0.03], 4);
    const path = bootstrapPath(table, 0, 49, 5, mulberry32(1));
    expect(path.dates).toEqual(table.dates);
    const historical = new Set<string>();
    for (let t = 1; t < 50; t++)
      historical.add(
        `${table.values[t * 2] / table.values[(t - 1) * 2]},${table.values[t * 2 + 1] / table.values[(t - 1) * 2 + 1]}`
      );
    for (let t = 1; t < 50; t++) {
      const a = path.values[t * 2] / path.values[(t - 1) * 2];
      const b = path.values[t * 2 + 1] / path.values[(t - 1) * 2 + 1];
      const near = [...historical].some((row) => {
        const [x, y] = row.split(',').map(Number);
        return Math.abs(x - a) < 1e-12 && Math.abs(y - b) < 1e-12;
      });
      expect(near).toBe(true);
    }
  });

  it('is deterministic for a seed; strategies share paths; withdrawals can run a portfolio out', async () => {
    const { bootstrapStrategies } = await import('$lib/core/backtest/block-bootstrap');
    const table = market(600, [0.01, 0.03], 8, [0.0002, 0.0004]);
    const config = {
      prices: 'x.csv',
      initialValue: 1000,
      flows: { every: 'month' as const, amount: -55 },
      strategies: [
        { name: 'hold', targets: { A0: 0.5, A1: 0.5 }, rebalance: 'never' as const },
        { name: 'monthly', targets: { A0: 0.5, A1: 0.5 }, rebalance: { every: 'month' as const } }
      ]
    };
    const options = { paths: 40, blockLength: 20, seed: 42 };
    const a = bootstrapStrategies(config, table, {}, options);
    const b = bootstrapStrategies(config, table, {}, options);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.value.strategies[0].finalValues).toEqual(b.value.strategies[0].finalValues);
    const [hold, monthly] = a.value.strategies;
    expect(hold.fan.at(-1)!.q05).toBeLessThanOrEqual(hold.fan.at(-1)!.q50);
    // 19 monthly withdrawals of 55 from 1000: bad paths run out, good ones do not.
    expect(hold.depleted).toBeGreaterThan(0);
    expect(hold.depleted).toBeLessThan(1);
    expect(hold.finalValues.filter((v) => v === 0).length / 40).toBe(hold.depleted);
    expect(hold.belowGoal).toBe(1);
    expect(monthly.finalValues).toHaveLength(40);
    let stopped = 0;
    const cancelled = bootstrapStrategies(config, table, {}, options, (done) => ((stopped = done), done < 5));
    expect(cancelled.ok && cancelled.value.paths).toBe(5);
    expect(stopped).toBe(5);
  });
});

describe('readBacktestConfig', () => {
  it('names every problem by its path', async () => {
    const { readBacktestConfig } = await import('$lib/core/backtest/backtest-config');
    const result = readBacktestConfig({
      prices: 'p.csv',
      flows: { every: 'fortnight' },
      tax: { shortTerm: 1.5, longTerm: 0.1, method: 'random' },
      strategies: [
        {
          name: 's',
          targets: { A: 0.7, B: 0.5 },
          weights: { method: 'magic', riskModel: { kind: 'crystal-ball' } },
          select: { top: 0 },
          trade: { partial: 2 },
          rebalance: { bands: { absolute: -1 } }
        }
      ]
    });
    expect(result.ok ? [] : result.error.map((i) => i.path)).toEqual([
      'strategies[0].targets',
      'strategies[0].weights.method',
      'strategies[0].weights.riskModel.kind',
      'strategies[0].select.top',
      'strategies[0].trade.partial',
      'strategies[0].rebalance.bands.absolute',
      'flows.every',
      'flows',
      'tax.shortTerm',
      'tax.method'
    ]);
  });
});

describe('the planner’s cost model in backtests', () => {
  it('charges the commission schedule per asset traded, with its minimum, and half the spread', () => {
    const table = constant(40, { A: (t) => (t < 20 ? 100 : 150), B: () => 100 });
    const strategy = { name: 'monthly', targets: { A: 0.5, B: 0.5 }, rebalance: { every: 'month' as const } };
    const run = (costs: Record<string, number>) => {
      const result = runBacktestConfig({ prices: 'x', initialValue: 1000, costs, strategies: [strategy] }, table);
      if (!result.ok) throw new Error('run failed');
      return result.value.strategies[0];
    };
    // One rebalance (1 February, bar 31, traded at bar 32): A is 750 of 1250, so 125 of A is sold
    // and 125 of B bought.
    const flat = run({ perTrade: 2, minimum: 3 });
    expect(flat.rebalances).toBe(1);
    expect(flat.costs).toBeCloseTo(2 * 3, 12);
    const spread = run({ spreadBps: 20 });
    expect(spread.costs).toBeCloseTo(2 * 125 * 0.001, 12);
    expect(flat.finalValue).toBeCloseTo(1250 - 6, 9);
  });
});

describe('a signal as the trigger', () => {
  it('rebalances exactly when the top-N by momentum changes its members', () => {
    // A leads until bar 60, then B overtakes it for good; C trails throughout.
    const table = constant(120, {
      A: (t) => 100 * (1 + 0.004 * Math.min(t, 60)),
      B: (t) => 100 * (1 + 0.002 * t + (t > 60 ? 0.006 * (t - 60) : 0)),
      C: () => 100
    });
    const result = runBacktestConfig(
      {
        prices: 'x',
        execution: 'same-close',
        strategies: [
          {
            name: 'top 1',
            targets: { A: 1 / 3, B: 1 / 3, C: 1 / 3 },
            select: { top: 1, lookback: 20 },
            rebalance: { onSelectionChange: true }
          }
        ]
      },
      table,
      {},
      { detail: true }
    );
    if (!result.ok) throw new Error('run failed');
    const s = result.value.strategies[0];
    // The first pick (A, once 20 bars of history exist), then the switch to B.
    expect(s.rebalances).toBe(2);
    expect(s.rebalanceDates![0]).toBe(table.dates[20]);
    const last = s.weights!.at(-1)!;
    expect(s.rebalanceDates![1] > table.dates[60]).toBe(true);
    expect(last[1]).toBeCloseTo(1, 12);
    expect(last[0]).toBe(0);
    expect(last[2]).toBe(0);
  });
});

describe('assets entering later', () => {
  it('an asset is held as cash until its data starts, then bought at the next rebalance', () => {
    const table = constant(100, { A: () => 100, B: (t) => (t < 40 ? Number.NaN : 50) });
    const result = runBacktestConfig(
      {
        prices: 'x',
        execution: 'same-close',
        strategies: [
          { name: 'monthly', targets: { A: 0.5, B: 0.5 }, rebalance: { every: 'month' } },
          { name: 'bands', targets: { A: 0.5, B: 0.5 }, rebalance: { bands: { absolute: 0.05 } } }
        ]
      },
      table,
      {},
      { detail: true }
    );
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const [monthly, bands] = result.value.strategies;
    // Until bar 40, B has no price: half the portfolio waits in cash and nothing breaches a band.
    expect(monthly.weights![30]).toEqual([0.5, 0]);
    expect(bands.rebalances).toBe(1);
    // B's data starts on bar 40 (10 February); the band rule buys it there, the calendar on 1 March (bar 60).
    expect(bands.rebalanceDates).toEqual([table.dates[40]]);
    expect(monthly.weights![59][1]).toBe(0);
    expect(monthly.weights![60][1]).toBeCloseTo(0.5, 12);
    expect(monthly.finalValue).toBeCloseTo(10_000, 9);
  });

  it('a strategy with nothing to buy on the start bar is refused, naming its assets', () => {
    const table = constant(10, { A: (t) => (t < 5 ? Number.NaN : 1), B: (t) => (t < 5 ? Number.NaN : 1) });
    const result = runBacktestConfig(
      { prices: 'x', strategies: [{ name: 's', targets: { A: 0.5, B: 0.5 }, rebalance: 'never' }] },
      table
    );
    expect(result.ok ? [] : result.error).toEqual([
      { code: 'no-price-at-start', symbol: 'A, B', date: table.dates[0] }
    ]);
  });
});
