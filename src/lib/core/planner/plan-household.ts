/**
 * The rebalancing planner end to end: decide whether the policy trades now, solve the MILP,
 * evaluate the rounded solution with the documented objective, explain every trade, check
 * every rule again, and — when nothing fits — say which rule or setting to relax.
 */
import { checkRules, type Violation } from '../compliance/rules';
import type { MilpSolver, MilpStatus } from '../solver/milp';
import type { TriggerDecision } from '../policies/triggers';
import { findWashSales, type WashSale } from '../tax/wash-sale';
import {
  complianceState,
  evaluatePlan,
  type EvaluatedTrade,
  type Evaluation,
  type ObjectiveParts,
  type PlanProblem,
  type SlotTrades
} from './evaluate-plan';
import { buildPlanMilp, buyVar, sellVar } from './plan-milp';
import {
  buildPlannerModel,
  DEFAULT_TAX,
  type ModelWarning,
  type ObjectiveWeights,
  type PlannerModel
} from './planner-model';
import { OBJECTIVE_PRESETS, type ObjectivePreset, type PlannerInput, type TradeKey } from './planner-input';
import { explainTrade, type TradeReason } from './explain';
import { searchPlan, type PlanSearchOptions } from './solve-plan';

export type PlanStatus = 'optimal' | 'feasible' | 'not-due' | 'within-bands' | 'infeasible' | 'solver-failed';

export interface PlanTrade extends EvaluatedTrade {
  reasons: TradeReason[];
}

export interface PlanLine {
  /** A symbol, or null for cash. */
  symbol: string | null;
  quantityBefore: number;
  quantityAfter: number;
  weightBefore: number;
  weightAfter: number;
  target: number;
}

export interface HarvestSuggestion {
  account: string;
  symbol: string;
  lotId: string;
  quantity: number;
  loss: number;
  /** Tax the loss would save at the lot's rate. */
  taxSaved: number;
  /** The user's declared substitute to keep the exposure, if any. */
  substitute?: string;
  /** Buying the symbol (or an identical one) before this date would make the sale a wash sale. */
  noRepurchaseUntil: string;
  /** Why the planner did not harvest it itself, when it did not. */
  blockedBy?: 'recent-purchase';
}

/** A change that would let an infeasible plan exist. */
export type Relaxation =
  | { kind: 'drop-rule'; index: number; rule: PlannerInput['rules'][number] }
  | { kind: 'min-cash'; from: number }
  | { kind: 'max-trades'; from: number }
  | { kind: 'min-trade-value'; from: number }
  | { kind: 'allow-sells'; policy: string }
  | { kind: 'unskip'; trades: TradeKey[] };

export interface HouseholdPlan {
  status: PlanStatus;
  trades: PlanTrade[];
  cashBefore: Record<string, number>;
  cashAfter: Record<string, number>;
  /** Σ|weight − target|/2 over the household's lines and cash. */
  driftBefore: number;
  driftAfter: number;
  totals: {
    cost: number;
    commission: number;
    spread: number;
    impact: number;
    tax: number;
    realizedGain: number;
    /** One-way: the larger of buys and sells, over the household's value before. */
    turnover: number;
    trades: number;
  };
  lines: PlanLine[];
  violationsBefore: Violation[];
  /** Rule breaches left after the plan (current breaches it could not fix, wash sales). */
  violations: Violation[];
  washSales: WashSale[];
  harvest: HarvestSuggestion[];
  objective: ObjectiveParts & { weights: ObjectiveWeights };
  trigger: TriggerDecision;
  warnings: ModelWarning[];
  /** When infeasible: single changes that each make a plan possible. */
  relaxations: Relaxation[];
  /** When the solver's rounded answer broke a constraint. */
  problems: PlanProblem[];
  totalValue: number;
  solver: string;
  solverStatus?: MilpStatus;
  /** For a solved plan: proven optimal, or at most `gap` (objective units, money) from the best. */
  optimality?: { proven: boolean; gap: number };
}

const NO_TRADES = (model: PlannerModel): SlotTrades => ({
  buy: model.slots.map(() => 0),
  sell: model.slots.map(() => 0)
});

export interface SolvedModel {
  status: MilpStatus;
  trades?: SlotTrades;
  evaluation?: Evaluation;
  /** Proven optimal, or how far above the LP bound the plan's objective may be. */
  optimality?: { proven: boolean; gap: number };
}

