/**
 * The backtest worker: runs configured strategies, bootstrap robustness runs, and chunks of
 * sweeps for the pool. No business logic here; it wires core to comlink.
 */
import { expose } from 'comlink';
import {
  runBacktestConfig,
  solversNeeded,
  type BacktestConfig,
  type BacktestSolvers
} from '../src/lib/core/backtest/backtest-config';
import { bootstrapStrategies, type BootstrapOptions } from '../src/lib/core/backtest/block-bootstrap';
import { runSweepVariants, type SweepVariant } from '../src/lib/core/backtest/sweep';
import { kernelThroughput, walkForwardMinimumVarianceTimes } from '../src/lib/core/backtest/benchmark-problems';
import { thresholdSweep } from '../src/lib/core/backtest/threshold-sweep';
import type { ThresholdVariant } from '../src/lib/core/backtest/threshold-kernel';
import type { PriceTable } from '../src/lib/core/returns/return-table';
import { createGlpkMilpSolver } from '../src/lib/solvers/glpk-milp';
import { createQpEngine } from '../src/lib/solvers/qp-engine';
import { policyFromOnnx } from '../src/lib/core/ml/rebalance-policy';
import { readAppFile } from '../src/lib/net/app-files';

/** Solvers load lazily, once per worker, and only when a strategy needs them. */
let qp: ReturnType<typeof createQpEngine> | undefined;
let lp: ReturnType<typeof createGlpkMilpSolver> | undefined;
let policy: Promise<NonNullable<BacktestSolvers['policy']>> | undefined;
/** The shipped policy and regime models, from the app's own origin (precached for offline use). */
async function loadPolicy(): Promise<NonNullable<BacktestSolvers['policy']>> {
  const bytes = (name: string) => readAppFile(`/models/${name}.onnx`);
  const [p, r] = await Promise.all([bytes('policy'), bytes('regimes')]);
  return policyFromOnnx(p, r);
}
async function solversFor(config: Pick<BacktestConfig, 'strategies'>): Promise<BacktestSolvers> {
  const needed = solversNeeded(config);
  return {
    ...(needed.qp ? { qp: await (qp ??= createQpEngine()) } : {}),
    ...(needed.lp ? { lp: await (lp ??= createGlpkMilpSolver()) } : {}),
    ...(needed.policy
      ? { policy: await (policy ??= loadPolicy().catch((e) => ((policy = undefined), Promise.reject(e)))) }
      : {})
  };
}

const api = {
  async runConfig(config: BacktestConfig, table: PriceTable, detail = false) {
    return runBacktestConfig(config, table, await solversFor(config), { detail });
  },

  async bootstrap(
    config: BacktestConfig,
    table: PriceTable,
    options: BootstrapOptions,
    onProgress?: (progress: { stage: string; fraction?: number }) => void
  ) {
    const solvers = await solversFor(config);
    return bootstrapStrategies(config, table, solvers, options, (done) => {
      onProgress?.({ stage: `path ${done} of ${options.paths}`, fraction: done / options.paths });
    });
  },

  /** One chunk of a parameter sweep: each variant run by the engine, metrics only. */
  async sweepVariants(config: BacktestConfig, table: PriceTable, variants: SweepVariant[]) {
    return runSweepVariants(config, table, variants, await solversFor({ strategies: variants.map((v) => v.strategy) }));
  },

  /** Benchmarks (the /data/backtest-benchmark page): the same work `npm run bench` times in Node. */
  benchKernel(prices: Float64Array, assets: number) {
    return kernelThroughput(prices, assets);
  },

  async benchMinimumVariance() {
    return walkForwardMinimumVarianceTimes(await (qp ??= createQpEngine()));
  },

  /** One chunk of a threshold sweep; the pool puts the chunks back in order. */
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
