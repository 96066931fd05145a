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

/**
 * Creates a household (accounts with their tax types, lots, prices, targets and the planner's
 * settings) from planner input, such as the demo household; returns the new portfolio id.
 */
export async function createHouseholdFrom(
  repos: Repositories,
  name: string,
  input: import('../core/planner/planner-input').PlannerInput
): Promise<Result<number, ValidationIssue[]>> {
  const cashByAccount = input.cash;
  const cash = Object.values(cashByAccount).reduce((a, b) => a + b, 0);
  const targetSum = Object.values(input.targets).reduce((a, b) => a + b, 0);
  const created = await repos.portfolios.create({ name, baseCurrency: input.baseCurrency, cash, cashTarget: 1 });
  if (!created.ok) return created;
  const id = created.value;
  const tx = repos.db.transaction(['accounts', 'assets', 'lots'], 'readwrite');
  // A new portfolio starts with a default account; the household brings its own.
  for (const account of await tx.objectStore('accounts').index('byPortfolio').getAll(id))
    await tx.objectStore('accounts').delete(account.id);
  const accountIds = new Map<string, number>();
  for (const account of input.accounts)
    accountIds.set(
      account.id,
      (await tx.objectStore('accounts').add({
        portfolioId: id,
        name: account.id,
        kind: account.type,
        currency: input.baseCurrency
      } as never)) as number
    );
  for (const [symbol, price] of Object.entries(input.prices)) {
    const info = input.assets?.[symbol] ?? {};
    const existing = await tx.objectStore('assets').get(symbol);
    await tx.objectStore('assets').put({
      symbol,
      name: existing?.name ?? info.name ?? symbol,
      assetClass: (info.assetClass as never) ?? existing?.assetClass ?? 'other',
      currency: input.baseCurrency,
      lotSize: info.lotSize ?? 1,
      price,
      priceDate: input.asOf
    });
  }
  for (const lot of input.lots)
    await tx.objectStore('lots').add({
      portfolioId: id,
      accountId: accountIds.get(lot.account)!,
      symbol: lot.symbol,
      quantity: lot.quantity,
      costBasis: lot.costBasis,
      acquired: lot.acquired
    } as never);
  await tx.done;
  const targets = await repos.portfolios.setTargets(id, input.targets, Math.max(0, 1 - targetSum));
  if (!targets.ok) {
    await repos.portfolios.delete(id);
    return targets;
  }
  const settings = await repos.settings.get('plannerSettings');
  await repos.settings.set('plannerSettings', {
    ...settings,
    [id]: {
      policy: input.policy,
      costs: input.costs,
      tax: input.tax ?? {},
      rules: input.rules,
      cashByAccount
    }
  });
  return ok(id);
}