/** Solves the model; the rounded lots and the evaluation, or the solver's failure. */
export function solveModel(model: PlannerModel, solver: MilpSolver, options: PlanSearchOptions = {}): SolvedModel {
  let last: Evaluation | undefined;
  // Solvers accept violations up to a tolerance; never hand a user a plan that overdraws cash by
  // a cent's fraction. Retry with limits tightened by a hair of the household's value.
  for (const margin of [0, 1e-7, 1e-5]) {
    const search = searchPlan(buildPlanMilp(model, margin * model.totalValue), solver, options);
    const solution = search.solution;
    const status = solution.status;
    if (status !== 'optimal' && status !== 'feasible') return { status };
    const lots = (name: string) => Math.max(0, Math.round(solution.values[name] ?? 0));
    const trades = {
      buy: model.slots.map((_, k) => lots(buyVar(k))),
      sell: model.slots.map((_, k) => lots(sellVar(k)))
    };
    last = evaluatePlan(model, trades);
    if (last.problems.length === 0)
      return {
        status,
        trades,
        evaluation: last,
        optimality: { proven: search.proven, gap: Math.max(0, solution.objective - search.bound) }
      };
  }
  return { status: 'undefined', evaluation: last };
}

export function planHousehold(input: PlannerInput, solver: MilpSolver, options: PlanSearchOptions = {}): HouseholdPlan {
  const model = buildPlannerModel(input);
  const before = evaluatePlan(model, NO_TRADES(model));
  if (!model.trigger.trade) {
    const status = model.trigger.due && !model.trigger.due.reached ? 'not-due' : 'within-bands';
    return report(model, before, before, status, solver.name);
  }
  const solved = solveModel(model, solver, options);
  if (solved.evaluation && solved.trades && solved.evaluation.problems.length === 0) {
    const plan = report(
      model,
      before,
      solved.evaluation,
      solved.status === 'optimal' ? 'optimal' : 'feasible',
      solver.name,
      solved.status
    );
    if (solved.optimality) plan.optimality = solved.optimality;
    return plan;
  }
  if (solved.status === 'infeasible') {
    const plan = report(model, before, before, 'infeasible', solver.name, solved.status);
    plan.relaxations = diagnose(input, solver, options);
    return plan;
  }
  const plan = report(model, before, before, 'solver-failed', solver.name, solved.status);
  plan.problems = solved.evaluation?.problems ?? [];
  return plan;
}

/** The plan without one trade, and how drift, cost and tax change against the plan with it. */
export function planWithout(
  input: PlannerInput,
  key: TradeKey,
  solver: MilpSolver,
  options: PlanSearchOptions = {}
): { plan: HouseholdPlan; change: { driftAfter: number; cost: number; tax: number; trades: number } } {
  const base = planHousehold(input, solver, options);
  const plan = planHousehold({ ...input, skip: [...(input.skip ?? []), key] }, solver, options);
  return {
    plan,
    change: {
      driftAfter: plan.driftAfter - base.driftAfter,
      cost: plan.totals.cost - base.totals.cost,
      tax: plan.totals.tax - base.totals.tax,
      trades: plan.totals.trades - base.totals.trades
    }
  };
}

export interface PresetOutcome {
  preset: ObjectivePreset;
  status: PlanStatus;
  driftAfter: number;
  cost: number;
  tax: number;
  trades: number;
}

/** The trade-off: the same household planned under each preset. */
export function comparePresets(
  input: PlannerInput,
  solver: MilpSolver,
  options: PlanSearchOptions = {}
): PresetOutcome[] {
  return OBJECTIVE_PRESETS.map((preset) => {
    const { lambda: _l, mu: _m, tradePenalty: _t, ...policy } = input.policy;
    const plan = planHousehold({ ...input, policy: { ...policy, objective: preset } }, solver, options);
    return {
      preset,
      status: plan.status,
      driftAfter: plan.driftAfter,
      cost: plan.totals.cost,
      tax: plan.totals.tax,
      trades: plan.totals.trades
    };
  });
}

