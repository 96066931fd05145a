/**
 * The `npx keel backtest --config FILE.json` contract (docs/backtest.md): the config checked
 * with a path for every problem, turned into engine strategies, run, and summarised with the
 * metrics of core/metrics.
 *
 * A strategy is a typed step stack (style.md, pattern 7), each step plain data:
 *   when        `rebalance`: never, every calendar period, every N bars, bands, or bands checked
 *               on calendar bars (hybrid);
 *   what        `select`: all of the targets' assets, or the top N by a signal;
 *   how much    `weights`: the fixed targets, or a walk-forward refit (equal, inverse volatility,
 *               minimum variance, HRP, risk parity, maximum Sharpe / minimum volatility on any
 *               estimator) over a lookback window;
 *   how to trade `rebalance.to` ("edge") and `trade.partial`; scheduled cash flows always go
 *               cash-flow-first.
 */
import { err, ok, type Result } from '../result';
import { periodsPerYear, type PriceTable } from '../returns/return-table';
import { returnMetrics } from '../metrics/summary';
import { ANNUALIZATION, type Period } from '../metrics/periods';
import {
  runBacktest,
  type BacktestResult,
  type BacktestStrategy,
  type BacktestTax,
  type CashFlowSchedule,
  type Execution
} from './engine';
import {
  bandRule,
  calendarRule,
  everyBarsRule,
  hybridRule,
  NEVER,
  selectionChangeRule,
  type CalendarPeriod
} from './rebalance-rules';
import { equalWeight, inverseVolatility, minimumVariance } from './weighting';
import { optimizerWeights, type Fallback } from './optimizer-weights';
import { momentum, topN } from './selection';
import type { QpSolver } from '../solver/qp';
import type { LinearModel } from '../ml/linear-model';
import type { GaussianMixture } from '../ml/gaussian-mixture';
import { greedy, liveContext, policyRule } from '../ml/rebalance-policy';
import { marketFeatures } from '../ml/market-features';
import type { CostModel } from '../costs/trade-cost';
import type { MilpSolver } from '../solver/milp';
import type { RiskModelConfig } from '../estimators/risk-models/risk-model';
import type { ExpectedReturnsConfig } from '../estimators/expected-returns/expected-returns';
import { RISK_MODEL_KINDS } from '../estimators/risk-models/risk-model';
import { EXPECTED_RETURN_KINDS } from '../estimators/expected-returns/expected-returns';

export const WEIGHT_METHODS = [
  'equal',
  'inverse-volatility',
  'minimum-variance',
  'hrp',
  'risk-parity',
  'max-sharpe',
  'min-volatility'
] as const;
export type WeightMethod = (typeof WEIGHT_METHODS)[number];

export type Bands = { absolute?: number; relative?: number };

export interface StrategyConfig {
  name: string;
  /** Fixed weights, or the universe and starting weights when `weights` refits them. */
  targets: Record<string, number>;
  /** Hold only the best `top` of the targets' assets by trailing momentum at each rebalance. */
  select?: { top: number; by?: 'momentum'; lookback?: number; skip?: number };
  /** Walk-forward weights at each rebalance over the targets' assets (same invested share). */
  weights?: {
    method: WeightMethod;
    /** Bars of history each refit sees (default: a year of daily bars, three years otherwise). */
    lookback?: number;
    riskModel?: RiskModelConfig;
    expectedReturns?: ExpectedReturnsConfig;
    riskFreeRate?: number;
  };
  rebalance:
    | 'never'
    | { every: CalendarPeriod; bands?: Bands }
    | { everyBars: number }
    | { bands: Bands; to?: 'target' | 'edge' }
    /** The signal as the trigger: when the `select` step would pick other assets than held. */
    | { onSelectionChange: true }
    /** The learned rebalancing policy (models/policy.onnx) decides: wait, to the band's edge, or fully. */
    | { policy: 'learned' };
  trade?: { partial?: number };
  /**
   * Regime-aware: when the regime model (models/regimes.onnx) reads the market of the data set (the
   * equal-weight market of its assets) as stressed at a rebalance, hold only `stressedInvested` of the invested weights (the rest cash).
   */
  regime?: { stressedInvested: number };
}

