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
 * price carries the last one forward, and an asset whose data has not started yet is held as
 * cash until a rebalance after its first price buys it. Fractional shares unless `wholeShares`.
 */
import { BarHistory } from './bar-history';
import type { PriceTable } from '../returns/return-table';
import { startsPeriod, type CalendarPeriod } from './calendar';
import { cashFlowTrades } from '../policies/cash-flow';
import { estimateTax, selectLots, type LotMethod, type TaxLot } from '../tax/lot-selection';
import { tradeCost, type CostModel } from '../costs/trade-cost';

export type Execution = 'next-close' | 'same-close';

/** What a rule may decide at a bar: hold, trade back to the band's edge, or trade to the targets. */
export type RebalanceAction = 'wait' | 'edge' | 'full';

/** When to rebalance: a decision made at the close of bar `now`. */
export interface RebalanceRule {
  readonly name: string;
  shouldRebalance(history: BarHistory, weights: Float64Array, targets: Float64Array, lastRebalance: number): boolean;
  /**
   * Rules that choose how far to trade (the learned policy) answer here instead; 'edge' trades
   * each weight outside ±`edgeBand` of its target back to the band's edge.
   */
  decide?(history: BarHistory, weights: Float64Array, targets: Float64Array, lastRebalance: number): RebalanceAction;
  readonly edgeBand?: number;
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
  /** Trade only this fraction of the way from the current weights to the targets (0 < f ≤ 1). */
  partial?: number;
}

export interface BacktestOptions {
  start: number;
  end: number;
  initialValue: number;
  bps: number;
  execution: Execution;
  wholeShares?: boolean;
  cashRate?: number;
  /** Bars per year, for the cash rate (252 for daily bars). */
  barsPerYear?: number;
  /** Contributions (> 0) and withdrawals (< 0) on a schedule, traded cash-flow-first. */
  flows?: CashFlowSchedule;
  /** Capital-gains tax on sales, with the planner's lot selection and tax estimate. */
  tax?: BacktestTax;
  /**
   * The planner's cost model (commission per trade, per share and in bps with a minimum and
   * maximum; half the spread) instead of plain `bps`: each asset's trade is priced by
   * `tradeCost`, and the costs are paid from cash after trading to the targets.
   */
  costModel?: CostModel;
}

/**
 * A flow on the first bar of each calendar period after the start: `amount` (money, indexed to
 * an indicator column's growth since the start when `indexedTo` is set, e.g. CPI) plus
 * `percent` of the portfolio's value before the flow. Negative amounts and percents withdraw.
 */
export interface CashFlowSchedule {
  every: CalendarPeriod;
  amount?: number;
  percent?: number;
  /** Column of the price table holding the indicator series. */
  indexedTo?: number;
}

/**
 * Sales realise gains lot by lot (`selectLots`, the planner's lot code); each trade's tax is
 * `estimateTax` of its sales, netting short- and long-term gains and losses within the trade.
 * The tax is paid from cash; if cash runs short, holdings are trimmed pro rata to pay it (that
 * trim is not taxed again — a second-order effect the docs state).
 */
export interface BacktestTax {
  shortTerm: number;
  longTerm: number;
  method?: LotMethod;
  longTermDays?: number;
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
  taxes: number;
  /** Where a rebalance traded, as indexes into `dates` / `equity` (0 = the start bar). */
  rebalanceBars: number[];
  /** The money that came in (> 0) or went out (< 0) at each bar's close. */
  flows: Float64Array;
  /** The bar a withdrawal could not be paid in full: the portfolio ran out. */
  depletedOn?: string;
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
  const cashPerBar = (1 + (options.cashRate ?? 0)) ** (1 / (options.barsPerYear ?? 252)) - 1;
  const shares = new Float64Array(n);
  const equity = new Float64Array(bars);
  const weightsOut = new Float64Array(bars * n);
  const flowsOut = new Float64Array(bars);
  const lots: TaxLot[][] = Array.from({ length: n }, () => []);
  const tax = options.tax;
  let cash = options.initialValue;
  let trades = 0;
  let rebalances = 0;
  let turnover = 0;
  let costs = 0;
  let taxes = 0;
  let lotCount = 0;
  const rebalanceBars: number[] = [];
  let depletedOn: string | undefined;
  let lastRebalance = start;
  let pending = false;
  let pendingBand: number | undefined;
  let targets = strategy.targets;

