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

describe('keel backtest with models of your own', () => {
  it('runs your policy where the config asks for the learned one, and says so in the report', async () => {
    const { decodeOnnx, encodeOnnx } = await import('../../../src/lib/core/ml/onnx-model');
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const graph = decodeOnnx(new Uint8Array(readFileSync('models/policy.onnx')));
    for (const init of graph.initializers) {
      if (init.name === 'action_probabilities_weights') init.data = new Float32Array(init.data.length);
      if (init.name === 'action_probabilities_bias') init.data = Float32Array.from([20, -20, -20]);
    }
    const dir = mkdtempSync(join(tmpdir(), 'keel-policy-'));
    writeFileSync(join(dir, 'always-wait.onnx'), encodeOnnx(graph));
    const config = 'docs/examples/backtest-learned-policy.json';
    const run = async (...extra: string[]) => {
      output.out = output.err = '';
      return main(['backtest', '--config', config, ...extra]);
    };

    expect(await run('--json')).toBe(0);
    const ours = JSON.parse(output.out);
    expect(ours.models).toBeUndefined();
    expect(ours.strategies[0].trades).toBeGreaterThan(5);

    const file = join(dir, 'always-wait.onnx');
    expect(await run('--policy-model', file, '--json')).toBe(0);
    const mine = JSON.parse(output.out);
    expect(mine.models).toEqual({ policy: 'always-wait.onnx' });
    // It always waits: only the initial purchase trades.
    expect(mine.strategies[0].trades).toBe(5);
    // The other strategies do not use it.
    expect(mine.strategies[1].finalValue).toBe(ours.strategies[1].finalValue);

    const gemm = graph.nodes.findIndex((n) => n.op === 'Gemm');
    graph.nodes[gemm] = { ...graph.nodes[gemm], outputs: ['linear'] };
    graph.nodes.splice(gemm + 1, 0, { op: 'Relu', inputs: ['linear'], outputs: ['action_probabilities_score'] });
    writeFileSync(join(dir, 'relu.onnx'), encodeOnnx(graph));
    expect(await run('--policy-model', join(dir, 'relu.onnx'))).toBe(1);
    expect(output.err).toContain('relu.onnx cannot run in backtests');
    expect(output.err).toContain('operator 3 is Gemm');
    expect(await run('--policy-model', 'models/regimes.onnx')).toBe(1);
    expect(output.err).toContain('models/regimes.onnx: This file does not match the');
  });
});
