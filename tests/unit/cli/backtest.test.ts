// The `keel backtest` contract of issue 6.
import { describe, expect, it } from 'vitest';
import { captureCliOutput } from '../helpers/cli-output';
import { main } from '../../../src/cli/keel';

const output = captureCliOutput();

describe('keel backtest', () => {
  it('runs the documented example: each strategy with metrics, final value, equity, trades, turnover, costs', async () => {
    expect(await main(['backtest', '--config', 'docs/examples/backtest-three-strategies.json', '--json'])).toBe(0);
    const result = JSON.parse(output.out);
    expect(result.strategies.map((s: { name: string }) => s.name)).toEqual([
      '60/40 quarterly',
      'bands',
      'bands to edge',
      'buy and hold',
      'inverse volatility monthly',
      'minimum variance monthly'
    ]);
    for (const s of result.strategies) {
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining(['name', 'metrics', 'finalValue', 'equity', 'trades', 'turnover', 'costs', 'taxes'])
      );
      expect(s.equity[0]).toEqual(['2000-01-03', 10000]);
      expect(s.equity[s.equity.length - 1][1]).toBe(s.finalValue);
      expect(typeof s.metrics.sharpe_ratio).toBe('number');
    }
    const hold = result.strategies[3];
    expect(hold.costs).toBe(0);
    expect(hold.turnover).toBe(0);
    expect(result.benchmark.name).toBe('XOM');
  });

  it('runs the step-stack example: optimizer refits, top-N, hybrid bands, withdrawals and taxes', async () => {
    expect(await main(['backtest', '--config', 'docs/examples/backtest-presets-flows-taxes.json', '--json'])).toBe(0);
    const result = JSON.parse(output.out);
    expect(result.strategies).toHaveLength(5);
    for (const s of result.strategies) {
      // 43 quarterly withdrawals of 1,500 after the start (2000-04 … 2010-10).
      expect(s.netFlows).toBe(-1500 * 43);
      expect(s.taxes).toBeGreaterThan(0);
      expect(s.metrics.beta).not.toBeNull();
    }
    const [hrp, , , momentum] = result.strategies;
    expect(hrp.rebalances).toBe(131);
    expect(momentum.rebalances).toBe(43);
    expect(result.period).toBe('daily');
  });

  it('names a symbol the price file lacks, exit 1', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join, resolve } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'keel-bt-'));
    writeFileSync(
      join(dir, 'c.json'),
      JSON.stringify({
        prices: resolve('tests/golden/data/stock_prices.csv'),
        strategies: [{ name: 'x', targets: { NOPE: 1 }, rebalance: 'never' }]
      })
    );
    expect(await main(['backtest', '--config', join(dir, 'c.json')])).toBe(1);
    expect(output.err).toContain('Strategy "x": NOPE is not in');
  });
});
