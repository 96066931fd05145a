/**
 * Whole-lot allocation from current holdings with a minimum trade value and a fee per trade: the
 * MILP behind `keel allocate --method milp` when holdings, lot sizes, a minimum trade or fees are
 * given (glpk.js through `MilpSolver`).
 *
 * Per asset: integer lots bought bᵢ and sold sᵢ with switches βᵢ, σᵢ ∈ {0, 1}: bᵢ ≤ Uᵢβᵢ,
 * pᵢLᵢbᵢ ≥ m·βᵢ (the same for selling), βᵢ + σᵢ ≤ 1. Cash after trading
 * c = cash − Σ pᵢLᵢ(bᵢ − sᵢ) − fee·Σ(βᵢ + σᵢ) ≥ 0. Minimise Σ|Tᵢ − vᵢ| + |T_cash − c| as the
 * whole-share rebalance does, so fees count against the plan through the cash they take.
 */
import { err, ok, type Result } from '../result';
import type { MilpProblem, MilpSolver } from '../solver/milp';

export interface TradePosition {
  symbol: string;
  /** Units held now. */
  quantity: number;
  price: number;
  targetWeight: number;
  lotSize: number;
}

export interface TradeAllocationOptions {
  /** Smallest value of a trade (0: any). */
  minTradeValue?: number;
  /** Fixed fee per trade, paid from cash. */
  feePerTrade?: number;
  /** Cash target as a weight (default 1 − Σ targets). */
  cashTarget?: number;
}

export interface TradeAllocation {
  /** Units traded per asset (negative = sell); assets not traded are left out. */
  trades: Record<string, number>;
  /** Units held after trading. */
  quantities: Record<string, number>;
  fees: number;
  leftover: number;
  distance: number;
}

export type TradeAllocationError =
  { code: 'invalid-input'; message: string } | { code: 'solver-failed'; status: string };