export interface BacktestConfig {
  prices: string;
  start?: string;
  end?: string;
  initialValue?: number;
  /**
   * `bps` of traded value alone (the cost paid out of the portfolio, every holding exactly at
   * target after it), or the planner's commission schedule and spread when any of the other
   * fields is given (costs paid from cash after trading).
   */
  costs?: {
    bps?: number;
    perTrade?: number;
    perShare?: number;
    minimum?: number;
    maximum?: number;
    spreadBps?: number;
  };
  execution?: Execution;
  wholeShares?: boolean;
  cashRate?: number;
  benchmark?: string;
  /** Scheduled contributions or withdrawals; `indexedTo` names an indicator column (CPI). */
  flows?: Omit<CashFlowSchedule, 'indexedTo'> & { indexedTo?: string };
  tax?: BacktestTax;
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
  for (const key of ['bps', 'perTrade', 'perShare', 'minimum', 'maximum', 'spreadBps'])
    if (costs?.[key] !== undefined && !(typeof costs[key] === 'number' && (costs[key] as number) >= 0))
      issues.push({ path: `costs.${key}`, problem: 'must be a non-negative number' });
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
      if (weights !== undefined && !(WEIGHT_METHODS as readonly string[]).includes(weights?.method as string))
        issues.push({
          path: `${at}.weights.method`,
          problem: `must be one of ${WEIGHT_METHODS.map((m) => `"${m}"`).join(', ')}`
        });
      const risk = weights?.riskModel as Record<string, unknown> | undefined;
      if (risk !== undefined && !(RISK_MODEL_KINDS as readonly string[]).includes(risk?.kind as string))
        issues.push({ path: `${at}.weights.riskModel.kind`, problem: `must be one of ${RISK_MODEL_KINDS.join(', ')}` });
      const mu = weights?.expectedReturns as Record<string, unknown> | undefined;
      if (mu !== undefined && !(EXPECTED_RETURN_KINDS as readonly string[]).includes(mu?.kind as string))
        issues.push({
          path: `${at}.weights.expectedReturns.kind`,
          problem: `must be one of ${EXPECTED_RETURN_KINDS.join(', ')}`
        });
      const select = s?.select as Record<string, unknown> | undefined;
      if (select !== undefined && !(Number.isInteger(select?.top) && (select.top as number) >= 1))
        issues.push({ path: `${at}.select.top`, problem: 'must be a whole number of assets, at least 1' });
      const partial = (s?.trade as Record<string, unknown> | undefined)?.partial;
      if (partial !== undefined && !(typeof partial === 'number' && partial > 0 && partial <= 1))
        issues.push({ path: `${at}.trade.partial`, problem: 'must be a fraction above 0 and at most 1' });
      const regime = s?.regime as Record<string, unknown> | undefined;
      if (
        regime !== undefined &&
        !(typeof regime?.stressedInvested === 'number' && regime.stressedInvested >= 0 && regime.stressedInvested <= 1)
      )
        issues.push({ path: `${at}.regime.stressedInvested`, problem: 'must be a fraction from 0 to 1' });
      if (weights?.lookback !== undefined && !(Number.isInteger(weights.lookback) && (weights.lookback as number) >= 2))
        issues.push({ path: `${at}.weights.lookback`, problem: 'must be a whole number of bars, at least 2' });
      const r = s?.rebalance as Record<string, unknown> | string | undefined;
      const valid =
        r === 'never' ||
        (typeof r === 'object' &&
          r !== null &&
          (PERIODS.includes(r.every as string) ||
            (Number.isInteger(r.everyBars) && (r.everyBars as number) >= 1) ||
            (r.onSelectionChange === true && s?.select !== undefined) ||
            r.policy === 'learned' ||
            (r.every === undefined && typeof r.bands === 'object' && r.bands !== null)));
      if (!valid)
        issues.push({
          path: `${at}.rebalance`,
          problem:
            'must be "never", {"every": week|month|quarter|year}, {"everyBars": N}, {"bands": {...}}, {"every": …, "bands": {...}} or {"onSelectionChange": true} with a "select" step, or {"policy": "learned"}'
        });
      const bands = typeof r === 'object' ? (r?.bands as Record<string, unknown> | undefined) : undefined;
      for (const key of ['absolute', 'relative'])
        if (bands?.[key] !== undefined && !(typeof bands[key] === 'number' && (bands[key] as number) > 0))
          issues.push({ path: `${at}.rebalance.bands.${key}`, problem: 'must be a positive number' });
    });
  const flows = o.flows as Record<string, unknown> | undefined;
  if (flows !== undefined) {
    if (!PERIODS.includes(flows?.every as string))
      issues.push({ path: 'flows.every', problem: 'must be "week", "month", "quarter" or "year"' });
    for (const key of ['amount', 'percent'])
      if (flows?.[key] !== undefined && !(typeof flows[key] === 'number' && Number.isFinite(flows[key])))
        issues.push({ path: `flows.${key}`, problem: 'must be a number (negative withdraws)' });
    if (flows?.amount === undefined && flows?.percent === undefined)
      issues.push({ path: 'flows', problem: 'needs an "amount" or a "percent"' });
    if (flows?.indexedTo !== undefined && typeof flows.indexedTo !== 'string')
      issues.push({ path: 'flows.indexedTo', problem: 'must name an indicator column of the price file' });
  }
  const tax = o.tax as Record<string, unknown> | undefined;
  if (tax !== undefined)
    for (const key of ['shortTerm', 'longTerm'])
      if (!(typeof tax?.[key] === 'number' && (tax[key] as number) >= 0 && (tax[key] as number) < 1))
        issues.push({ path: `tax.${key}`, problem: 'must be a rate from 0 to below 1 (0.15 = 15 %)' });
  if (tax?.method !== undefined && !['hifo', 'fifo', 'lifo', 'tax-aware'].includes(tax.method as string))
    issues.push({ path: 'tax.method', problem: 'must be "hifo", "fifo", "lifo" or "tax-aware"' });
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
  rebalances: number;
  /** Money in (> 0) and out (< 0) over the run. */
  netFlows: number;
  /** The date the portfolio could not pay a withdrawal, if it ran out. */
  depletedOn?: string;
  /** Rebalances where an optimizer had no answer and the last weights were kept, with why. */
  fallbacks: Fallback[];
  /** With `detail`: the assets and each bar's weights after the close (for charts). */
  assets?: string[];
  weights?: number[][];
  rebalanceDates?: string[];
  /** With `detail`: the time-weighted return of each bar after the first. */
  returns?: number[];
}

