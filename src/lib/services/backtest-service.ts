/**
 * The page's handle on backtests: configured strategies in a worker, and threshold sweeps split
 * by band over a pool of workers (one per core), with progress and cancel.
 */
import type { ThresholdResult, ThresholdVariant } from '../core/backtest/threshold-kernel';
import type { BacktestConfig, BacktestReport, RunIssue } from '../core/backtest/backtest-config';
import type { BootstrapOptions, RobustnessReport } from '../core/backtest/block-bootstrap';
import type { SweepRow, SweepVariant } from '../core/backtest/sweep';
import type { PriceTable } from '../core/returns/return-table';
import type { Result } from '../core/result';
import { WorkerBridge, type ProgressCallback } from './worker-bridge';
import { WorkerPool, type PoolProgress } from './worker-pool';
import type { BacktestWorkerApi, OwnModels } from '../../../workers/backtest.worker';

export type { OwnModels };
import BacktestWorker from '../../../workers/backtest.worker?worker';

const create = () => new BacktestWorker({ name: 'keel-backtest' });
let bridge: WorkerBridge<BacktestWorkerApi> | undefined;
let pool: WorkerPool<BacktestWorkerApi> | undefined;

export function runBacktestInWorker(
  config: BacktestConfig,
  table: PriceTable,
  options: { detail?: boolean; signal?: AbortSignal; own?: OwnModels } = {}
) {
  bridge ??= new WorkerBridge<BacktestWorkerApi>(create);
  return bridge.run<Result<BacktestReport, RunIssue[]>>(
    async (api) =>
      (await api.runConfig(config, table, options.detail ?? false, options.own)) as Result<BacktestReport, RunIssue[]>,
    { signal: options.signal }
  );
}

/** The bootstrap in its own worker, so a long run never blocks a backtest or a sweep. */
let bootstrapBridge: WorkerBridge<BacktestWorkerApi> | undefined;
export function bootstrapInWorker(
  config: BacktestConfig,
  table: PriceTable,
  options: BootstrapOptions,
  job: { signal?: AbortSignal; onProgress?: ProgressCallback; own?: OwnModels } = {}
) {
  bootstrapBridge ??= new WorkerBridge<BacktestWorkerApi>(create);
  return bootstrapBridge.run<Result<RobustnessReport, RunIssue[]>>(
    async (api, onProgress) =>
      (await api.bootstrap(config, table, options, onProgress, job.own)) as Result<RobustnessReport, RunIssue[]>,
    job
  );
}

function pool_(): WorkerPool<BacktestWorkerApi> {
  pool ??= new WorkerPool<BacktestWorkerApi>(create);
  return pool;
}

/**
 * A parameter sweep on the pool: variants in small chunks (so progress moves and cancel stops
 * soon), results back in grid order.
 */
export async function sweepVariantsInPool(
  config: BacktestConfig,
  table: PriceTable,
  variants: SweepVariant[],
  options: { signal?: AbortSignal; onProgress?: (p: PoolProgress) => void; own?: OwnModels } = {}
): Promise<SweepRow[]> {
  const workers = pool_();
  const size = Math.max(1, Math.ceil(variants.length / (workers.size * 16)));
  const chunks: SweepVariant[][] = [];
  for (let i = 0; i < variants.length; i += size) chunks.push(variants.slice(i, i + size));
  const parts = await workers.map(
    chunks,
    async (api, chunk) => (await api.sweepVariants(config, table, chunk, options.own)) as SweepRow[],
    options
  );
  return parts.flat();
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

/** The kernel benchmark in every worker of the pool at once: asset-days per second per worker. */
export async function benchmarkKernelOnPool(prices: Float64Array, assets: number): Promise<number[]> {
  pool ??= new WorkerPool<BacktestWorkerApi>(create);
  const runs = await pool.map(
    Array.from({ length: pool.size }, () => 0),
    async (api) => (await api.benchKernel(prices, assets)) as { assetDaysPerSecond: number }
  );
  return runs.map((r) => r.assetDaysPerSecond);
}

/** The kernel benchmark in one worker, alone. */
export function benchmarkKernelInWorker(prices: Float64Array, assets: number): Promise<number> {
  bridge ??= new WorkerBridge<BacktestWorkerApi>(create);
  return bridge.run(
    async (api) => ((await api.benchKernel(prices, assets)) as { assetDaysPerSecond: number }).assetDaysPerSecond
  );
}

/** Walk-forward minimum variance on 500 assets in one worker: ms per refit. */
export function benchmarkMinimumVariance(): Promise<number[]> {
  bridge ??= new WorkerBridge<BacktestWorkerApi>(create);
  return bridge.run(async (api) => (await api.benchMinimumVariance()) as number[]);
}

/** How many workers the pool runs (one per core). */
export function poolSize(): number {
  pool ??= new WorkerPool<BacktestWorkerApi>(create);
  return pool.size;
}
