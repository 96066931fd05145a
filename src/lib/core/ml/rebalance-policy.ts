/**
 * The learned rebalancing policy: from a state (how far the portfolio has drifted, market
 * volatility, the probability of the stressed regime, the cost level and the time since the last
 * trade) to an action — wait, trade back to the band's edge, or trade fully to the targets.
 *
 * The policy is a linear softmax over the three actions (wait's logits fixed at zero), acting
 * greedily. It is trained with the cross-entropy method: sample parameter vectors from a
 * Gaussian, run each on the same block-bootstrapped market paths through the real backtest
 * engine with the planner's cost model, keep the best, refit the Gaussian, repeat. The loss per
 * path is costs per year + TE_WEIGHT × tracking error per year to the always-on-target portfolio.
 */
import { BarHistory } from '../backtest/bar-history';
import { bootstrapPath } from '../backtest/block-bootstrap';
import { calendarRule, bandRule } from '../backtest/rebalance-rules';
import { runBacktest, type RebalanceAction, type RebalanceRule } from '../backtest/engine';
import type { CostModel } from '../costs/trade-cost';
import { mulberry32 } from '../random';
import type { PriceTable } from '../returns/return-table';
import { marketReturns } from './asset-features';
import { LinearModel } from './linear-model';
import { marketFeatures, MARKET_LOOKBACK } from './market-features';
import { GaussianMixture } from './gaussian-mixture';
import { decodeOnnx } from './onnx-model';
import { startsPeriod } from '../backtest/calendar';

export const POLICY_FEATURES = [
  { name: 'max_drift', unit: 'largest |weight − target| over the assets (weight)', scale: 0.02 },
  { name: 'total_drift', unit: '½ Σ |weight − target| (one-way turnover to the targets)', scale: 0.05 },
  { name: 'market_volatility_3m', unit: 'annualised volatility of the equal-weight market over 63 bars', scale: 0.2 },
  { name: 'stressed_probability', unit: "the regime model's probability of the stressed regime", scale: 0.5 },
  { name: 'cost_bps', unit: 'one-way cost of trading in basis points (commission bps + half the spread)', scale: 25 },
  { name: 'years_since_trade', unit: 'bars since the last rebalance / 252', scale: 0.25 }
] as const;

export const POLICY_ACTIONS: readonly RebalanceAction[] = ['wait', 'edge', 'full'];

/** How far from its target a weight may sit after an 'edge' trade (absolute weight). */
export const EDGE_BAND = 0.01;
/** The policy looks every this many bars (a weekly check). */
export const DECISION_EVERY = 5;
export const TE_WEIGHT = 0.5;

/** What the state needs beyond the portfolio: market volatility and the stressed probability at a bar. */
export interface MarketContext {
  volatility(history: BarHistory): number;
  stressed(history: BarHistory): number;
}

/**
 * Market context computed from the history itself (used in app backtests): volatility each
 * decision, the regime refreshed on the first bar of each month and carried between.
 */
export function liveContext(regimes: GaussianMixture | undefined): MarketContext {
  let stressed = 0;
  let computedAt = -1;
  return {
    volatility: (history) => marketVolatility(history),
    stressed: (history) => {
      if (!regimes) return 0;
      const now = history.now;
      if (computedAt < 0 || startsPeriod(history.date(now), history.date(now - 1), 'month')) {
        const x = marketFeatures(history);
        if (x.every(Number.isFinite)) stressed = regimes.predict(x, 1)[regimes.p.components - 1];
        computedAt = now;
      }
      return stressed;
    }
  };
}

export function marketVolatility(history: BarHistory): number {
  if (history.now < 64) return 0.2;
  const m = marketReturns(history, 63);
  const mean = m.reduce((a, b) => a + b, 0) / 63;
  return Math.sqrt((m.reduce((a, b) => a + (b - mean) ** 2, 0) / 62) * 252);
}

export function policyState(
  history: BarHistory,
  weights: Float64Array,
  targets: Float64Array,
  lastRebalance: number,
  costBps: number,
  context: MarketContext
): Float64Array {
  let max = 0;
  let total = 0;
  for (let j = 0; j < targets.length; j++) {
    const d = Math.abs(weights[j] - targets[j]);
    max = Math.max(max, d);
    total += d / 2;
  }
  return Float64Array.of(
    max,
    total,
    context.volatility(history),
    context.stressed(history),
    costBps,
    (history.now - lastRebalance) / 252
  );
}