  // An asset not held contributes nothing, even before its data starts (NaN price).
  const held = (t: number, j: number) => (shares[j] === 0 ? 0 : shares[j] * price(t, j));
  const valueAt = (t: number) => {
    let v = cash;
    for (let j = 0; j < n; j++) v += held(t, j);
    return v;
  };
  const targetWeights = (t: number, edgeBand = strategy.toEdge?.absolute): Float64Array => {
    if (strategy.partial !== undefined && strategy.partial < 1) {
      const value = valueAt(t);
      const f = strategy.partial;
      return targets.map((target, j) => held(t, j) / value + f * (target - held(t, j) / value));
    }
    if (edgeBand === undefined) return targets;
    // To the band's edge: each weight outside its band moves to the nearest edge; what that frees
    // or needs is shared by the holdings inside their bands in proportion to their weights, so
    // the cash weight does not move.
    const value = valueAt(t);
    const band = edgeBand;
    const current = targets.map((_, j) => held(t, j) / value);
    const clamped = targets.map((target, j) => Math.min(Math.max(current[j], target - band), target + band));
    const inside = Array.from(current, (w, j) => w === clamped[j]);
    const freed = current.reduce((sum, w, j) => sum + w - clamped[j], 0);
    const insideTotal = current.reduce((sum, w, j) => sum + (inside[j] ? w : 0), 0);
    return clamped.map((w, j) => (inside[j] && insideTotal > 0 ? w + (freed * current[j]) / insideTotal : w));
  };

  /** Moves asset j to `target` shares at bar t's close; returns the money traded. */
  const move = (t: number, j: number, target: number, sales: { short: number; long: number }) => {
    const change = target - shares[j];
    if (change === 0) return 0;
    trades++;
    const p = price(t, j);
    if (tax) {
      const date = prices.dates[t];
      if (change > 0) lots[j].push({ id: `${lotCount++}`, quantity: change, costBasis: change * p, acquired: date });
      else {
        const sold = selectLots(lots[j], -change, p, date, tax.method ?? 'fifo', { longTermDays: tax.longTermDays });
        if (sold.ok) {
          sales.short += sold.value.shortTermGain;
          sales.long += sold.value.longTermGain;
          for (const sale of sold.value.sales) {
            const lot = lots[j].find((l) => l.id === sale.lotId)!;
            lot.costBasis -= sale.cost;
            lot.quantity -= sale.quantity;
          }
          lots[j] = lots[j].filter((l) => l.quantity > 1e-12);
        }
      }
    }
    cash -= change * p;
    shares[j] = target;
    return Math.abs(change) * p;
  };
  /** The tax on a trade's net gains, paid from cash, trimming holdings pro rata if cash is short. */
  const payTax = (t: number, sales: { short: number; long: number }) => {
    if (!tax) return;
    const due = estimateTax(
      { sales: [], shortTermGain: sales.short, longTermGain: sales.long },
      { shortTerm: tax.shortTerm, longTerm: tax.longTerm }
    );
    if (due <= 0) return;
    cash -= due;
    taxes += due;
    if (cash < 0) {
      const invested = valueAt(t) - cash;
      const keep = invested > 0 ? Math.max(0, (invested + cash) / invested) : 0;
      for (let j = 0; j < n; j++) {
        if (shares[j] === 0) continue;
        cash += shares[j] * (1 - keep) * price(t, j);
        shares[j] *= keep;
      }
    }
  };
  /** What the planner's cost model charges for moving asset j by `change` shares at bar t. */
  const modelCost = (t: number, j: number, change: number) =>
    options.costModel && change !== 0 ? tradeCost(options.costModel, change, price(t, j)).total : 0;
  const trade = (t: number, wanted: Float64Array, free: boolean) => {
    // An asset enters when its data starts: until then its weight stays in cash.
    const w = wanted.map((x, j) => (Number.isFinite(price(t, j)) ? x : 0));
    const value = valueAt(t);
    const holdings = Float64Array.from({ length: n }, (_, j) => held(t, j));
    const model = options.costModel;
    const cost = free || model ? 0 : rebalanceCost(value, holdings, w, options.bps);
    const net = value - cost;
    const sales = { short: 0, long: 0 };
    let traded = 0;
    let charged = 0;
    for (let j = 0; j < n; j++) {
      if (w[j] === 0 && shares[j] === 0) continue;
      let target = (w[j] * net) / price(t, j);
      if (options.wholeShares) target = Math.floor(target + 1e-9);
      if (!free) charged += modelCost(t, j, target - shares[j]);
      traded += move(t, j, target, sales);
    }
    // Whole shares: the cost is charged on what was actually traded.
    if (!model) charged = free ? 0 : options.wholeShares ? (options.bps * traded) / 1e4 : cost;
    cash -= charged;
    costs += charged;
    if (!free) {
      rebalances++;
      rebalanceBars.push(t - start);
      turnover += traded / 2 / value;
      payTax(t, sales);
    }
  };
  /** A scheduled flow, traded cash-flow-first towards the targets (cash is a line too). */
  const flow = (t: number) => {
    const schedule = options.flows!;
    const value = valueAt(t);
    const index =
      schedule.indexedTo === undefined ? 1 : price(t, schedule.indexedTo) / price(start, schedule.indexedTo);
    let amount = (schedule.amount ?? 0) * index + (schedule.percent ?? 0) * value;
    if (!Number.isFinite(amount) || amount === 0 || value <= 0) return;
    if (amount < 0 && -amount >= value) {
      // The portfolio cannot pay: it is sold out and ends at zero.
      amount = -value;
      depletedOn ??= prices.dates[t];
    }
    const invested = targets.reduce((a, b) => a + b, 0);
    const lines = [
      ...Array.from({ length: n }, (_, j) => ({ name: prices.assets[j], value: held(t, j), target: targets[j] })),
      { name: 'cash', value: cash, target: Math.max(0, 1 - invested) }
    ];
    const money = cashFlowTrades(lines, amount) ?? lines.map((l) => -l.value);
    cash += amount;
    flowsOut[t - start] += amount;
    const sales = { short: 0, long: 0 };
    let traded = 0;
    let modelled = 0;
    for (let j = 0; j < n; j++) {
      if (money[j] === 0) continue;
      let target = shares[j] + money[j] / price(t, j);
      if (options.wholeShares) target = Math.floor(target + 1e-9);
      target = Math.max(0, target);
      modelled += modelCost(t, j, target - shares[j]);
      traded += move(t, j, target, sales);
    }
    const charged = options.costModel ? modelled : (options.bps * traded) / 1e4;
    cash -= charged;
    costs += charged;
    payTax(t, sales);
    if (depletedOn) {
      shares.fill(0);
      cash = 0;
    }
  };

