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
/** Which models `policy` was loaded from: a new choice loads again. */
let policyFrom = '';

/** A model of the user's own (chosen on the Signals page), which replaces ours in backtests. */
export interface OwnModel {
  name: string;
  bytes: Uint8Array;
}
export interface OwnModels {
  /** Names the choice, so a worker knows when it changed. */
  key: string;
  policy?: OwnModel;
  regimes?: OwnModel;
}

/** The policy and regime models: the user's own where chosen, else ours from the app's own origin. */
async function loadPolicy(own?: OwnModels): Promise<NonNullable<BacktestSolvers['policy']>> {
  const shipped = (name: string) => readAppFile(`/models/${name}.onnx`);
  const [p, r] = await Promise.all([
    own?.policy?.bytes ?? shipped('policy'),
    own?.regimes?.bytes ?? shipped('regimes')
  ]);
  try {
    return policyFromOnnx(p, r);
  } catch (error) {
    const names = [own?.policy?.name, own?.regimes?.name].filter((n) => n !== undefined);
    if (names.length === 0) throw error;
    throw new Error(
      `Your model ${names.map((n) => `“${n}”`).join(' or ')} cannot run in backtests: ${(error as Error).message}. Choose Keel's model on the Signals page to backtest the learned policy or the regime strategy.`,
      { cause: error }
    );
  }
}

async function solversFor(config: Pick<BacktestConfig, 'strategies'>, own?: OwnModels): Promise<BacktestSolvers> {
  const needed = solversNeeded(config);
  if (needed.policy && (own?.key ?? '') !== policyFrom) {
    policy = undefined;
    policyFrom = own?.key ?? '';
  }
  return {
    ...(needed.qp ? { qp: await (qp ??= createQpEngine()) } : {}),
    ...(needed.lp ? { lp: await (lp ??= createGlpkMilpSolver()) } : {}),
    ...(needed.policy
      ? { policy: await (policy ??= loadPolicy(own).catch((e) => ((policy = undefined), Promise.reject(e)))) }
      : {})
  };
}

/** The report says which of the user's models decided, when any did. */
function withOwnModels<T extends { ok: boolean; value?: unknown }>(
  result: T,
  config: Pick<BacktestConfig, 'strategies'>,
  own?: OwnModels
): T {
  if (!result.ok || !own || !solversNeeded(config).policy || (!own.policy && !own.regimes)) return result;
  const models = {
    ...(own.policy ? { policy: own.policy.name } : {}),
    ...(own.regimes ? { regimes: own.regimes.name } : {})
  };
  return { ...result, value: { ...(result.value as object), models } };
}

const api = {
  async runConfig(config: BacktestConfig, table: PriceTable, detail = false, own?: OwnModels) {
    return withOwnModels(runBacktestConfig(config, table, await solversFor(config, own), { detail }), config, own);
  },

  async bootstrap(
    config: BacktestConfig,
    table: PriceTable,
    options: BootstrapOptions,
    onProgress?: (progress: { stage: string; fraction?: number }) => void,
    own?: OwnModels
  ) {
    const solvers = await solversFor(config, own);
    const result = bootstrapStrategies(config, table, solvers, options, (done) => {
      onProgress?.({ stage: `path ${done} of ${options.paths}`, fraction: done / options.paths });
    });
    return withOwnModels(result, config, own);
  },

  /** One chunk of a parameter sweep: each variant run by the engine, metrics only. */
  async sweepVariants(config: BacktestConfig, table: PriceTable, variants: SweepVariant[], own?: OwnModels) {
    const strategies = { strategies: variants.map((v) => v.strategy) };
    return runSweepVariants(config, table, variants, await solversFor(strategies, own));
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
