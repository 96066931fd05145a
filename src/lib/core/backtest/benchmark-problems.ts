/**
 * The backtest benchmarks' problems and timers, shared by `npm run bench` in Node and the
 * browser benchmark page (so both measure exactly the same work): seeded synthetic prices, the
 * threshold kernel's throughput, the 1,000-variant band × cost grid, and walk-forward minimum
 * variance on 500 assets.
 */
import { BarHistory } from './bar-history';
import { thresholdBacktest, type ThresholdVariant } from './threshold-kernel';
import { minimumVariance } from './weighting';
import type { QpSolver } from '../solver/qp';

/** Daily prices of `assets` random walks (±1.5 % a day), bars × assets row-major. */
export function syntheticPrices(assets: number, bars: number, seed = 7): Float64Array {
  let state = seed;
  const rand = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const prices = new Float64Array(bars * assets);
  for (let j = 0; j < assets; j++) prices[j] = 50 + 100 * rand();
  for (let t = 1; t < bars; t++)
    for (let j = 0; j < assets; j++)
      prices[t * assets + j] = prices[(t - 1) * assets + j] * (1 + (rand() - 0.5) * 0.03);
  return prices;
}

/** 40 bands (0.5 % to 10.25 %) × 25 costs (0 to 48 bps): the 1,000 variants. */
export function bandCostGrid(): ThresholdVariant[] {
  const variants: ThresholdVariant[] = [];
  for (let b = 0; b < 40; b++) for (let c = 0; c < 25; c++) variants.push({ band: 0.005 + b * 0.0025, bps: c * 2 });
  return variants;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Asset-days per second of the per-variant threshold kernel: after a warm-up (so the JIT has
 * compiled the loop), the median of `runs` passes of `perRun` variants.
 */
export function kernelThroughput(
  prices: Float64Array,
  assets: number,
  options: { runs?: number; perRun?: number } = {}
): { assetDaysPerSecond: number; medianMs: number } {
  const runs = options.runs ?? 5;
  const perRun = options.perRun ?? 100;
  const bars = prices.length / assets;
  const targets = new Float64Array(assets).fill(1 / assets);
  const variants = bandCostGrid();
  let checksum = 0;
  for (const v of variants.slice(0, 200)) checksum += thresholdBacktest(prices, assets, targets, v).finalValue;
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const started = performance.now();
    for (const v of variants.slice(0, perRun)) checksum += thresholdBacktest(prices, assets, targets, v).finalValue;
    times.push(performance.now() - started);
  }
  if (!Number.isFinite(checksum)) throw new Error('kernel produced a non-finite value');
  const ms = median(times);
  return { assetDaysPerSecond: (perRun * bars * assets) / (ms / 1000), medianMs: ms };
}

/**
 * Walk-forward minimum variance: 500 assets with a one-factor structure, a 252-day window,
 * refit every 21 bars for ten years (120 monthly rebalances); the time of each refit (estimation + QP).
 */
export function walkForwardMinimumVarianceTimes(qp: QpSolver, n = 500, refits = 120): number[] {
  const bars = 252 + 21 * refits;
  let seed = 5;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const values = new Float64Array(bars * n);
  for (let j = 0; j < n; j++) values[j] = 100;
  const loadings = Float64Array.from({ length: n }, () => 0.5 + rand());
  for (let t = 1; t < bars; t++) {
    const factor = (rand() - 0.5) * 0.02;
    for (let j = 0; j < n; j++)
      values[t * n + j] =
        values[(t - 1) * n + j] * (1 + loadings[j] * factor + (rand() - 0.5) * 0.02 * (0.5 + (j % 7) / 7));
  }
  const table = {
    assets: Array.from({ length: n }, (_, j) => `S${j}`),
    dates: Array.from({ length: bars }, (_, t) => String(t)),
    values
  };
  const weigh = minimumVariance(
    Array.from({ length: n }, (_, j) => j),
    252,
    qp
  );
  const history = new BarHistory(table, 0);
  const times: number[] = [];
  for (let bar = 252; bar < bars; bar += 21) {
    history.advance(bar);
    const started = performance.now();
    weigh(history);
    times.push(performance.now() - started);
  }
  return times;
}