  trade(start, strategy.targets, true);
  for (let t = start; t <= end; t++) {
    if (t > start && !depletedOn) {
      cash *= 1 + cashPerBar;
      history.advance(t);
      if (pending) {
        trade(t, targetWeights(t, pendingBand), false);
        lastRebalance = t;
        pending = false;
      }
      if (options.flows && startsPeriod(prices.dates[t], prices.dates[t - 1], options.flows.every)) flow(t);
    }
    const value = valueAt(t);
    const weights = Float64Array.from({ length: n }, (_, j) => (value > 0 ? held(t, j) / value : 0));
    if (!depletedOn && t > start && t < end + (options.execution === 'same-close' ? 1 : 0)) {
      const rule = strategy.rule;
      const action = rule.decide
        ? rule.decide(history, weights, targets, lastRebalance)
        : rule.shouldRebalance(history, weights, targets, lastRebalance)
          ? 'full'
          : 'wait';
      if (action !== 'wait') {
        // Weights are decided now, from what is known now, even when the trade is tomorrow.
        if (strategy.weigh) targets = strategy.weigh(history);
        pendingBand = action === 'edge' ? (rule.edgeBand ?? strategy.toEdge?.absolute) : strategy.toEdge?.absolute;
        if (options.execution === 'same-close') {
          trade(t, targetWeights(t, pendingBand), false);
          lastRebalance = t;
        } else pending = true;
      }
    }
    const after = valueAt(t);
    equity[t - start] = after;
    for (let j = 0; j < n; j++) weightsOut[(t - start) * n + j] = after > 0 ? held(t, j) / after : 0;
  }
  return {
    name: strategy.name,
    equity,
    dates: prices.dates.slice(start, end + 1),
    trades,
    rebalances,
    turnover,
    costs,
    weights: weightsOut,
    taxes,
    rebalanceBars,
    flows: flowsOut,
    ...(depletedOn ? { depletedOn } : {})
  };
}