export interface BacktestReport {
  strategies: StrategyReport[];
  benchmark: StrategyReport | null;
  /** Periods per year of the bars, and the period name the metrics were annualised with. */
  periodsPerYear: number;
  period: Period;
  /** Models of the user's own that decided instead of the shipped ones (set by whoever ran it). */
  models?: OwnModelNames;
}

/** The names of a user's own policy and regime models, when they replaced the shipped ones. */
export interface OwnModelNames {
  policy?: string;
  regimes?: string;
}

export type RunIssue =
  | { code: 'unknown-asset'; strategy: string; symbol: string }
  | { code: 'no-bars'; start: string; end: string }
  | { code: 'no-price-at-start'; symbol: string; date: string }
  | { code: 'needs-solver'; strategy: string; method: string };

export interface BacktestSolvers {
  qp?: QpSolver;
  lp?: MilpSolver;
  /**
   * The learned policy's parameters, read from models/policy.onnx (and the regime model it reads
   * the stressed probability from). The engine decides bar by bar, synchronously, so backtests
   * evaluate the policy with its TypeScript reference, which the parity tests hold equal to
   * onnxruntime's output within 1e-5.
   */
  policy?: { model: LinearModel; regimes?: GaussianMixture };
}

/** Which solvers a config's strategies need (they load lazily: wasm for the LP). */
export function solversNeeded(config: Pick<BacktestConfig, 'strategies'>): {
  qp: boolean;
  lp: boolean;
  policy: boolean;
} {
  const methods = config.strategies.map((s) => s.weights?.method);
  const meanVariance = methods.some((m) => m === 'max-sharpe' || m === 'min-volatility');
  const policy = config.strategies.some(
    (s) => (typeof s.rebalance === 'object' && 'policy' in s.rebalance) || s.regime !== undefined
  );
  return { qp: meanVariance || methods.includes('minimum-variance'), lp: meanVariance, policy };
}