/** Tries each single relaxation; returns those under which a plan exists. */
export function diagnose(input: PlannerInput, solver: MilpSolver, options: PlanSearchOptions = {}): Relaxation[] {
  const policy = input.policy;
  const candidates: { relaxation: Relaxation; input: PlannerInput }[] = [];
  input.rules.forEach((rule, index) =>
    candidates.push({
      relaxation: { kind: 'drop-rule', index, rule },
      input: { ...input, rules: input.rules.filter((_, i) => i !== index) }
    })
  );
  if ((policy.minCash ?? 0) > 0)
    candidates.push({
      relaxation: { kind: 'min-cash', from: policy.minCash! },
      input: { ...input, policy: { ...policy, minCash: 0 } }
    });
  if (policy.maxTrades !== undefined && policy.maxTrades !== null)
    candidates.push({
      relaxation: { kind: 'max-trades', from: policy.maxTrades },
      input: { ...input, policy: { ...policy, maxTrades: null } }
    });
  if ((policy.minTradeValue ?? 0) > 0)
    candidates.push({
      relaxation: { kind: 'min-trade-value', from: policy.minTradeValue! },
      input: { ...input, policy: { ...policy, minTradeValue: 0 } }
    });
  if (policy.kind === 'buy-only' || policy.kind === 'cash-flow')
    candidates.push({
      relaxation: { kind: 'allow-sells', policy: policy.kind },
      input: { ...input, policy: { ...policy, kind: 'full' } }
    });
  if ((input.skip ?? []).length > 0)
    candidates.push({ relaxation: { kind: 'unskip', trades: input.skip! }, input: { ...input, skip: [] } });
  return candidates
    .filter(({ input: relaxed }) => {
      const solved = solveModel(buildPlannerModel(relaxed), solver, options);
      return solved.evaluation !== undefined && solved.evaluation.problems.length === 0;
    })
    .map((c) => c.relaxation);
}

const DAY = 86_400_000;
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

function report(
  model: PlannerModel,
  before: Evaluation,
  after: Evaluation,
  status: PlanStatus,
  solverName: string,
  solverStatus?: MilpStatus
): HouseholdPlan {
  const V = model.totalValue;
  const cashBeforeTotal = model.cash.reduce((a, b) => a + b, 0);
  const cashAfterTotal = after.cashAfter.reduce((a, b) => a + b, 0);
  const weightsOf = (evaluation: Evaluation, total: number, cash: number) => {
    const lines = model.lines.map((line) => line.symbols.reduce((sum, i) => sum + evaluation.valueAfter[i], 0) / total);
    return { lines, cash: cash / total };
  };
  const drift = (w: { lines: number[]; cash: number }) =>
    (model.lines.reduce((sum, line, l) => sum + Math.abs(w.lines[l] - line.target), 0) +
      Math.abs(w.cash - model.cashTarget)) /
    2;
  const totalAfter = after.totalAfter;
  const wBefore = weightsOf(before, V, cashBeforeTotal);
  const wAfter = weightsOf(after, totalAfter, cashAfterTotal);

  const violationsBefore = checkRules(model.rules, complianceState(model, before.quantityAfter, cashBeforeTotal, []));
  const washSales = planWashSales(model, after.trades);
  const violations = [
    ...checkRules(model.rules, complianceState(model, after.quantityAfter, cashAfterTotal, after.trades)),
    ...washSales.map((w) => ({
      rule: model.rules.find((r) => r.kind === 'wash-sale') ?? ({ kind: 'wash-sale' } as const),
      subject: w.saleId,
      figure: w.disallowedLoss,
      limit: 0
    }))
  ];

  const trades: PlanTrade[] = after.trades.map((trade) => ({
    ...trade,
    reasons: explainTrade(model, trade, after, { before: wBefore, after: wAfter }, violationsBefore, violations)
  }));
  const buys = after.trades.filter((t) => t.side === 'buy').reduce((s, t) => s + t.value, 0);
  const sells = after.trades.filter((t) => t.side === 'sell').reduce((s, t) => s + t.value, 0);
  const sum = (pick: (t: EvaluatedTrade) => number) => after.trades.reduce((s, t) => s + pick(t), 0);

  const lines: PlanLine[] = model.symbols.map((s, i) => ({
    symbol: s.symbol,
    quantityBefore: before.quantityAfter[i],
    quantityAfter: after.quantityAfter[i],
    weightBefore: V > 0 ? before.valueAfter[i] / V : 0,
    weightAfter: totalAfter > 0 ? after.valueAfter[i] / totalAfter : 0,
    target: model.input.targets[s.symbol] ?? 0
  }));
  lines.push({
    symbol: null,
    quantityBefore: cashBeforeTotal,
    quantityAfter: cashAfterTotal,
    weightBefore: wBefore.cash,
    weightAfter: wAfter.cash,
    target: model.cashTarget
  });

  const byAccount = (values: number[]) => Object.fromEntries(model.accounts.map((a, i) => [a.id, values[i]]));
  return {
    status,
    trades,
    cashBefore: byAccount(model.cash),
    cashAfter: byAccount(after.cashAfter.map((c) => (Math.abs(c) < 1e-9 ? 0 : c))),
    driftBefore: drift(wBefore),
    driftAfter: drift(wAfter),
    totals: {
      cost: sum((t) => t.cost.total),
      commission: sum((t) => t.cost.commission),
      spread: sum((t) => t.cost.spread),
      impact: sum((t) => t.cost.impact),
      tax: sum((t) => t.tax),
      realizedGain: sum((t) => t.realizedGain),
      turnover: V > 0 ? Math.max(buys, sells) / V : 0,
      trades: trades.length
    },
    lines,
    violationsBefore,
    violations,
    washSales,
    harvest: harvestSuggestions(model, after),
    objective: { ...after.objective, weights: model.weights },
    trigger: model.trigger,
    warnings: model.warnings,
    relaxations: [],
    problems: [],
    totalValue: V,
    solver: solverName,
    ...(solverStatus ? { solverStatus } : {})
  };
}

