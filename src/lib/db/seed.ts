/**
 * Writes a whole core `Portfolio` (for example the first-run demo) through the repositories.
 */
import { err, ok, type Result } from '../core/result';
import type { Portfolio } from '../core/portfolio/types';
import type { ValidationIssue } from '../core/portfolio/validation-issue';
import { validatePortfolio } from '../core/portfolio/validate';
import type { Repositories } from './repositories';

/** Creates the portfolio with its holdings and targets; returns the new id. */
export async function createPortfolioFrom(
  repos: Repositories,
  portfolio: Portfolio
): Promise<Result<number, ValidationIssue[]>> {
  const issues = validatePortfolio(portfolio);
  if (issues.length > 0) return err(issues);
  const created = await repos.portfolios.create({
    name: portfolio.name,
    baseCurrency: portfolio.baseCurrency,
    cash: portfolio.cash,
    cashTarget: 1
  });
  if (!created.ok) return created;
  const id = created.value;
  for (const { targetWeight: _target, ...holding } of portfolio.holdings) {
    const saved = await repos.holdings.save(id, holding);
    if (!saved.ok) {
      await repos.portfolios.delete(id);
      return saved;
    }
  }
  for (const [currency, rate] of Object.entries(portfolio.fxRates))
    await repos.portfolios.setFxRate(id, currency, rate);
  const targets = Object.fromEntries(portfolio.holdings.map((h) => [h.symbol, h.targetWeight]));
  const setTargets = await repos.portfolios.setTargets(id, targets, portfolio.cashTarget);
  if (!setTargets.ok) {
    await repos.portfolios.delete(id);
    return setTargets;
  }
  return ok(id);
}