/** A year of daily bars; three years of anything coarser (a year of months is too few to estimate from). */
export const defaultLookback = (periodsPerYear: number) => (periodsPerYear >= 252 ? 252 : periodsPerYear * 3);

function toStrategy(
  config: StrategyConfig,
  assets: readonly string[],
  context: { solvers: BacktestSolvers; periodsPerYear: number; fallbacks: Fallback[]; costBps?: number }
): BacktestStrategy {
  const targets = new Float64Array(assets.length);
  for (const [symbol, w] of Object.entries(config.targets)) targets[assets.indexOf(symbol)] = w;
  const universe = Object.keys(config.targets).map((symbol) => assets.indexOf(symbol));
  const invested = Object.values(config.targets).reduce((a, b) => a + b, 0);
  const lookback = config.weights?.lookback ?? defaultLookback(context.periodsPerYear);
  const { solvers, periodsPerYear, fallbacks } = context;
  const method = config.weights?.method ?? 'equal';
  const weigher = (members: number[], stateful: boolean) => {
    switch (method) {
      case 'equal':
        return equalWeight(members, invested);
      case 'inverse-volatility':
        return inverseVolatility(members, lookback, invested);
      case 'minimum-variance':
        // The running covariance assumes a fixed universe; a changing selection refits from scratch.
        return stateful
          ? minimumVariance(members, lookback, solvers.qp!, invested)
          : optimizerWeights({ method: 'min-volatility', riskModel: { kind: 'sample' } }, members, lookback, {
              solvers: { qp: solvers.qp!, lp: solvers.lp! },
              invested,
              periodsPerYear,
              fallbacks
            });
      case 'hrp':
      case 'risk-parity':
      case 'max-sharpe':
      case 'min-volatility':
        return optimizerWeights(
          {
            method,
            riskModel: config.weights?.riskModel,
            expectedReturns: config.weights?.expectedReturns,
            riskFreeRate: config.weights?.riskFreeRate
          },
          members,
          lookback,
          {
            solvers: solvers.qp && solvers.lp ? { qp: solvers.qp, lp: solvers.lp } : undefined,
            invested,
            periodsPerYear,
            fallbacks
          }
        );
    }
  };
  let weigh: BacktestStrategy['weigh'];
  const select = config.select;
  const choose = select
    ? topN(momentum(select.lookback ?? defaultLookback(periodsPerYear), select.skip ?? 0), select.top)
    : undefined;
  if (choose) weigh = (history) => weigher(choose(history, universe), false)(history);
  else if (config.weights) weigh = weigher(universe, true);
  const regimes = solvers.policy?.regimes;
  if (config.regime && regimes) {
    const base = weigh ?? (() => targets);
    const factor = config.regime.stressedInvested;
    weigh = (history) => {
      const w = base(history);
      const x = marketFeatures(history);
      if (!x.every(Number.isFinite)) return w;
      const p = regimes.predict(x, 1);
      const stressed = p[2] > p[0] && p[2] > p[1];
      return stressed ? w.map((v) => v * factor) : w;
    };
  }
  const base = {
    name: config.name,
    targets,
    ...(weigh ? { weigh } : {}),
    ...(config.trade?.partial !== undefined ? { partial: config.trade.partial } : {})
  };
  const r = config.rebalance;
  if (r === 'never') return { ...base, rule: NEVER };
  if ('everyBars' in r) return { ...base, rule: everyBarsRule(r.everyBars) };
  if ('policy' in r) {
    const { model, regimes } = solvers.policy!;
    return { ...base, rule: policyRule(greedy(model), context.costBps ?? 0, liveContext(regimes)) };
  }
  if ('onSelectionChange' in r && choose) return { ...base, rule: selectionChangeRule(choose, universe) };
  if ('every' in r && r.every) return { ...base, rule: r.bands ? hybridRule(r.every, r.bands) : calendarRule(r.every) };
  const banded = r as { bands: Bands; to?: 'target' | 'edge' };
  return {
    ...base,
    rule: bandRule(banded.bands),
    ...(banded.to === 'edge' && banded.bands.absolute !== undefined
      ? { toEdge: { absolute: banded.bands.absolute } }
      : {})
  };
}

