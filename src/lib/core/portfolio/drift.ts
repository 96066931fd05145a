/**
 * Current weights against targets. Values convert into the base currency with the portfolio's
 * FX rates; a missing rate is an error, never a silent 1.0.
 *
 * Drift of a line = current weight − target weight. Total drift = Σ|drift| / 2 over holdings and
 * cash: the fraction of the portfolio that would have to move to reach the targets exactly.
 */
import { err, ok, type Result } from '../result';
import type { Portfolio } from './types';
import type { ValidationIssue } from './validation-issue';
import { validatePortfolio } from './validate';

export interface DriftLine {
  /** Holding symbol, or null for the cash line. */
  symbol: string | null;
  /** Value in the base currency. */
  value: number;
  /** Price per unit in the base currency (1 for cash). */
  basePrice: number;
  weight: number;
  targetWeight: number;
  /** weight − targetWeight. */
  drift: number;
}

export interface DriftReport {
  totalValue: number;
  lines: DriftLine[];
  /** Σ|drift| / 2, cash included. */
  totalDrift: number;
}

/** Converts a price in `currency` into the base currency, or reports the missing rate. */
export function toBase(portfolio: Portfolio, currency: string, amount: number): number | undefined {
  if (currency === portfolio.baseCurrency) return amount;
  const rate = portfolio.fxRates[currency];
  return rate === undefined ? undefined : amount * rate;
}

/**
 * Weights and drift of every holding and of cash. Fails with the validation issues when the
 * portfolio cannot be valued (missing price, missing FX rate, targets not 100 %, …).
 * Weights are 0 when the portfolio is worth nothing.
 */
export function computeDrift(portfolio: Portfolio): Result<DriftReport, ValidationIssue[]> {
  const issues = validatePortfolio(portfolio);
  if (issues.length > 0) return err(issues);

  const holdingLines = portfolio.holdings.map((holding) => {
    const basePrice = toBase(portfolio, holding.currency, holding.price as number) as number;
    return {
      symbol: holding.symbol,
      basePrice,
      value: holding.quantity * basePrice,
      targetWeight: holding.targetWeight
    };
  });
  const cashLine = { symbol: null, basePrice: 1, value: portfolio.cash, targetWeight: portfolio.cashTarget };
  const all = [...holdingLines, cashLine];
  const totalValue = all.reduce((sum, line) => sum + line.value, 0);

  const lines: DriftLine[] = all.map((line) => {
    const weight = totalValue > 0 ? line.value / totalValue : 0;
    return { ...line, weight, drift: weight - line.targetWeight };
  });
  const totalDrift = lines.reduce((sum, line) => sum + Math.abs(line.drift), 0) / 2;
  return ok({ totalValue, lines, totalDrift });
}
