/**
 * What executing a plan does to the household, from the fills the user enters: sales reduce the
 * lots the plan named (in its order, up to the quantity filled), buys become new lots at the
 * fill price plus their cost, and each account's cash moves by the money that changed hands.
 * Pure: the repository writes the result in one transaction.
 */
import type { PlanTrade } from './plan-household';

export interface Fill {
  quantity: number;
  price: number;
}

export interface ExecutionChanges {
  /** Lot id (planner id) → units sold from it. */
  lotsReduced: Record<string, number>;
  newLots: { account: string; symbol: string; quantity: number; costBasis: number; acquired: string }[];
  /** Account → change in cash. */
  cashChange: Record<string, number>;
}

export type FillProblem =
  | { code: 'bad-fill'; index: number; field: 'quantity' | 'price' }
  | { code: 'oversold'; index: number; lotsHeld: number };

export function executionChanges(
  trades: PlanTrade[],
  fills: Fill[],
  asOf: string
): { ok: true; value: ExecutionChanges } | { ok: false; error: FillProblem[] } {
  const problems: FillProblem[] = [];
  const changes: ExecutionChanges = { lotsReduced: {}, newLots: [], cashChange: {} };
  trades.forEach((trade, index) => {
    const fill = fills[index] ?? { quantity: trade.quantity, price: trade.price };
    if (!Number.isFinite(fill.quantity) || fill.quantity < 0)
      return problems.push({ code: 'bad-fill', index, field: 'quantity' });
    if (!Number.isFinite(fill.price) || fill.price <= 0)
      return problems.push({ code: 'bad-fill', index, field: 'price' });
    if (fill.quantity === 0) return;
    // Costs scale with the part filled; a partial fill pays its share.
    const cost = trade.quantity > 0 ? (trade.cost.total * fill.quantity) / trade.quantity : 0;
    const value = fill.quantity * fill.price;
    const cash = trade.side === 'buy' ? -value - cost : value - cost;
    changes.cashChange[trade.account] = (changes.cashChange[trade.account] ?? 0) + cash;
    if (trade.side === 'buy') {
      changes.newLots.push({
        account: trade.account,
        symbol: trade.symbol,
        quantity: fill.quantity,
        costBasis: value + cost,
        acquired: asOf
      });
      return;
    }
    let remaining = fill.quantity;
    for (const draw of trade.lots) {
      if (remaining <= 1e-12) break;
      const part = Math.min(draw.quantity, remaining);
      changes.lotsReduced[draw.lotId] = (changes.lotsReduced[draw.lotId] ?? 0) + part;
      remaining -= part;
    }
    if (remaining > 1e-9) problems.push({ code: 'oversold', index, lotsHeld: fill.quantity - remaining });
  });
  return problems.length > 0 ? { ok: false, error: problems } : { ok: true, value: changes };
}
