/**
 * The page's handle on backtests: configured strategies in a worker, and threshold sweeps split
 * by band over a pool of workers (one per core), with progress and cancel.
 */
import type { ThresholdResult, ThresholdVariant } from '../core/backtest/threshold-kernel';
import type { BacktestConfig, RunIssue, StrategyReport } from '../core/backtest/backtest-config';
import type { PriceTable } from '../core/returns/return-table';
import type { Result } from '../core/result';
import { WorkerBridge } from './worker-bridge';
import { WorkerPool, type PoolProgress } from './worker-pool';
import type { BacktestWorkerApi } from '../../../workers/backtest.worker';
import BacktestWorker from '../../../workers/backtest.worker?worker';

const create = () => new BacktestWorker({ name: 'keel-backtest' });
let bridge: WorkerBridge<BacktestWorkerApi> | undefined;
let pool: WorkerPool<BacktestWorkerApi> | undefined;

export function runBacktestInWorker(config: BacktestConfig, table: PriceTable, signal?: AbortSignal) {
  bridge ??= new WorkerBridge<BacktestWorkerApi>(create);
  return bridge.run<Result<{ strategies: StrategyReport[]; benchmark: StrategyReport | null }, RunIssue[]>>(
    async (api) =>
      (await api.runConfig(config, table)) as Result<
        { strategies: StrategyReport[]; benchmark: StrategyReport | null },
        RunIssue[]
      >,
    { signal }
  );
}

/** Every variant's result, in the order given; variants of one band stay in one chunk. */
export async function sweepInPool(
  prices: Float64Array,
  assets: number,
  targets: Float64Array,
  variants: ThresholdVariant[],
  options: {
    execution?: 'next-close' | 'same-close';
    signal?: AbortSignal;
    onProgress?: (p: PoolProgress) => void;
  } = {}
): Promise<ThresholdResult[]> {
  pool ??= new WorkerPool<BacktestWorkerApi>(create);
  const bands = [...new Set(variants.map((v) => v.band))];
  const chunkCount = Math.min(bands.length, pool.size * 4);
  const chunks = Array.from({ length: chunkCount }, (_, c) => bands.filter((_, i) => i % chunkCount === c));
  const tasks = chunks.map((chunk) => variants.map((v, i) => ({ v, i })).filter(({ v }) => chunk.includes(v.band)));
  const parts = await pool.map(
    tasks,
    async (api, task) =>
      (await api.sweep(
        prices,
        assets,
        targets,
        task.map((t) => t.v),
        options.execution ?? 'next-close'
      )) as {
        results: ThresholdResult[];
      },
    options
  );
  const results = new Array<ThresholdResult>(variants.length);
  parts.forEach((part, c) => tasks[c].forEach(({ i }, k) => (results[i] = part.results[k])));
  return results;
}
