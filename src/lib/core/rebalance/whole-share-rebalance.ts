/**
 * The first rebalance: whole-share (whole-lot) trades that bring every holding and cash as close
 * as possible to its target value, with cash never negative.
 *
 * Decision variables: n_i, the integer number of lots of holding i to trade (negative = sell).
 * With V the total value, T_i = t_i·V the target value of i, p_i the base-currency price and
 * L_i the lot size, the value after trading is v_i = p_i·(q_i + L_i·n_i) and cash after is
 * c = cash − Σ p_i·L_i·n_i. The plan minimises
 *
 *     Σ_i |T_i − v_i| + |T_cash − c|   subject to  c ≥ 0,  q_i + L_i·n_i ≥ 0,  n_i integer,
 *
 * linearised with one deviation variable per line. Cash is a line like any other because
 * weights include cash (DESIGN.md §4). A later planner generalises this with costs and taxes.
 */
import { err, ok, type Result } from '../result';
import type { MilpProblem, MilpSolver, MilpStatus } from '../solver/milp';
import { computeDrift } from '../portfolio/drift';
import type { Portfolio } from '../portfolio/types';
import type { ValidationIssue } from '../portfolio/validation-issue';

/** One position as the optimisation sees it: prices already in the base currency. */
export interface RebalancePosition {
  symbol: string;
  quantity: number;
  /** Price per unit in the base currency. */
  price: number;
  targetWeight: number;
  lotSize: number;
}

export interface RebalanceProblem {
  positions: RebalancePosition[];
  cash: number;
  cashTarget: number;
}

export interface PlannedTrade {
  symbol: string;
  side: 'buy' | 'sell';
  /** Units traded, always positive. */
  quantity: number;
  /** Base-currency price per unit. */
  price: number;
  /** Base-currency value of the trade, always positive. */
  value: number;
}

export interface PlanLine {
  /** Holding symbol, or null for cash. */
  symbol: string | null;
  quantityBefore: number;
  quantityAfter: number;
  valueBefore: number;
  valueAfter: number;
  weightBefore: number;
  weightAfter: number;
  targetWeight: number;
}

export interface RebalancePlan {
  trades: PlannedTrade[];
  lines: PlanLine[];
  totalValue: number;
  cashBefore: number;
  /** Leftover cash after all trades; never negative. */
  cashAfter: number;
  /** Σ|drift|/2 before and after, cash included. */
  totalDriftBefore: number;
  totalDriftAfter: number;
  /** Σ|target value − value after| in the base currency: what the plan minimised. */
  distanceToTarget: number;
  solver: string;
}

export type RebalanceError =
  | { code: 'invalid-portfolio'; issues: ValidationIssue[] }
  | { code: 'nothing-to-rebalance' }
  | { code: 'solver-failed'; status: MilpStatus; solver: string };

const tradeVariable = (index: number) => `n${index}`;
const deviationVariable = (index: number) => `d${index}`;
const CASH_DEVIATION = 'dcash';

function totalValueOf(problem: RebalanceProblem): number {
  return problem.positions.reduce((sum, p) => sum + p.quantity * p.price, problem.cash);
}

/**
 * Builds the MILP. `cashReserve` tightens the cash constraint (c ≥ cashReserve); the planner uses
 * it only to step away from solver tolerance if a solution would leave cash a hair below zero.
 */
export function buildRebalanceMilp(problem: RebalanceProblem, cashReserve = 0): MilpProblem {
  const total = totalValueOf(problem);
  const variables: MilpProblem['variables'] = [];
  const constraints: MilpProblem['constraints'] = [];
  const cashTerms: MilpProblem['constraints'][number]['terms'] = [];

  problem.positions.forEach((position, index) => {
    const lotValue = position.price * position.lotSize;
    const target = position.targetWeight * total;
    const valueNow = position.quantity * position.price;
    variables.push({
      name: tradeVariable(index),
      integer: true,
      // Sell at most what is held; buy at most what the whole portfolio could pay for.
      lower: -Math.floor(position.quantity / position.lotSize + 1e-9),
      upper: Math.floor(total / lotValue + 1e-9)
    });
    variables.push({ name: deviationVariable(index), lower: 0 });
    // d_i ≥ T_i − v_i  and  d_i ≥ v_i − T_i
    constraints.push({
      name: `below target: ${position.symbol}`,
      terms: [
        { variable: deviationVariable(index), coefficient: 1 },
        { variable: tradeVariable(index), coefficient: lotValue }
      ],
      lower: target - valueNow
    });
    constraints.push({
      name: `above target: ${position.symbol}`,
      terms: [
        { variable: deviationVariable(index), coefficient: 1 },
        { variable: tradeVariable(index), coefficient: -lotValue }
      ],
      lower: valueNow - target
    });
    cashTerms.push({ variable: tradeVariable(index), coefficient: lotValue });
  });

  const cashTargetValue = problem.cashTarget * total;
  variables.push({ name: CASH_DEVIATION, lower: 0 });
  // Cash after = cash − Σ p·L·n ≥ reserve  ⇔  Σ p·L·n ≤ cash − reserve
  constraints.push({ name: 'cash never negative', terms: cashTerms, upper: problem.cash - cashReserve });
  // d_cash ≥ T_cash − c  ⇔  d_cash − Σ p·L·n ≥ T_cash − cash
  constraints.push({
    name: 'cash below target',
    terms: [
      { variable: CASH_DEVIATION, coefficient: 1 },
      ...cashTerms.map((t) => ({ ...t, coefficient: -t.coefficient }))
    ],
    lower: cashTargetValue - problem.cash
  });
  // d_cash ≥ c − T_cash  ⇔  d_cash + Σ p·L·n ≥ cash − T_cash
  constraints.push({
    name: 'cash above target',
    terms: [{ variable: CASH_DEVIATION, coefficient: 1 }, ...cashTerms],
    lower: problem.cash - cashTargetValue
  });

  const objective = [
    ...problem.positions.map((_, index) => ({ variable: deviationVariable(index), coefficient: 1 })),
    { variable: CASH_DEVIATION, coefficient: 1 }
  ];
  return { name: 'whole-share-rebalance', sense: 'minimize', objective, variables, constraints };
}

