/**
 * The backtest worker: runs configured strategies and chunks of threshold sweeps for the pool.
 * No business logic here; it wires core to comlink.
 */
import { expose } from 'comlink';
import { runBacktestConfig, solversNeeded, type BacktestConfig } from '../src/lib/core/backtest/backtest-config';
import { createGlpkMilpSolver } from '../src/lib/solvers/glpk-milp';
import { thresholdSweep } from '../src/lib/core/backtest/threshold-sweep';
import type { ThresholdVariant } from '../src/lib/core/backtest/threshold-kernel';
import type { PriceTable } from '../src/lib/core/returns/return-table';
import { createQpEngine } from '../src/lib/solvers/qp-engine';

const api = {
  async runConfig(config: BacktestConfig, table: PriceTable, detail = false) {
    const needed = solversNeeded(config);
    const solvers = {
      ...(needed.qp ? { qp: await createQpEngine() } : {}),
      ...(needed.lp ? { lp: await createGlpkMilpSolver() } : {})
    };
    return runBacktestConfig(config, table, solvers, { detail });
  },

  /** One chunk of a sweep; the pool puts the chunks back in order. */
  sweep(
    prices: Float64Array,
    assets: number,
    targets: Float64Array,
    variants: ThresholdVariant[],
    execution: 'next-close' | 'same-close'
  ) {
    const started = performance.now();
    const results = thresholdSweep(prices, assets, targets, variants, execution);
    return { results, ms: performance.now() - started };
  }
};

export type BacktestWorkerApi = typeof api;

expose(api);
