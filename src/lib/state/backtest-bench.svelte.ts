/**
 * The backtest benchmark page: the threshold kernel's throughput in one worker and in every
 * worker of the pool at once, the 1,000-variant band × cost sweep on the pool (as the page waits
 * for it, data transfer included), and walk-forward minimum variance on 500 assets.
 */
import { bandCostGrid, syntheticPrices } from '../core/backtest/benchmark-problems';
import {
  benchmarkKernelInWorker,
  benchmarkKernelOnPool,
  benchmarkMinimumVariance,
  poolSize,
  sweepInPool
} from '../services/backtest-service';

export interface BacktestBenchResult {
  workers: number;
  kernelAlone: number;
  kernelPerWorker: number[];
  sweepColdMs: number;
  sweepWarmMs: number;
  minimumVarianceMs: number[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export class BacktestBench {
  running = $state(false);
  stage = $state('');
  result = $state.raw<BacktestBenchResult | undefined>(undefined);
  error = $state<string | undefined>(undefined);

  async run(): Promise<void> {
    this.running = true;
    this.error = undefined;
    this.result = undefined;
    try {
      const assets = 20;
      const prices = syntheticPrices(assets, 7560);
      const targets = new Float64Array(assets).fill(1 / assets);
      const variants = bandCostGrid();
      this.stage = 'Sweep of 1,000 variants on the pool';
      let started = performance.now();
      await sweepInPool(prices, assets, targets, variants);
      const sweepColdMs = performance.now() - started;
      const warm: number[] = [];
      for (let r = 0; r < 7; r++) {
        started = performance.now();
        await sweepInPool(prices, assets, targets, variants);
        warm.push(performance.now() - started);
      }
      this.stage = 'Threshold kernel in one worker';
      const kernelAlone = await benchmarkKernelInWorker(prices, assets);
      this.stage = 'Threshold kernel in every worker at once';
      const kernelPerWorker = await benchmarkKernelOnPool(prices, assets);
      this.stage = 'Walk-forward minimum variance, 500 assets';
      const minimumVarianceMs = await benchmarkMinimumVariance();
      this.result = {
        workers: poolSize(),
        kernelAlone,
        kernelPerWorker,
        sweepColdMs,
        sweepWarmMs: median(warm),
        minimumVarianceMs
      };
    } catch (error) {
      this.error = `The benchmark failed: ${(error as Error).message}`;
    } finally {
      this.running = false;
      this.stage = '';
    }
  }
}
