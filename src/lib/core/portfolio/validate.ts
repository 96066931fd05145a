/**
 * Validation of what a user enters for a portfolio and its holdings. Every public function
 * returns a list of issues (empty = valid) so the UI can show all problems at once, each naming
 * the holding and the field.
 */
import { ASSET_CLASSES, type Holding, type Portfolio } from './types';
import type { ValidationIssue } from './validation-issue';

/** Targets may miss 100 % by this much (0.01 percentage point) to absorb rounding in the UI. */
export const TARGET_SUM_TOLERANCE = 1e-4;

const SYMBOL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.\-:^/_ ]{0,31}$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Checks one holding on its own: fields, signs, price, currency, lot size. */
export function validateHolding(holding: Holding): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const symbol = holding.symbol?.trim() ?? '';
  const named = symbol === '' ? undefined : symbol;

  if (symbol === '') issues.push({ code: 'empty-symbol', field: 'symbol' });
  else if (!SYMBOL_PATTERN.test(symbol)) issues.push({ code: 'invalid-symbol', field: 'symbol', value: symbol });

  if (!isFiniteNumber(holding.quantity))
    issues.push({ code: 'not-a-number', field: 'quantity', symbol: named, value: String(holding.quantity) });
  else if (holding.quantity < 0)
    issues.push({ code: 'negative-quantity', field: 'quantity', symbol: named, value: holding.quantity });

  if (holding.price === null || holding.price === undefined)
    issues.push({ code: 'missing-price', field: 'price', symbol: named });
  else if (!isFiniteNumber(holding.price))
    issues.push({ code: 'not-a-number', field: 'price', symbol: named, value: String(holding.price) });
  else if (holding.price <= 0)
    issues.push({ code: 'non-positive-price', field: 'price', symbol: named, value: holding.price });

  if (!CURRENCY_PATTERN.test(holding.currency ?? ''))
    issues.push({ code: 'invalid-currency', field: 'currency', symbol: named, value: holding.currency });

  if (!(ASSET_CLASSES as readonly string[]).includes(holding.assetClass))
    issues.push({ code: 'unknown-asset-class', field: 'assetClass', symbol: named, value: holding.assetClass });

  if (!isFiniteNumber(holding.lotSize) || holding.lotSize <= 0)
    issues.push({ code: 'invalid-lot-size', field: 'lotSize', symbol: named, value: holding.lotSize });

  issues.push(...validateTargetWeight(holding.targetWeight, 'targetWeight', named));
  return issues;
}

function validateTargetWeight(weight: number, field: string, symbol?: string): ValidationIssue[] {
  if (!isFiniteNumber(weight)) return [{ code: 'not-a-number', field, symbol, value: String(weight) }];
  if (weight < 0) return [{ code: 'negative-target', field, symbol, value: weight }];
  if (weight > 1 + TARGET_SUM_TOLERANCE)
    return [{ code: 'target-above-100', field, symbol, value: weight, expected: 1 }];
  return [];
}

/**
 * Checks a set of target weights (holdings plus cash) before they are saved together.
 * `targets` maps symbol → fraction.
 */
export function validateTargets(targets: Record<string, number>, cashTarget: number): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [symbol, weight] of Object.entries(targets)) {
    issues.push(...validateTargetWeight(weight, 'targetWeight', symbol));
  }
  issues.push(...validateTargetWeight(cashTarget, 'cashTarget'));
  if (issues.length > 0) return issues;
  const sum = Object.values(targets).reduce((total, weight) => total + weight, 0) + cashTarget;
  if (Math.abs(sum - 1) > TARGET_SUM_TOLERANCE) {
    issues.push({ code: 'targets-not-100', field: 'targetWeight', value: sum, expected: 1 });
  }
  return issues;
}

/** Checks a cash amount. */
export function validateCash(cash: number): ValidationIssue[] {
  if (!isFiniteNumber(cash)) return [{ code: 'not-a-number', field: 'cash', value: String(cash) }];
  if (cash < 0) return [{ code: 'negative-cash', field: 'cash', value: cash }];
  return [];
}

/** Checks a portfolio name. */
export function validatePortfolioName(name: string): ValidationIssue[] {
  return (name ?? '').trim() === '' ? [{ code: 'empty-name', field: 'name' }] : [];
}

/** Checks an FX rate entered for a currency. */
export function validateFxRate(currency: string, rate: number): ValidationIssue[] {
  if (!CURRENCY_PATTERN.test(currency)) return [{ code: 'invalid-currency', field: 'fxRates', value: currency }];
  if (!isFiniteNumber(rate)) return [{ code: 'not-a-number', field: 'fxRates', value: String(rate) }];
  if (rate <= 0) return [{ code: 'non-positive-fx-rate', field: 'fxRates', value: rate }];
  return [];
}

/**
 * Checks everything a rebalance needs: each holding, unique symbols, cash, targets summing to
 * 100 %, and an FX rate for every currency other than the base currency.
 */
export function validatePortfolio(portfolio: Portfolio): ValidationIssue[] {
  const issues: ValidationIssue[] = [...validatePortfolioName(portfolio.name)];
  if (!CURRENCY_PATTERN.test(portfolio.baseCurrency ?? ''))
    issues.push({ code: 'invalid-currency', field: 'baseCurrency', value: portfolio.baseCurrency });
  issues.push(...validateCash(portfolio.cash));

  const seen = new Set<string>();
  for (const holding of portfolio.holdings) {
    issues.push(...validateHolding(holding));
    const key = holding.symbol.trim().toUpperCase();
    if (seen.has(key)) issues.push({ code: 'duplicate-symbol', field: 'symbol', symbol: holding.symbol });
    seen.add(key);
    if (holding.currency !== portfolio.baseCurrency && CURRENCY_PATTERN.test(holding.currency)) {
      const rate = portfolio.fxRates[holding.currency];
      if (rate === undefined) {
        issues.push({ code: 'missing-fx-rate', field: 'fxRates', symbol: holding.symbol, value: holding.currency });
      } else {
        issues.push(...validateFxRate(holding.currency, rate).map((issue) => ({ ...issue, symbol: holding.symbol })));
      }
    }
  }

  issues.push(...validateTargetWeight(portfolio.cashTarget, 'cashTarget'));
  const weights = [...portfolio.holdings.map((h) => h.targetWeight), portfolio.cashTarget];
  if (weights.every((w) => isFiniteNumber(w))) {
    const sum = weights.reduce((total, weight) => total + weight, 0);
    if (Math.abs(sum - 1) > TARGET_SUM_TOLERANCE) {
      issues.push({ code: 'targets-not-100', field: 'targetWeight', value: sum, expected: 1 });
    }
  }
  return issues;
}
