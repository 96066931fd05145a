/**
 * The planner's documented objective and constraints, evaluated directly for given whole-lot
 * trades. Every figure a plan reports comes from here, and the optimality test compares the
 * MILP's plan with a brute-force search over this same function.
 *
 *   J = Σ_lines w·|T − v| + |T_cash − cash| + λ·costs + μ·taxes + ν·trades + ε·traded + ρ·location
 *
 * - v is a drift line's value after the plan (a symbol with its harvest substitutes), T its
 *   target weight × V, V the household's value before the plan (contribution included); in
 *   band-edge mode the line's term is its distance outside the band and cash has none;
 * - costs: commission (fixed, per share, bps; held between minimum and maximum), half the
 *   spread, and square-root market impact interpolated at IMPACT_SEGMENTS points between zero
 *   and the largest trade the slot allows (never below the curve); costs are paid from cash;
 * - taxes: Σ over the lots a sale draws on, in lot-method order, of rate(term) × gain; a loss
 *   counts as negative tax (it offsets gains elsewhere) unless a wash sale disallows it;
 * - trades: how many (account, symbol, side) trades the plan makes; traded: Σ|value|;
 * - location: Σ value × mismatch of asset class and account type, when asset location is on.
 */
import { checkRules, type ComplianceState, type Violation } from '../compliance/rules';
import { commission } from '../costs/trade-cost';
import { locationPenalty, type ModelLot, type PlannerModel, type Slot } from './planner-model';

export const IMPACT_SEGMENTS = 16;

/** Whole lots bought and sold per slot (same order as `model.slots`). */
export interface SlotTrades {
  buy: number[];
  sell: number[];
}

export interface LotDraw {
  lotId: string;
  acquired: string | null;
  term: 'short' | 'long';
  quantity: number;
  gain: number;
  tax: number;
  washDisallowed: boolean;
}

export interface CostParts {
  commission: number;
  spread: number;
  impact: number;
  total: number;
}

export interface EvaluatedTrade {
  slot: number;
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
  quantity: number;
  price: number;
  value: number;
  cost: CostParts;
  lots: LotDraw[];
  realizedGain: number;
  tax: number;
}

export type PlanProblem =
  | { code: 'not-allowed'; account: string; symbol: string; side: 'buy' | 'sell' }
  | { code: 'cash-below-zero'; account: string; cash: number }
  | { code: 'cash-below-minimum'; cash: number; minimum: number }
  | {
      code: 'trade-below-minimum';
      account: string;
      symbol: string;
      side: 'buy' | 'sell';
      value: number;
      minimum: number;
    }
  | { code: 'too-many-trades'; count: number; limit: number }
  | { code: 'wash-sale'; account: string; symbol: string; lotId: string }
  | { code: 'rule'; violation: Violation };

export interface ObjectiveParts {
  total: number;
  drift: number;
  cost: number;
  tax: number;
  trades: number;
  traded: number;
  location: number;
}

export interface Evaluation {
  trades: EvaluatedTrade[];
  /** Per account, in `model.accounts` order. */
  cashAfter: number[];
  /** Per symbol, in `model.symbols` order. */
  quantityAfter: number[];
  valueAfter: number[];
  /** Household value after costs. */
  totalAfter: number;
  objective: ObjectiveParts;
  problems: PlanProblem[];
}

/** The square-root impact of `shares`, interpolated between IMPACT_SEGMENTS + 1 points on [0, cap]. */
export function interpolatedImpact(model: PlannerModel, slot: Slot, shares: number, cap: number): number {
  const s = model.symbols[slot.symbolIndex];
  if (!s.averageDailyVolume || !s.dailyVolatility || model.impactCoefficient === 0 || shares <= 0 || cap <= 0) return 0;
  const exact = (x: number) =>
    (model.impactCoefficient * s.dailyVolatility! * s.price * x * Math.sqrt(x)) / Math.sqrt(s.averageDailyVolume!);
  const step = cap / IMPACT_SEGMENTS;
  const k = Math.min(IMPACT_SEGMENTS - 1, Math.floor(shares / step));
  const x0 = k * step;
  return exact(x0) + ((exact(x0 + step) - exact(x0)) / step) * (shares - x0);
}

