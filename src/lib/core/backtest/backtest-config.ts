/**
 * The `npx keel backtest --config FILE.json` contract (docs/backtest.md): the config checked
 * with a path for every problem, turned into engine strategies, run, and summarised with the
 * metrics of core/metrics.
 */
import { err, ok, type Result } from '../result';
import type { PriceTable } from '../returns/return-table';
import { returnMetrics } from '../metrics/summary';
import { runBacktest, type BacktestResult, type BacktestStrategy, type Execution } from './engine';
import { bandRule, calendarRule, NEVER, type CalendarPeriod } from './rebalance-rules';
import { equalWeight, inverseVolatility, minimumVariance } from './weighting';
import type { QpSolver } from '../solver/qp';

export interface StrategyConfig {
  name: string;
  /** Fixed weights, or the universe and starting weights when `weights` refits them. */
  targets: Record<string, number>;
  /** Walk-forward weights at each rebalance over the targets' assets (same invested share). */
  weights?: { method: 'equal' | 'inverse-volatility' | 'minimum-variance'; lookback?: number };
  rebalance:
    'never' | { every: CalendarPeriod } | { bands: { absolute?: number; relative?: number }; to?: 'target' | 'edge' };
}

export interface BacktestConfig {
  prices: string;
  start?: string;
  end?: string;
  initialValue?: number;
  costs?: { bps?: number };
  execution?: Execution;
  wholeShares?: boolean;
  cashRate?: number;
  benchmark?: string;
  strategies: StrategyConfig[];
}

export type ConfigIssue = { path: string; problem: string };

const PERIODS = ['week', 'month', 'quarter', 'year'];

export function readBacktestConfig(raw: unknown): Result<BacktestConfig, ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  const o = raw as Record<string, unknown>;
  if (!o || typeof o !== 'object') return err([{ path: '', problem: 'is not a JSON object' }]);
  if (typeof o.prices !== 'string') issues.push({ path: 'prices', problem: 'must name a price CSV file' });
  for (const field of ['start', 'end'] as const)
    if (o[field] !== undefined && !(typeof o[field] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(o[field] as string)))
      issues.push({ path: field, problem: 'must be a date (YYYY-MM-DD)' });
  if (o.initialValue !== undefined && !(typeof o.initialValue === 'number' && o.initialValue > 0))
    issues.push({ path: 'initialValue', problem: 'must be a positive number' });
  const costs = o.costs as Record<string, unknown> | undefined;
  if (costs?.bps !== undefined && !(typeof costs.bps === 'number' && costs.bps >= 0))
    issues.push({ path: 'costs.bps', problem: 'must be a non-negative number' });
  if (o.execution !== undefined && o.execution !== 'next-close' && o.execution !== 'same-close')
    issues.push({ path: 'execution', problem: 'must be "next-close" or "same-close"' });
  if (!Array.isArray(o.strategies) || o.strategies.length === 0)
    issues.push({ path: 'strategies', problem: 'must list at least one strategy' });
  else
    o.strategies.forEach((s: Record<string, unknown>, i: number) => {
      const at = `strategies[${i}]`;
      if (typeof s?.name !== 'string') issues.push({ path: `${at}.name`, problem: 'is missing' });
      const targets = s?.targets as Record<string, unknown> | undefined;
      if (!targets || typeof targets !== 'object') issues.push({ path: `${at}.targets`, problem: 'is missing' });
      else {
        let sum = 0;
        for (const [symbol, w] of Object.entries(targets)) {
          if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
            issues.push({ path: `${at}.targets.${symbol}`, problem: 'must be a weight ≥ 0' });
          else sum += w;
        }
        if (sum > 1 + 1e-9) issues.push({ path: `${at}.targets`, problem: `add up to ${sum}, more than 1` });
      }
      const weights = s?.weights as Record<string, unknown> | undefined;
      if (
        weights !== undefined &&
        !['equal', 'inverse-volatility', 'minimum-variance'].includes(weights?.method as string)
      )
        issues.push({
          path: `${at}.weights.method`,
          problem: 'must be "equal", "inverse-volatility" or "minimum-variance"'
        });
      if (weights?.lookback !== undefined && !(Number.isInteger(weights.lookback) && (weights.lookback as number) >= 2))
        issues.push({ path: `${at}.weights.lookback`, problem: 'must be a whole number of bars, at least 2' });
      const r = s?.rebalance as Record<string, unknown> | string | undefined;
      const valid =
        r === 'never' ||
        (typeof r === 'object' &&
          r !== null &&
          (PERIODS.includes(r.every as string) || (typeof r.bands === 'object' && r.bands !== null)));
      if (!valid)
        issues.push({
          path: `${at}.rebalance`,
          problem: 'must be "never", {"every": week|month|quarter|year} or {"bands": {...}}'
        });
    });
  return issues.length > 0 ? err(issues) : ok(o as unknown as BacktestConfig);
}

