/**
 * What a trade costs, in three parts the planner weighs (λ · costs) and every trade line shows:
 *
 * - commission: a fixed fee per trade + a fee per share + basis points of the traded value,
 *   then held between the schedule's minimum and maximum (a zero trade costs nothing);
 * - spread: crossing half the bid–ask spread, (spread bps / 2) · value;
 * - market impact, when the asset's average daily volume (shares) and daily volatility are
 *   known: the square-root model, coefficient · σ_daily · √(shares / ADV) · value (Almgren et
 *   al. 2005, Tóth et al. 2011; the coefficient is of order 1).
 *
 * All amounts are in the trade's currency; quantities are absolute (buys and sells cost alike).
 */

export interface CommissionSchedule {
  perTrade?: number;
  perShare?: number;
  /** Basis points of the traded value (1 bp = 0.01 %). */
  bps?: number;
  minimum?: number;
  maximum?: number;
}

export interface Liquidity {
  /** Bid–ask spread in basis points of the price. */
  spreadBps?: number;
  /** Average daily volume, in shares. */
  averageDailyVolume?: number;
  /** Standard deviation of daily returns (0.02 = 2 %). */
  dailyVolatility?: number;
}

export interface CostModel {
  commission: CommissionSchedule;
  /** Spread used for assets without their own (`Liquidity.spreadBps`); default 0. */
  defaultSpreadBps?: number;
  /** Coefficient of the square-root impact model; 0 switches impact off (default 1). */
  impactCoefficient?: number;
}

export interface TradeCost {
  commission: number;
  spread: number;
  impact: number;
  total: number;
}

export const NO_COST: TradeCost = { commission: 0, spread: 0, impact: 0, total: 0 };

export function commission(schedule: CommissionSchedule, shares: number, value: number): number {
  if (shares === 0 || value === 0) return 0;
  const raw =
    (schedule.perTrade ?? 0) +
    (schedule.perShare ?? 0) * Math.abs(shares) +
    ((schedule.bps ?? 0) * Math.abs(value)) / 1e4;
  const floored = Math.max(raw, schedule.minimum ?? 0);
  return schedule.maximum !== undefined ? Math.min(floored, schedule.maximum) : floored;
}

export function tradeCost(model: CostModel, shares: number, price: number, liquidity: Liquidity = {}): TradeCost {
  const quantity = Math.abs(shares);
  const value = quantity * price;
  if (quantity === 0) return NO_COST;
  const fee = commission(model.commission, quantity, value);
  const spread = (((liquidity.spreadBps ?? model.defaultSpreadBps ?? 0) / 2) * value) / 1e4;
  const coefficient = model.impactCoefficient ?? 1;
  const { averageDailyVolume: adv, dailyVolatility: sigma } = liquidity;
  const impact =
    coefficient > 0 && adv !== undefined && adv > 0 && sigma !== undefined && sigma > 0
      ? coefficient * sigma * Math.sqrt(quantity / adv) * value
      : 0;
  return { commission: fee, spread, impact, total: fee + spread + impact };
}

/** The sum of several trades' costs, part by part. */
export function sumCosts(costs: TradeCost[]): TradeCost {
  return costs.reduce(
    (sum, c) => ({
      commission: sum.commission + c.commission,
      spread: sum.spread + c.spread,
      impact: sum.impact + c.impact,
      total: sum.total + c.total
    }),
    NO_COST
  );
}