/**
 * Σ|T_i − v_i| + |T_cash − c| for given lot trades: the objective evaluated directly, used to
 * report the plan and by tests that enumerate every candidate.
 */
export function distanceToTarget(problem: RebalanceProblem, lotTrades: readonly number[]): number {
  const total = totalValueOf(problem);
  let cash = problem.cash;
  let distance = 0;
  problem.positions.forEach((position, index) => {
    const traded = lotTrades[index] * position.lotSize;
    cash -= traded * position.price;
    distance += Math.abs(position.targetWeight * total - (position.quantity + traded) * position.price);
  });
  return distance + Math.abs(problem.cashTarget * total - cash);
}

/** Cash left after the given lot trades. */
export function cashAfterTrades(problem: RebalanceProblem, lotTrades: readonly number[]): number {
  return problem.positions.reduce(
    (cash, position, index) => cash - lotTrades[index] * position.lotSize * position.price,
    problem.cash
  );
}

/** Solves the rebalance problem; returns the integer lot trades per position. */
export function solveRebalance(problem: RebalanceProblem, solver: MilpSolver): Result<number[], RebalanceError> {
  const scale = Math.max(1, totalValueOf(problem));
  let reserve = 0;
  // Solvers accept constraint violations up to a tolerance; never hand a user a plan that
  // overdraws cash by a fraction of a cent. Retry with a reserve covering the overdraft.
  for (let attempt = 0; attempt < 3; attempt++) {
    const solution = solver.solve(buildRebalanceMilp(problem, reserve));
    if (solution.status !== 'optimal' && solution.status !== 'feasible') {
      return err({ code: 'solver-failed', status: solution.status, solver: solver.name });
    }
    const trades = problem.positions.map((_, index) => Math.round(solution.values[tradeVariable(index)] ?? 0));
    const leftover = cashAfterTrades(problem, trades);
    if (leftover >= -1e-12 * scale) return ok(trades);
    reserve += -leftover + 1e-9 * scale;
  }
  return err({ code: 'solver-failed', status: 'infeasible', solver: solver.name });
}

/**
 * Plans the rebalance of a portfolio: validates it, values it in the base currency, solves the
 * whole-share MILP and reports trades with value, resulting weights and leftover cash.
 */
export function planRebalance(portfolio: Portfolio, solver: MilpSolver): Result<RebalancePlan, RebalanceError> {
  const drift = computeDrift(portfolio);
  if (!drift.ok) return err({ code: 'invalid-portfolio', issues: drift.error });
  const report = drift.value;
  if (portfolio.holdings.length === 0 || report.totalValue <= 0) return err({ code: 'nothing-to-rebalance' });

  const problem: RebalanceProblem = {
    positions: portfolio.holdings.map((holding, index) => ({
      symbol: holding.symbol,
      quantity: holding.quantity,
      price: report.lines[index].basePrice,
      targetWeight: holding.targetWeight,
      lotSize: holding.lotSize
    })),
    cash: portfolio.cash,
    cashTarget: portfolio.cashTarget
  };
  const solved = solveRebalance(problem, solver);
  if (!solved.ok) return solved;
  const lotTrades = solved.value;

  const totalValue = report.totalValue;
  // Exact zero when the solver's rounding leaves dust such as -1e-13.
  const cashAfter = Math.max(0, cashAfterTrades(problem, lotTrades));
  const trades: PlannedTrade[] = [];
  const lines: PlanLine[] = problem.positions.map((position, index) => {
    const units = lotTrades[index] * position.lotSize;
    if (units !== 0) {
      trades.push({
        symbol: position.symbol,
        side: units > 0 ? 'buy' : 'sell',
        quantity: Math.abs(units),
        price: position.price,
        value: Math.abs(units) * position.price
      });
    }
    const quantityAfter = position.quantity + units;
    return {
      symbol: position.symbol,
      quantityBefore: position.quantity,
      quantityAfter,
      valueBefore: position.quantity * position.price,
      valueAfter: quantityAfter * position.price,
      weightBefore: (position.quantity * position.price) / totalValue,
      weightAfter: (quantityAfter * position.price) / totalValue,
      targetWeight: position.targetWeight
    };
  });
  lines.push({
    symbol: null,
    quantityBefore: portfolio.cash,
    quantityAfter: cashAfter,
    valueBefore: portfolio.cash,
    valueAfter: cashAfter,
    weightBefore: portfolio.cash / totalValue,
    weightAfter: cashAfter / totalValue,
    targetWeight: portfolio.cashTarget
  });
  const totalDriftAfter = lines.reduce((sum, line) => sum + Math.abs(line.weightAfter - line.targetWeight), 0) / 2;

  return ok({
    trades,
    lines,
    totalValue,
    cashBefore: portfolio.cash,
    cashAfter,
    totalDriftBefore: report.totalDrift,
    totalDriftAfter,
    distanceToTarget: distanceToTarget(problem, lotTrades),
    solver: solver.name
  });
}