const finiteOrNull = (metrics: Record<string, number>) =>
  Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));

/** Time-weighted returns of an equity curve: each bar's flow is taken out before comparing. */
export function timeWeightedReturns(equity: ArrayLike<number>, flows?: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: equity.length - 1 }, (_, i) =>
    equity[i] > 0 ? (equity[i + 1] - (flows?.[i + 1] ?? 0)) / equity[i] - 1 : Number.NaN
  );
}

export function periodName(periodsPerYear: number): Period {
  const entry = Object.entries(ANNUALIZATION).find(([, n]) => n === periodsPerYear);
  return (entry?.[0] as Period) ?? 'daily';
}

function report(
  result: BacktestResult,
  fallbacks: Fallback[],
  period: Period,
  assets: readonly string[],
  options: { detail?: boolean; benchmark?: Float64Array }
): StrategyReport {
  const returns = timeWeightedReturns(result.equity, result.flows);
  const n = assets.length;
  return {
    name: result.name,
    metrics: finiteOrNull(
      returnMetrics(returns, { period, ...(options.benchmark ? { benchmark: options.benchmark } : {}) })
    ),
    finalValue: result.equity[result.equity.length - 1],
    equity: result.dates.map((d, i) => [d, result.equity[i]]),
    trades: result.trades,
    turnover: result.turnover,
    costs: result.costs,
    taxes: result.taxes,
    rebalances: result.rebalances,
    netFlows: result.flows.reduce((a, b) => a + b, 0),
    ...(result.depletedOn ? { depletedOn: result.depletedOn } : {}),
    fallbacks,
    ...(options.detail
      ? {
          assets: [...assets],
          weights: result.dates.map((_, t) => Array.from(result.weights.subarray(t * n, (t + 1) * n))),
          rebalanceDates: result.rebalanceBars.map((bar) => result.dates[bar]),
          returns: Array.from(returns)
        }
      : {})
  };
}

/** The planner's cost model when the config asks for more than plain bps. */
function costModelOf(costs: BacktestConfig['costs']): CostModel | undefined {
  if (!costs) return undefined;
  const { bps, perTrade, perShare, minimum, maximum, spreadBps } = costs;
  if ([perTrade, perShare, minimum, maximum, spreadBps].every((v) => v === undefined)) return undefined;
  return {
    commission: { bps, perTrade, perShare, minimum, maximum },
    defaultSpreadBps: spreadBps,
    impactCoefficient: 0
  };
}

/**
 * Runs every strategy of a config on a price table. `solvers` are needed only by strategies that
 * ask for them (`solversNeeded`); `detail` adds each bar's weights to the reports.
 */