export interface StrategyReport {
  name: string;
  metrics: Record<string, number | null>;
  finalValue: number;
  equity: [string, number][];
  trades: number;
  turnover: number;
  costs: number;
  taxes: number;
}

export type RunIssue =
  | { code: 'unknown-asset'; strategy: string; symbol: string }
  | { code: 'no-bars'; start: string; end: string }
  | { code: 'no-price-at-start'; symbol: string; date: string };

function toStrategy(config: StrategyConfig, assets: readonly string[], qp?: QpSolver): BacktestStrategy {
  const targets = new Float64Array(assets.length);
  for (const [symbol, w] of Object.entries(config.targets)) targets[assets.indexOf(symbol)] = w;
  const universe = Object.keys(config.targets).map((symbol) => assets.indexOf(symbol));
  const invested = Object.values(config.targets).reduce((a, b) => a + b, 0);
  const lookback = config.weights?.lookback ?? (config.weights?.method === 'minimum-variance' ? 252 : 63);
  const weigh = !config.weights
    ? undefined
    : config.weights.method === 'equal'
      ? equalWeight(universe, invested)
      : config.weights.method === 'minimum-variance'
        ? minimumVariance(universe, lookback, qp!, invested)
        : inverseVolatility(universe, lookback, invested);
  const base = { name: config.name, targets, ...(weigh ? { weigh } : {}) };
  const r = config.rebalance;
  if (r === 'never') return { ...base, rule: NEVER };
  if ('every' in r) return { ...base, rule: calendarRule(r.every) };
  return {
    ...base,
    rule: bandRule(r.bands),
    ...(r.to === 'edge' && r.bands.absolute !== undefined ? { toEdge: { absolute: r.bands.absolute } } : {})
  };
}

const finiteOrNull = (metrics: Record<string, number>) =>
  Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));

function report(result: BacktestResult): StrategyReport {
  const returns = Float64Array.from(
    { length: result.equity.length - 1 },
    (_, i) => result.equity[i + 1] / result.equity[i] - 1
  );
  return {
    name: result.name,
    metrics: finiteOrNull(returnMetrics(returns, { period: 'daily' })),
    finalValue: result.equity[result.equity.length - 1],
    equity: result.dates.map((d, i) => [d, result.equity[i]]),
    trades: result.trades,
    turnover: result.turnover,
    costs: result.costs,
    taxes: 0
  };
}

/** `qp` solves the minimum-variance refits; needed only when a strategy asks for them. */
export function runBacktestConfig(
  config: BacktestConfig,
  table: PriceTable,
  qp?: QpSolver
): Result<{ strategies: StrategyReport[]; benchmark: StrategyReport | null }, RunIssue[]> {
  const issues: RunIssue[] = [];
  const symbols = new Set(config.strategies.flatMap((s) => Object.keys(s.targets)));
  if (config.benchmark) symbols.add(config.benchmark);
  for (const s of config.strategies)
    for (const symbol of Object.keys(s.targets))
      if (!table.assets.includes(symbol)) issues.push({ code: 'unknown-asset', strategy: s.name, symbol });
  if (config.benchmark && !table.assets.includes(config.benchmark))
    issues.push({ code: 'unknown-asset', strategy: 'benchmark', symbol: config.benchmark });
  const start = table.dates.findIndex((d) => d >= (config.start ?? table.dates[0]));
  let end = table.dates.length - 1;
  while (end >= 0 && table.dates[end] > (config.end ?? table.dates[table.dates.length - 1])) end--;
  if (start < 0 || end <= start) issues.push({ code: 'no-bars', start: config.start ?? '', end: config.end ?? '' });
  if (issues.length > 0) return err(issues);
  for (const symbol of symbols) {
    const j = table.assets.indexOf(symbol);
    if (Number.isNaN(table.values[start * table.assets.length + j]))
      issues.push({ code: 'no-price-at-start', symbol, date: table.dates[start] });
  }
  if (issues.length > 0) return err(issues);
  const options = {
    start,
    end,
    initialValue: config.initialValue ?? 10_000,
    bps: config.costs?.bps ?? 0,
    execution: config.execution ?? 'next-close',
    wholeShares: config.wholeShares ?? false,
    cashRate: config.cashRate ?? 0
  };
  const strategies = config.strategies.map((s) => report(runBacktest(table, toStrategy(s, table.assets, qp), options)));
  const benchmark = config.benchmark
    ? report(
        runBacktest(
          table,
          toStrategy({ name: config.benchmark, targets: { [config.benchmark]: 1 }, rebalance: 'never' }, table.assets),
          { ...options, bps: 0 }
        )
      )
    : null;
  return ok({ strategies, benchmark });
}