/** Cost of trading `lots` whole lots in a slot, as the objective counts it. */
export function slotTradeCost(model: PlannerModel, slot: Slot, side: 'buy' | 'sell', lots: number): CostParts {
  if (lots === 0) return { commission: 0, spread: 0, impact: 0, total: 0 };
  const s = model.symbols[slot.symbolIndex];
  const shares = lots * s.lotSize;
  const value = shares * s.price;
  const fee = commission(model.commission, shares, value);
  const spread = ((s.spreadBps / 2) * value) / 1e4;
  const cap = (side === 'buy' ? slot.maxBuyLots : slot.maxSellLots) * s.lotSize;
  const impact = interpolatedImpact(model, slot, shares, cap);
  return { commission: fee, spread, impact, total: fee + spread + impact };
}

/** The lots a sale of `shares` draws on, in lot-method order. */
export function drawLots(lots: ModelLot[], shares: number): LotDraw[] {
  const draws: LotDraw[] = [];
  let remaining = shares;
  for (const lot of lots) {
    if (remaining <= 1e-9) break;
    const part = Math.min(lot.quantity, remaining);
    draws.push({
      lotId: lot.id,
      acquired: lot.acquired,
      term: lot.term,
      quantity: part,
      gain: lot.gainPerShare * part,
      tax: lot.taxPerShare * part,
      washDisallowed: lot.washDisallowed
    });
    remaining -= part;
  }
  return draws;
}