/** Wash sales the plan's loss sales would trigger against its own buys and recent purchases. */
function planWashSales(model: PlannerModel, trades: EvaluatedTrade[]): WashSale[] {
  const input = model.input;
  const sales = trades
    .filter((t) => t.side === 'sell' && model.slots[t.slot].taxable)
    .flatMap((t) =>
      t.lots
        .filter((d) => d.gain < 0 && !d.washDisallowed)
        .map((d) => ({
          id: `${t.account}/${t.symbol}/${d.lotId}`,
          account: t.account,
          symbol: t.symbol,
          date: model.asOf,
          quantity: d.quantity,
          gain: d.gain
        }))
    );
  if (sales.length === 0) return [];
  const soldLots = new Set(trades.flatMap((t) => t.lots.map((d) => d.lotId)));
  const purchases = [
    ...trades
      .filter((t) => t.side === 'buy')
      .map((t) => ({ account: t.account, symbol: t.symbol, date: model.asOf, quantity: t.quantity })),
    ...(input.recentPurchases ?? []),
    ...model.slots.flatMap((slot) =>
      slot.lots
        .filter((l) => l.acquired !== null && !soldLots.has(l.id))
        .map((l) => ({ account: slot.account.id, symbol: slot.symbol, date: l.acquired!, quantity: l.quantity }))
    )
  ];
  return findWashSales(sales, purchases, { windowDays: model.washSaleDays, substitutes: model.identicalGroups });
}

/** Loss lots in taxable accounts the user could sell for the tax saving, with their substitute. */
function harvestSuggestions(model: PlannerModel, after: Evaluation): HarvestSuggestion[] {
  const sold = new Set(after.trades.flatMap((t) => t.lots.map((d) => d.lotId)));
  const substitutes = model.input.tax?.substitutes ?? {};
  const rates = {
    short: model.input.tax?.shortTermRate ?? DEFAULT_TAX.shortTermRate,
    long: model.input.tax?.longTermRate ?? DEFAULT_TAX.longTermRate
  };
  return model.slots.flatMap((slot) =>
    !slot.taxable
      ? []
      : slot.lots
          .filter((lot) => lot.gainPerShare < 0 && !sold.has(lot.id))
          .map((lot) => ({
            account: slot.account.id,
            symbol: slot.symbol,
            lotId: lot.id,
            quantity: lot.quantity,
            loss: -lot.gainPerShare * lot.quantity,
            taxSaved: -lot.gainPerShare * lot.quantity * (lot.term === 'short' ? rates.short : rates.long),
            ...(substitutes[slot.symbol] ? { substitute: substitutes[slot.symbol] } : {}),
            noRepurchaseUntil: addDays(model.asOf, model.washSaleDays + 1),
            ...(lot.washDisallowed ? { blockedBy: 'recent-purchase' as const } : {})
          }))
  );
}
