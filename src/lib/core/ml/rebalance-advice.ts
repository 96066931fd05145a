/**
 * "Rebalance now?" — the learned policy's state for a real portfolio: its drift from the targets
 * (cash included as a line), the market's volatility and the stressed-regime probability from the
 * holdings' stored price history when there is one, the cost level and the time since the last
 * trade. Whatever is unknown is assumed, and each assumption is listed so the advice can say so.
 */
import { BarHistory } from '../backtest/bar-history';
import type { PriceTable } from '../returns/return-table';
import { marketVolatility } from './rebalance-policy';

export interface AdviceInput {
  /** Current and target weights of every line (holdings and cash), in the same order. */
  weights: readonly number[];
  targets: readonly number[];
  /** Aligned daily closes of the holdings, when stored on the device. */
  prices?: PriceTable;
  /** One-way cost of trading in basis points. */
  costBps?: number;
  /** Years since the portfolio last traded to its targets, when known. */
  yearsSinceTrade?: number;
}

export type AdviceAssumption =
  | { code: 'no-history'; volatility: number }
  | { code: 'default-cost'; costBps: number }
  | { code: 'unknown-last-trade'; years: number }
  | { code: 'no-regime' };

export const ASSUMED = { volatility: 0.16, costBps: 10, yearsSinceTrade: 1 };

/** Bars of history needed for the market volatility (63 returns). */
const VOLATILITY_BARS = 64;

export function adviceState(
  input: AdviceInput,
  stressed: number | undefined
): { state: Float64Array; assumptions: AdviceAssumption[] } {
  const assumptions: AdviceAssumption[] = [];
  let max = 0;
  let total = 0;
  input.weights.forEach((w, i) => {
    const d = Math.abs(w - input.targets[i]);
    max = Math.max(max, d);
    total += d / 2;
  });
  let volatility = ASSUMED.volatility;
  const prices = input.prices;
  if (prices && prices.dates.length >= VOLATILITY_BARS) {
    volatility = marketVolatility(new BarHistory(prices, prices.dates.length - 1));
  } else assumptions.push({ code: 'no-history', volatility });
  if (stressed === undefined) assumptions.push({ code: 'no-regime' });
  const costBps = input.costBps ?? ASSUMED.costBps;
  if (input.costBps === undefined) assumptions.push({ code: 'default-cost', costBps });
  const years = input.yearsSinceTrade ?? ASSUMED.yearsSinceTrade;
  if (input.yearsSinceTrade === undefined) assumptions.push({ code: 'unknown-last-trade', years });
  return { state: Float64Array.of(max, total, volatility, stressed ?? 0, costBps, years), assumptions };
}