export function evaluatePlan(model: PlannerModel, trades: SlotTrades): Evaluation {
  const { symbols, slots, weights } = model;
  const V = model.totalValue;
  const problems: PlanProblem[] = [];
  const cashAfter = [...model.cash];
  const quantityAfter = symbols.map(() => 0);
  const evaluated: EvaluatedTrade[] = [];
  let costTotal = 0;
  let taxTotal = 0;
  let traded = 0;
  let location = 0;
  const boughtGroups = new Set<number>();
  slots.forEach((slot, k) => {
    if (trades.buy[k] > 0) boughtGroups.add(symbols[slot.symbolIndex].washGroup);
  });

  slots.forEach((slot, k) => {
    const s = symbols[slot.symbolIndex];
    const accountIndex = model.accounts.indexOf(slot.account);
    let quantity = slot.held;
    for (const side of ['buy', 'sell'] as const) {
      const lots = side === 'buy' ? trades.buy[k] : trades.sell[k];
      const limit = side === 'buy' ? slot.maxBuyLots : slot.maxSellLots;
      if (lots > limit || (side === 'sell' && lots < slot.minSellLots) || lots < 0)
        problems.push({ code: 'not-allowed', account: slot.account.id, symbol: slot.symbol, side });
      if (lots <= 0) continue;
      const shares = lots * s.lotSize;
      const value = shares * s.price;
      const cost = slotTradeCost(model, slot, side, lots);
      const draws = side === 'sell' ? drawLots(slot.lots, shares) : [];
      const tax = draws.reduce((sum, d) => sum + d.tax, 0);
      for (const d of draws)
        if (boughtGroups.has(s.washGroup) && slot.lots.find((l) => l.id === d.lotId)?.washGuarded)
          problems.push({ code: 'wash-sale', account: slot.account.id, symbol: slot.symbol, lotId: d.lotId });
      if (value < model.minTradeValue - 1e-9)
        problems.push({
          code: 'trade-below-minimum',
          account: slot.account.id,
          symbol: slot.symbol,
          side,
          value,
          minimum: model.minTradeValue
        });
      quantity += side === 'buy' ? shares : -shares;
      cashAfter[accountIndex] += (side === 'buy' ? -value : value) - cost.total;
      costTotal += cost.total;
      taxTotal += tax;
      traded += value;
      evaluated.push({
        slot: k,
        account: slot.account.id,
        symbol: slot.symbol,
        side,
        quantity: shares,
        price: s.price,
        value,
        cost,
        lots: draws,
        realizedGain: draws.reduce((sum, d) => sum + d.gain, 0),
        tax
      });
    }
    quantityAfter[slot.symbolIndex] += quantity;
    location += locationPenalty(s.assetClass, slot.account.type) * quantity * s.price;
  });

  const valueAfter = symbols.map((s, i) => quantityAfter[i] * s.price);
  const cashTotal = cashAfter.reduce((a, b) => a + b, 0);
  const totalAfter = valueAfter.reduce((a, b) => a + b, 0) + cashTotal;

  let drift = 0;
  for (const line of model.lines) {
    const v = line.symbols.reduce((sum, i) => sum + valueAfter[i], 0);
    drift +=
      line.driftWeight *
      (model.mode === 'target' ? Math.abs(line.target * V - v) : Math.max(0, line.lower * V - v, v - line.upper * V));
  }
  if (model.mode === 'target') drift += Math.abs(model.cashTarget * V - cashTotal);

  cashAfter.forEach((cash, a) => {
    if (cash < -1e-9 * Math.max(1, V)) problems.push({ code: 'cash-below-zero', account: model.accounts[a].id, cash });
  });
  if (cashTotal < model.minCash - 1e-9 * Math.max(1, V))
    problems.push({ code: 'cash-below-minimum', cash: cashTotal, minimum: model.minCash });
  if (model.maxTrades !== null && evaluated.length > model.maxTrades)
    problems.push({ code: 'too-many-trades', count: evaluated.length, limit: model.maxTrades });
  for (const violation of checkRules(model.rules, complianceState(model, quantityAfter, cashTotal, evaluated)))
    if (!excusedViolation(model, violation, quantityAfter)) problems.push({ code: 'rule', violation });

  const tradePenalty = weights.tradePenalty * evaluated.length;
  const total =
    drift +
    weights.lambda * costTotal +
    weights.mu * taxTotal +
    tradePenalty +
    weights.epsilon * traded +
    weights.locationWeight * location;
  return {
    trades: evaluated,
    cashAfter,
    quantityAfter,
    valueAfter,
    totalAfter,
    objective: { total, drift, cost: costTotal, tax: taxTotal, trades: evaluated.length, traded, location },
    problems
  };
}

/** The household as compliance rules see it, after the given trades (none: as it is). */
export function complianceState(
  model: PlannerModel,
  quantities: number[],
  cash: number,
  trades: Pick<EvaluatedTrade, 'symbol' | 'side' | 'quantity' | 'value'>[]
): ComplianceState {
  return {
    positions: model.symbols.map((s, i) => ({
      symbol: s.symbol,
      quantity: quantities[i],
      value: quantities[i] * s.price,
      attributes: s.attributes,
      averageDailyVolume: s.averageDailyVolume
    })),
    cash,
    trades: trades.map((t) => ({
      symbol: t.symbol,
      shares: t.side === 'buy' ? t.quantity : -t.quantity,
      value: t.side === 'buy' ? t.value : -t.value
    }))
  };
}

/**
 * An excluded holding whose last fraction of a lot cannot be sold in whole lots is as sold as
 * the plan can make it: flagged to the user, but not a reason to call the plan infeasible.
 */
function excusedViolation(model: PlannerModel, violation: Violation, quantities: number[]): boolean {
  if (violation.rule.kind !== 'excluded') return false;
  const i = model.symbols.findIndex((s) => s.symbol === violation.subject);
  return i >= 0 && quantities[i] < model.symbols[i].lotSize - 1e-9;
}