export function allocateTrades(
  positions: TradePosition[],
  cash: number,
  options: TradeAllocationOptions,
  solver: MilpSolver
): Result<TradeAllocation, TradeAllocationError> {
  const minTrade = options.minTradeValue ?? 0;
  const fee = options.feePerTrade ?? 0;
  if (!(cash >= 0)) return err({ code: 'invalid-input', message: 'cash must be zero or more' });
  if (minTrade < 0 || fee < 0)
    return err({ code: 'invalid-input', message: 'the minimum trade and the fee must be zero or more' });
  for (const p of positions) {
    if (!(p.price > 0) || !(p.lotSize > 0) || !(p.quantity >= 0) || !(p.targetWeight >= 0)) {
      return err({
        code: 'invalid-input',
        message: `${p.symbol} needs a positive price and lot size and non-negative quantity and target`
      });
    }
  }
  const total = positions.reduce((s, p) => s + p.quantity * p.price, cash);
  const cashTarget = options.cashTarget ?? Math.max(0, 1 - positions.reduce((s, p) => s + p.targetWeight, 0));
  const variables: MilpProblem['variables'] = [];
  const constraints: MilpProblem['constraints'] = [];
  const cashTerms: { variable: string; coefficient: number }[] = [];
  const objective: MilpProblem['objective'] = [];

  positions.forEach((p, i) => {
    const lotValue = p.price * p.lotSize;
    const maxBuy = Math.floor(total / lotValue + 1e-9);
    const maxSell = Math.floor(p.quantity / p.lotSize + 1e-9);
    variables.push(
      { name: `buy${i}`, lower: 0, upper: maxBuy, integer: true },
      { name: `sell${i}`, lower: 0, upper: maxSell, integer: true },
      { name: `isBuy${i}`, lower: 0, upper: 1, integer: true },
      { name: `isSell${i}`, lower: 0, upper: 1, integer: true },
      { name: `d${i}`, lower: 0 }
    );
    constraints.push(
      {
        name: `buy switch ${p.symbol}`,
        terms: [
          { variable: `buy${i}`, coefficient: 1 },
          { variable: `isBuy${i}`, coefficient: -maxBuy }
        ],
        upper: 0
      },
      {
        name: `sell switch ${p.symbol}`,
        terms: [
          { variable: `sell${i}`, coefficient: 1 },
          { variable: `isSell${i}`, coefficient: -maxSell }
        ],
        upper: 0
      },
      {
        name: `one side ${p.symbol}`,
        terms: [
          { variable: `isBuy${i}`, coefficient: 1 },
          { variable: `isSell${i}`, coefficient: 1 }
        ],
        upper: 1
      }
    );
    if (minTrade > 0) {
      constraints.push(
        {
          name: `minimum buy ${p.symbol}`,
          terms: [
            { variable: `buy${i}`, coefficient: lotValue },
            { variable: `isBuy${i}`, coefficient: -minTrade }
          ],
          lower: 0
        },
        {
          name: `minimum sell ${p.symbol}`,
          terms: [
            { variable: `sell${i}`, coefficient: lotValue },
            { variable: `isSell${i}`, coefficient: -minTrade }
          ],
          lower: 0
        }
      );
    }
    const target = p.targetWeight * total;
    const now = p.quantity * p.price;
    // d ≥ |T − (v + pL(b − s))|
    constraints.push(
      {
        name: `below ${p.symbol}`,
        terms: [
          { variable: `d${i}`, coefficient: 1 },
          { variable: `buy${i}`, coefficient: lotValue },
          { variable: `sell${i}`, coefficient: -lotValue }
        ],
        lower: target - now
      },
      {
        name: `above ${p.symbol}`,
        terms: [
          { variable: `d${i}`, coefficient: 1 },
          { variable: `buy${i}`, coefficient: -lotValue },
          { variable: `sell${i}`, coefficient: lotValue }
        ],
        lower: now - target
      }
    );
    // Cash spent: pL(b − s) + fee(β + σ)
    cashTerms.push(
      { variable: `buy${i}`, coefficient: lotValue },
      { variable: `sell${i}`, coefficient: -lotValue },
      { variable: `isBuy${i}`, coefficient: fee },
      { variable: `isSell${i}`, coefficient: fee }
    );
    objective.push({ variable: `d${i}`, coefficient: 1 });
  });
  variables.push({ name: 'dcash', lower: 0 });
  objective.push({ variable: 'dcash', coefficient: 1 });
  constraints.push({ name: 'cash never negative', terms: cashTerms, upper: cash });
  const cashTargetValue = cashTarget * total;
  constraints.push(
    {
      name: 'cash below target',
      terms: [{ variable: 'dcash', coefficient: 1 }, ...cashTerms.map((t) => ({ ...t, coefficient: -t.coefficient }))],
      lower: cashTargetValue - cash
    },
    {
      name: 'cash above target',
      terms: [{ variable: 'dcash', coefficient: 1 }, ...cashTerms],
      lower: cash - cashTargetValue
    }
  );
  const solution = solver.solve({ name: 'trade-allocation', sense: 'minimize', objective, variables, constraints });
  if (solution.status !== 'optimal' && solution.status !== 'feasible')
    return err({ code: 'solver-failed', status: solution.status });

  const trades: Record<string, number> = {};
  const quantities: Record<string, number> = {};
  let spent = 0;
  let fees = 0;
  let distance = 0;
  positions.forEach((p, i) => {
    const lots = Math.round(solution.values[`buy${i}`] ?? 0) - Math.round(solution.values[`sell${i}`] ?? 0);
    const units = lots * p.lotSize;
    if (units !== 0) {
      trades[p.symbol] = units;
      fees += fee;
    }
    quantities[p.symbol] = p.quantity + units;
    spent += units * p.price;
    distance += Math.abs(p.targetWeight * total - (p.quantity + units) * p.price);
  });
  const leftover = cash - spent - fees;
  if (leftover < -1e-9 * Math.max(1, total)) return err({ code: 'solver-failed', status: 'cash-overdrawn' });
  distance += Math.abs(cashTargetValue - leftover);
  return ok({ trades, quantities, fees, leftover: Math.max(0, leftover), distance });
}
