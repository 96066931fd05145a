/**
 * Robustness by a seeded block bootstrap: the historical return rows (all assets of a bar
 * together, so correlations survive) are cut into blocks of `blockLength` bars and resampled
 * with replacement — circularly, so every bar is equally likely (Politis & Romano's circular
 * block bootstrap). Each resampled path is turned back into prices on the original calendar and
 * every strategy runs on the same paths, so their outcomes compare like for like.
 *
 * Outputs per strategy: wealth quantiles at each bar (the fan chart), the final values, the
 * probability of ending below a goal, and of running out under withdrawals.
 */
import { mulberry32 } from '../random';
import { periodsPerYear as periodsPerYearOf, selectAssets, type PriceTable } from '../returns/return-table';
import {
  runBacktestConfig,
  type BacktestConfig,
  type BacktestSolvers,
  type OwnModelNames,
  type RunIssue
} from './backtest-config';
import { err, ok, type Result } from '../result';

export interface BootstrapOptions {
  paths: number;
  blockLength: number;
  seed: number;
  /** Ending below this value counts as missing the goal (default: the initial value). */
  goal?: number;
}

/** One resampled price path over bars start..end of `table` (assets without gaps carried forward). */
export function bootstrapPath(
  table: PriceTable,
  start: number,
  end: number,
  blockLength: number,
  random: () => number
) {
  const n = table.assets.length;
  const bars = end - start + 1;
  const rows = bars - 1;
  const values = new Float64Array(bars * n);
  // Historical gross returns of each bar over the one before; a gap is a zero return.
  const gross = new Float64Array(rows * n);
  const last = Float64Array.from({ length: n }, (_, j) => table.values[start * n + j]);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < n; j++) {
      const p = table.values[(start + r + 1) * n + j];
      gross[r * n + j] = Number.isFinite(p) && Number.isFinite(last[j]) ? p / last[j] : 1;
      if (Number.isFinite(p)) last[j] = p;
    }
  for (let j = 0; j < n; j++) values[j] = table.values[start * n + j];
  let r = 0;
  while (r < rows) {
    const from = Math.floor(random() * rows);
    for (let k = 0; k < blockLength && r < rows; k++, r++) {
      const source = (from + k) % rows;
      for (let j = 0; j < n; j++) values[(r + 1) * n + j] = values[r * n + j] * gross[source * n + j];
    }
  }
  return { assets: table.assets, dates: table.dates.slice(start, end + 1), values };
}

export interface StrategyOutcomes {
  name: string;
  /** Wealth quantiles (5, 25, 50, 75, 95 %) at each sampled bar. */
  fan: { date: string; q05: number; q25: number; q50: number; q75: number; q95: number }[];
  finalValues: number[];
  /** Share of paths ending below the goal. */
  belowGoal: number;
  /** Share of paths that ran out of money (withdrawals larger than the portfolio). */
  depleted: number;
  medianAnnualReturn: number;
}

export interface RobustnessReport {
  paths: number;
  blockLength: number;
  seed: number;
  goal: number;
  strategies: StrategyOutcomes[];
  /** Models of the user's own that decided instead of the shipped ones (set by whoever ran it). */
  models?: OwnModelNames;
}

const quantile = (sorted: number[], q: number) => {
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
};

/**
 * Runs the config's strategies on `options.paths` bootstrap paths of its window. `onPath` is
 * told after each path (progress); returning false stops early (cancel) with what was run.
 */
export function bootstrapStrategies(
  config: BacktestConfig,
  table: PriceTable,
  solvers: BacktestSolvers,
  options: BootstrapOptions,
  onPath?: (done: number) => boolean | void
): Result<RobustnessReport, RunIssue[]> {
  const symbols = [
    ...new Set([
      ...config.strategies.flatMap((s) => Object.keys(s.targets)),
      ...(config.flows?.indexedTo ? [config.flows.indexedTo] : [])
    ])
  ];
  const check = runBacktestConfig({ ...config, benchmark: undefined, strategies: [] }, table, solvers);
  if (!check.ok) return err(check.error);
  const unknown = symbols.filter((s) => !table.assets.includes(s));
  if (unknown.length > 0)
    return err(unknown.map((symbol) => ({ code: 'unknown-asset' as const, strategy: 'bootstrap', symbol })));
  const used = selectAssets(table, symbols);
  const start = used.dates.findIndex((d) => d >= (config.start ?? used.dates[0]));
  let end = used.dates.length - 1;
  while (end > start && used.dates[end] > (config.end ?? used.dates[used.dates.length - 1])) end--;
  const random = mulberry32(options.seed);
  const finals: number[][] = config.strategies.map(() => []);
  const depleted = config.strategies.map(() => 0);
  const step = Math.max(1, Math.ceil((end - start + 1) / 200));
  const sampled: number[] = [];
  for (let t = 0; t <= end - start; t += step) sampled.push(t);
  if (sampled[sampled.length - 1] !== end - start) sampled.push(end - start);
  const wealth: number[][][] = config.strategies.map(() => sampled.map(() => []));
  const pathConfig = { ...config, benchmark: undefined, start: undefined, end: undefined };
  let run = 0;
  for (let p = 0; p < options.paths; p++) {
    const path = bootstrapPath(used, start, end, options.blockLength, random);
    const result = runBacktestConfig(pathConfig, path, solvers);
    if (!result.ok) return err(result.error);
    result.value.strategies.forEach((s, k) => {
      finals[k].push(s.finalValue);
      if (s.depletedOn) depleted[k]++;
      sampled.forEach((t, i) => wealth[k][i].push(s.equity[t][1]));
    });
    run++;
    if (onPath?.(run) === false) break;
  }
  const goal = options.goal ?? config.initialValue ?? 10_000;
  const years = (end - start) / periodsPerYearOf(used.dates.slice(start, end + 1));
  const dates = used.dates.slice(start, end + 1);
  return ok({
    paths: run,
    blockLength: options.blockLength,
    seed: options.seed,
    goal,
    strategies: config.strategies.map((s, k) => {
      const sortedFinals = [...finals[k]].sort((a, b) => a - b);
      const initial = config.initialValue ?? 10_000;
      return {
        name: s.name,
        fan: sampled.map((t, i) => {
          const sorted = wealth[k][i].sort((a, b) => a - b);
          return {
            date: dates[t],
            q05: quantile(sorted, 0.05),
            q25: quantile(sorted, 0.25),
            q50: quantile(sorted, 0.5),
            q75: quantile(sorted, 0.75),
            q95: quantile(sorted, 0.95)
          };
        }),
        finalValues: finals[k],
        belowGoal: finals[k].filter((v) => v < goal).length / run,
        depleted: depleted[k] / run,
        medianAnnualReturn: (quantile(sortedFinals, 0.5) / initial) ** (1 / years) - 1
      };
    })
  });
}
