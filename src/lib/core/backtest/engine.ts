/**
 * The backtest engine: a portfolio of target weights run over daily bars of total-return
 * prices. At each bar a strategy decides (seeing only bars up to now, through BarHistory)
 * whether to rebalance; trades execute at that bar's close ("same-close") or the next bar's
 * ("next-close", the default), at the targets computed when the trade executes.
 *
 * Conventions (docs/backtest.md): the initial allocation is bought at the start bar's close
 * without costs; later trades pay `bps` of traded value; the cost of a rebalance is paid out of
 * the portfolio, so after it every holding is exactly its target weight of the value net of
 * cost (c solves c = bps·Σ|w_i·(V − c) − h_i| / 10⁴, iterated to machine precision); cash keeps
 * 1 − Σ targets and earns `cashRate` per year (compounded per bar, 252 bars a year); a missing
 * price carries the last one forward. Fractional shares unless `wholeShares`.
 */
import { BarHistory } from './bar-history';
import type { PriceTable } from '../returns/return-table';

export type Execution = 'next-close' | 'same-close';

/** When to rebalance: a decision made at the close of bar `now`. */
export interface RebalanceRule {
  readonly name: string;
  shouldRebalance(history: BarHistory, weights: Float64Array, targets: Float64Array, lastRebalance: number): boolean;
}

export interface BacktestStrategy {
  name: string;
  /** Target weight per asset of the price table (cash = 1 − Σ); the starting ones when `weigh` is set. */
  targets: Float64Array;
  /**
   * Walk-forward weights: called when a rebalance is decided, with the history as of that bar
   * (it cannot see later bars); its answer becomes the targets the trade goes to.
   */
  weigh?: (history: BarHistory) => Float64Array;
  rule: RebalanceRule;
  /** Trade back to the band's edge instead of the target (bands only). */
  toEdge?: { absolute: number };
}

export interface BacktestOptions {
  start: number;
  end: number;
  initialValue: number;
  bps: number;
  execution: Execution;
  wholeShares?: boolean;
  cashRate?: number;
}

export interface BacktestResult {
  name: string;
  /** Portfolio value at each bar's close from start to end. */
  equity: Float64Array;
  dates: string[];
  trades: number;
  rebalances: number;
  /** Σ over rebalances of one-way traded value / value. */
  turnover: number;
  costs: number;
  /** Weights after each bar's close (bars × assets, row-major). */
  weights: Float64Array;
}

/** Prices with gaps carried forward from the last known close. */
function carryForward(table: PriceTable): PriceTable {
  const n = table.assets.length;
  const values = Float64Array.from(table.values);
  for (let t = 1; t < table.dates.length; t++)
    for (let j = 0; j < n; j++) if (Number.isNaN(values[t * n + j])) values[t * n + j] = values[(t - 1) * n + j];
  return { ...table, values };
}

/** The bps cost of moving holdings `h` (money) to weights `w` of the value net of cost. */
export function rebalanceCost(value: number, holdings: Float64Array, w: Float64Array, bps: number): number {
  let cost = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let traded = 0;
    for (let j = 0; j < w.length; j++) traded += Math.abs(w[j] * (value - cost) - holdings[j]);
    const next = (bps * traded) / 1e4;
    if (Math.abs(next - cost) <= 1e-15 * Math.max(1, value)) return next;
    cost = next;
  }
  return cost;
}

export function runBacktest(table: PriceTable, strategy: BacktestStrategy, options: BacktestOptions): BacktestResult {
  const prices = carryForward(table);
  const n = prices.assets.length;
  const { start, end } = options;
  const bars = end - start + 1;
  const price = (t: number, j: number) => prices.values[t * n + j];
  const history = new BarHistory(prices, start);
  const cashPerBar = (1 + (options.cashRate ?? 0)) ** (1 / 252) - 1;
  const shares = new Float64Array(n);
  const equity = new Float64Array(bars);
  const weightsOut = new Float64Array(bars * n);
  let cash = options.initialValue;
  let trades = 0;
  let rebalances = 0;
  let turnover = 0;
  let costs = 0;
  let lastRebalance = start;
  let pending = false;
  let targets = strategy.targets;

  // An asset not held contributes nothing, even before its data starts (NaN price).
  const held = (t: number, j: number) => (shares[j] === 0 ? 0 : shares[j] * price(t, j));
  const valueAt = (t: number) => {
    let v = cash;
    for (let j = 0; j < n; j++) v += held(t, j);
    return v;
  };
  const targetWeights = (t: number): Float64Array => {
    if (!strategy.toEdge) return targets;
    // To the band's edge: each weight outside its band moves to the nearest edge; what that frees
    // or needs is shared by the holdings inside their bands in proportion to their weights, so
    // the cash weight does not move.
    const value = valueAt(t);
    const band = strategy.toEdge.absolute;
    const current = targets.map((_, j) => held(t, j) / value);
    const clamped = targets.map((target, j) => Math.min(Math.max(current[j], target - band), target + band));
    const inside = Array.from(current, (w, j) => w === clamped[j]);
    const freed = current.reduce((sum, w, j) => sum + w - clamped[j], 0);
    const insideTotal = current.reduce((sum, w, j) => sum + (inside[j] ? w : 0), 0);
    return clamped.map((w, j) => (inside[j] && insideTotal > 0 ? w + (freed * current[j]) / insideTotal : w));
  };
  const trade = (t: number, w: Float64Array, free: boolean) => {
    const value = valueAt(t);
    const holdings = Float64Array.from({ length: n }, (_, j) => held(t, j));
    const cost = free ? 0 : rebalanceCost(value, holdings, w, options.bps);
    const net = value - cost;
    let traded = 0;
    for (let j = 0; j < n; j++) {
      if (w[j] === 0 && shares[j] === 0) continue;
      let target = (w[j] * net) / price(t, j);
      if (options.wholeShares) target = Math.floor(target + 1e-9);
      const change = target - shares[j];
      if (change !== 0) {
        trades++;
        traded += Math.abs(change) * price(t, j);
      }
      cash -= change * price(t, j);
      shares[j] = target;
    }
    // Whole shares: the cost is charged on what was actually traded.
    const charged = free ? 0 : options.wholeShares ? (options.bps * traded) / 1e4 : cost;
    cash -= charged;
    costs += charged;
    if (!free) {
      rebalances++;
      turnover += traded / 2 / value;
    }
  };

  trade(start, strategy.targets, true);
  for (let t = start; t <= end; t++) {
    if (t > start) {
      cash *= 1 + cashPerBar;
      history.advance(t);
      if (pending) {
        trade(t, targetWeights(t), false);
        lastRebalance = t;
        pending = false;
      }
    }
    const value = valueAt(t);
    const weights = Float64Array.from({ length: n }, (_, j) => held(t, j) / value);
    if (t > start && t < end + (options.execution === 'same-close' ? 1 : 0)) {
      if (strategy.rule.shouldRebalance(history, weights, targets, lastRebalance)) {
        // Weights are decided now, from what is known now, even when the trade is tomorrow.
        if (strategy.weigh) targets = strategy.weigh(history);
        if (options.execution === 'same-close') {
          trade(t, targetWeights(t), false);
          lastRebalance = t;
        } else pending = true;
      }
    }
    const after = valueAt(t);
    equity[t - start] = after;
    for (let j = 0; j < n; j++) weightsOut[(t - start) * n + j] = held(t, j) / after;
  }
  return {
    name: strategy.name,
    equity,
    dates: prices.dates.slice(start, end + 1),
    trades,
    rebalances,
    turnover,
    costs,
    weights: weightsOut
  };
}
