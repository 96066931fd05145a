/**
 * Parameter sweeps: a grid over band width × rebalance frequency × lookback × cost applied to one
 * strategy, each variant run by the engine. Variants are plain data, so a pool of workers can run
 * any chunk of them and the results come back in grid order — deterministic whatever the split.
 * (Pure band × cost grids of fixed targets also have a faster path: threshold-sweep.ts.)
 */
import type { PriceTable } from '../returns/return-table';
import { runBacktestConfig, type BacktestConfig, type BacktestSolvers, type StrategyConfig } from './backtest-config';
import type { CalendarPeriod } from './calendar';

export interface SweepGrid {
  /** Absolute band widths (0.05 = 5 points); 0 means no bands. */
  bands: number[];
  /** Calendar periods; 'none' means no calendar. With a band: bands checked on those bars. */
  frequencies: (CalendarPeriod | 'none')[];
  /** Lookbacks in bars (only strategies that refit use them). */
  lookbacks: number[];
  costs: number[];
}

export interface SweepVariant {
  band: number;
  frequency: CalendarPeriod | 'none';
  lookback: number;
  bps: number;
  strategy: StrategyConfig;
}

export interface SweepRow {
  band: number;
  frequency: CalendarPeriod | 'none';
  lookback: number;
  bps: number;
  finalValue: number;
  annualReturn: number | null;
  annualVolatility: number | null;
  sharpe: number | null;
  maxDrawdown: number | null;
  turnover: number;
  costs: number;
  trades: number;
}

/** Every combination of the grid applied to `base`, in grid order (band, frequency, lookback, cost). */
export function sweepVariants(base: StrategyConfig, grid: SweepGrid): SweepVariant[] {
  const variants: SweepVariant[] = [];
  for (const band of grid.bands)
    for (const frequency of grid.frequencies)
      for (const lookback of grid.lookbacks)
        for (const bps of grid.costs) {
          const rebalance: StrategyConfig['rebalance'] =
            band > 0
              ? frequency === 'none'
                ? { bands: { absolute: band } }
                : { every: frequency, bands: { absolute: band } }
              : frequency === 'none'
                ? 'never'
                : { every: frequency };
          const label = `band ${band}, ${frequency}, lookback ${lookback}, ${bps} bps`;
          variants.push({
            band,
            frequency,
            lookback,
            bps,
            strategy: {
              ...base,
              name: `${base.name} (${label})`,
              rebalance,
              ...(base.weights ? { weights: { ...base.weights, lookback } } : {})
            }
          });
        }
  return variants;
}

/** Runs variants one by one (a chunk of a sweep), keeping only the numbers the table shows. */
export function runSweepVariants(
  config: BacktestConfig,
  table: PriceTable,
  variants: SweepVariant[],
  solvers: BacktestSolvers
): SweepRow[] {
  return variants.map((v) => {
    const result = runBacktestConfig(
      { ...config, benchmark: undefined, costs: { ...config.costs, bps: v.bps }, strategies: [v.strategy] },
      table,
      solvers
    );
    if (!result.ok) throw new Error(`sweep variant ${v.strategy.name}: ${result.error[0].code}`);
    const s = result.value.strategies[0];
    return {
      band: v.band,
      frequency: v.frequency,
      lookback: v.lookback,
      bps: v.bps,
      finalValue: s.finalValue,
      annualReturn: s.metrics.annual_return,
      annualVolatility: s.metrics.annual_volatility,
      sharpe: s.metrics.sharpe_ratio,
      maxDrawdown: s.metrics.max_drawdown,
      turnover: s.turnover,
      costs: s.costs,
      trades: s.trades
    };
  });
}