export function runBacktestConfig(
  config: BacktestConfig,
  table: PriceTable,
  solvers: BacktestSolvers = {},
  output: { detail?: boolean } = {}
): Result<BacktestReport, RunIssue[]> {
  const issues: RunIssue[] = [];
  for (const s of config.strategies)
    for (const symbol of Object.keys(s.targets))
      if (!table.assets.includes(symbol)) issues.push({ code: 'unknown-asset', strategy: s.name, symbol });
  if (config.benchmark && !table.assets.includes(config.benchmark))
    issues.push({ code: 'unknown-asset', strategy: 'benchmark', symbol: config.benchmark });
  if (config.flows?.indexedTo && !table.assets.includes(config.flows.indexedTo))
    issues.push({ code: 'unknown-asset', strategy: 'flows.indexedTo', symbol: config.flows.indexedTo });
  for (const s of config.strategies) {
    const method = s.weights?.method;
    const meanVariance = method === 'max-sharpe' || method === 'min-volatility';
    if ((meanVariance && !(solvers.qp && solvers.lp)) || (method === 'minimum-variance' && !solvers.qp))
      issues.push({ code: 'needs-solver', strategy: s.name, method: method! });
    if (typeof s.rebalance === 'object' && 'policy' in s.rebalance && !solvers.policy)
      issues.push({ code: 'needs-solver', strategy: s.name, method: 'the learned policy' });
    if (s.regime && !solvers.policy?.regimes)
      issues.push({ code: 'needs-solver', strategy: s.name, method: 'the regime model' });
  }
  const start = table.dates.findIndex((d) => d >= (config.start ?? table.dates[0]));
  let end = table.dates.length - 1;
  while (end >= 0 && table.dates[end] > (config.end ?? table.dates[table.dates.length - 1])) end--;
  if (start < 0 || end <= start) issues.push({ code: 'no-bars', start: config.start ?? '', end: config.end ?? '' });
  if (issues.length > 0) return err(issues);
  // Assets may enter later (held as cash until their data starts), but each strategy needs
  // something to buy on the start bar, and the benchmark and an indexing series a start value.
  const priced = (symbol: string) =>
    !Number.isNaN(table.values[start * table.assets.length + table.assets.indexOf(symbol)]);
  for (const s of config.strategies) {
    const symbols = Object.keys(s.targets);
    if (!symbols.some(priced))
      issues.push({ code: 'no-price-at-start', symbol: symbols.join(', '), date: table.dates[start] });
  }
  for (const symbol of [config.benchmark, config.flows?.indexedTo])
    if (symbol && !priced(symbol)) issues.push({ code: 'no-price-at-start', symbol, date: table.dates[start] });
  if (issues.length > 0) return err(issues);
  const ppy = periodsPerYear(table.dates.slice(start, end + 1));
  const period = periodName(ppy);
  const options = {
    start,
    end,
    initialValue: config.initialValue ?? 10_000,
    bps: config.costs?.bps ?? 0,
    execution: config.execution ?? 'next-close',
    wholeShares: config.wholeShares ?? false,
    cashRate: config.cashRate ?? 0,
    barsPerYear: ppy,
    ...(costModelOf(config.costs) ? { costModel: costModelOf(config.costs) } : {}),
    ...(config.tax ? { tax: config.tax } : {}),
    ...(config.flows
      ? {
          flows: {
            ...config.flows,
            indexedTo: config.flows.indexedTo ? table.assets.indexOf(config.flows.indexedTo) : undefined
          }
        }
      : {})
  };
  const benchmarkRun = config.benchmark
    ? runBacktest(
        table,
        toStrategy({ name: config.benchmark, targets: { [config.benchmark]: 1 }, rebalance: 'never' }, table.assets, {
          solvers,
          periodsPerYear: ppy,
          fallbacks: []
        }),
        { start, end, initialValue: options.initialValue, bps: 0, execution: options.execution, barsPerYear: ppy }
      )
    : undefined;
  const benchmarkReturns = benchmarkRun ? timeWeightedReturns(benchmarkRun.equity) : undefined;
  const strategies = config.strategies.map((s) => {
    const fallbacks: Fallback[] = [];
    const result = runBacktest(
      table,
      toStrategy(s, table.assets, {
        solvers,
        periodsPerYear: ppy,
        fallbacks,
        // The policy's cost state: one-way cost in bps, commission bps plus half the spread.
        costBps: (config.costs?.bps ?? 0) + (config.costs?.spreadBps ?? 0) / 2
      }),
      options
    );
    return report(result, fallbacks, period, table.assets, { detail: output.detail, benchmark: benchmarkReturns });
  });
  const benchmark = benchmarkRun ? report(benchmarkRun, [], period, table.assets, {}) : null;
  return ok({ strategies, benchmark, periodsPerYear: ppy, period });
}