/** The policy as a backtest rule: greedy action of `act` on the state, checked every DECISION_EVERY bars. */
export function policyRule(
  act: (state: Float64Array) => RebalanceAction,
  costBps: number,
  context: MarketContext,
  name = 'learned policy'
): RebalanceRule & { decisions: Record<RebalanceAction, number> } {
  const decisions: Record<RebalanceAction, number> = { wait: 0, edge: 0, full: 0 };
  let lastCheck = -Infinity;
  return {
    name,
    edgeBand: EDGE_BAND,
    decisions,
    shouldRebalance: () => false,
    decide(history, weights, targets, lastRebalance) {
      if (history.now - lastCheck < DECISION_EVERY) return 'wait';
      lastCheck = history.now;
      const action = act(policyState(history, weights, targets, lastRebalance, costBps, context));
      decisions[action]++;
      return action;
    }
  };
}

/** The linear policy of a parameter vector θ (2 × (features + 1): edge then full, weights then bias). */
export function policyModel(theta: ArrayLike<number>): LinearModel {
  const f = POLICY_FEATURES.length;
  const weights = new Float32Array(f * 3);
  const bias = new Float32Array(3);
  for (let a = 1; a <= 2; a++) {
    const base = (a - 1) * (f + 1);
    for (let j = 0; j < f; j++) weights[j * 3 + a] = theta[base + j];
    bias[a] = theta[base + f];
  }
  return new LinearModel({
    features: f,
    mean: new Float32Array(f),
    scale: Float32Array.from(POLICY_FEATURES, (x) => x.scale),
    heads: [{ name: 'action_probabilities', activation: 'softmax', weights, bias }]
  });
}

export function greedy(model: LinearModel): (state: Float64Array) => RebalanceAction {
  const head = model.p.heads[0];
  return (state) => {
    const s = model.scores(state, 1, head);
    let best = 0;
    for (let a = 1; a < 3; a++) if (s[a] > s[best]) best = a;
    return POLICY_ACTIONS[best];
  };
}

export interface SimulatedMarket {
  table: PriceTable;
  /** First bar the portfolio trades (after MARKET_LOOKBACK bars of warm-up history). */
  start: number;
  costBps: number;
  context: MarketContext;
}

/** Context precomputed once per path, so every candidate policy reads the same numbers cheaply. */
export function precomputedContext(table: PriceTable, start: number, regimes: GaussianMixture): MarketContext {
  const bars = table.dates.length;
  const vol = new Float64Array(bars);
  const stressed = new Float64Array(bars);
  const history = new BarHistory(table, 0);
  let current = 0;
  for (let t = start; t < bars; t++) {
    history.advance(t);
    vol[t] = marketVolatility(history);
    if (t === start || (t - start) % 21 === 0) {
      const x = marketFeatures(history);
      if (x.every(Number.isFinite)) current = regimes.predict(x, 1)[regimes.p.components - 1];
    }
    stressed[t] = current;
  }
  return { volatility: (h) => vol[h.now], stressed: (h) => stressed[h.now] };
}

export const COST_LEVELS = [2, 10, 25, 50];

export function costModelFor(costBps: number): CostModel {
  return { commission: { bps: costBps / 2 }, defaultSpreadBps: costBps, impactCoefficient: 0 };
}

/** `count` bootstrapped markets from bars [from, to] of `table`, each with its cost level. */
export function simulatedMarkets(
  table: PriceTable,
  from: number,
  to: number,
  count: number,
  bars: number,
  regimes: GaussianMixture,
  random: () => number
): SimulatedMarket[] {
  return Array.from({ length: count }, () => {
    const path = bootstrapPath(table, from, to, 21, random);
    // Keep a warm-up history plus the simulated span.
    const length = Math.min(path.dates.length, MARKET_LOOKBACK + bars);
    const n = table.assets.length;
    const cut = { assets: path.assets, dates: path.dates.slice(0, length), values: path.values.slice(0, length * n) };
    const costBps = COST_LEVELS[Math.floor(random() * COST_LEVELS.length)];
    return { table: cut, start: MARKET_LOOKBACK, costBps, context: precomputedContext(cut, MARKET_LOOKBACK, regimes) };
  });
}

export interface PolicyOutcome {
  annualReturn: number;
  trackingError: number;
  costPerYear: number;
  rebalancesPerYear: number;
  loss: number;
}

/** One policy (a rule) on one market: return, tracking error to the on-target portfolio, costs. */
export function runPolicy(market: SimulatedMarket, targets: Float64Array, rule: RebalanceRule): PolicyOutcome {
  const { table, start } = market;
  const end = table.dates.length - 1;
  const result = runBacktest(
    table,
    { name: rule.name, targets, rule },
    { start, end, initialValue: 1e6, bps: 0, execution: 'next-close', costModel: costModelFor(market.costBps) }
  );
  const n = table.assets.length;
  const years = (end - start) / 252;
  let sumDiff = 0;
  let sumSq = 0;
  for (let t = start + 1; t <= end; t++) {
    let target = 0;
    for (let j = 0; j < n; j++) target += targets[j] * (table.values[t * n + j] / table.values[(t - 1) * n + j] - 1);
    const actual = result.equity[t - start] / result.equity[t - start - 1] - 1;
    const d = actual - target;
    sumDiff += d;
    sumSq += d * d;
  }
  const bars = end - start;
  const trackingError = Math.sqrt(Math.max(0, (sumSq - (sumDiff * sumDiff) / bars) / (bars - 1)) * 252);
  const costPerYear = result.costs / 1e6 / years;
  return {
    annualReturn: (result.equity[bars] / result.equity[0]) ** (1 / years) - 1,
    trackingError,
    costPerYear,
    rebalancesPerYear: result.rebalances / years,
    loss: costPerYear + TE_WEIGHT * trackingError
  };
}

export interface CemOptions {
  iterations: number;
  population: number;
  elite: number;
  pathsPerIteration: number;
  bars: number;
  seed: number;
}

/** Cross-entropy method over θ; returns the final mean θ and the loss history (mean elite loss per iteration). */
export function trainPolicy(
  table: PriceTable,
  from: number,
  to: number,
  targets: Float64Array,
  regimes: GaussianMixture,
  options: CemOptions
): { theta: Float64Array; history: number[] } {
  const random = mulberry32(options.seed);
  const gaussian = () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const dims = 2 * (POLICY_FEATURES.length + 1);
  const mean = new Float64Array(dims);
  const sd = new Float64Array(dims).fill(2);
  const history: number[] = [];
  for (let it = 0; it < options.iterations; it++) {
    const markets = simulatedMarkets(table, from, to, options.pathsPerIteration, options.bars, regimes, random);
    const candidates = Array.from({ length: options.population }, (_, c) =>
      c === 0 ? Float64Array.from(mean) : mean.map((m, d) => m + sd[d] * gaussian())
    );
    const scored = candidates.map((theta) => {
      const act = greedy(policyModel(theta));
      const loss =
        markets.reduce((sum, m) => sum + runPolicy(m, targets, policyRule(act, m.costBps, m.context)).loss, 0) /
        markets.length;
      return { theta, loss };
    });
    scored.sort((a, b) => a.loss - b.loss);
    const elite = scored.slice(0, options.elite);
    history.push(elite.reduce((s, e) => s + e.loss, 0) / elite.length);
    for (let d = 0; d < dims; d++) {
      const m = elite.reduce((s, e) => s + e.theta[d], 0) / elite.length;
      const v = elite.reduce((s, e) => s + (e.theta[d] - m) ** 2, 0) / elite.length;
      mean[d] = m;
      // A little extra noise keeps the search from collapsing early (standard CEM practice).
      sd[d] = Math.sqrt(v) + 0.2 * 0.9 ** it;
    }
  }
  return { theta: mean, history };
}

/** The baselines the card compares against: monthly and quarterly calendars, 2% bands to target. */
export function baselineRules(): RebalanceRule[] {
  return [calendarRule('month'), calendarRule('quarter'), { ...bandRule({ absolute: 0.02 }), name: 'bands ±2%' }];
}

/**
 * The policy (and the regime model its state reads) from ONNX bytes, for backtests. Only a
 * linear policy graph can run there (the engine decides synchronously); anything else gets an
 * error that says so.
 */
export function policyFromOnnx(
  policy: Uint8Array,
  regimes?: Uint8Array
): { model: LinearModel; regimes?: GaussianMixture } {
  let model: LinearModel;
  try {
    model = LinearModel.fromOnnx(decodeOnnx(policy), [{ name: 'action_probabilities', activation: 'softmax' }]);
  } catch (error) {
    throw new Error(
      `Backtests run a linear policy graph like models/policy.onnx; this file is not one (${(error as Error).message})`,
      { cause: error }
    );
  }
  return { model, ...(regimes ? { regimes: GaussianMixture.fromOnnx(decodeOnnx(regimes)) } : {}) };
}
