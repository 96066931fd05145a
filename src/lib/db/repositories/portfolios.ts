/**
 * Portfolios: create, rename, update cash, targets and FX rates, delete with everything they own.
 * Every write validates first and returns the issues instead of writing bad data.
 */
import { err, ok, type Result } from '../../core/result';
import type { ValidationIssue } from '../../core/portfolio/validation-issue';
import { validateCash, validateFxRate, validatePortfolioName, validateTargets } from '../../core/portfolio/validate';
import type { KeelDb } from '../open';
import type { AccountRecord, LotRecord, PortfolioRecord, TargetRecord } from '../schema';

export interface NewPortfolio {
  name: string;
  baseCurrency?: string;
  cash?: number;
  cashTarget?: number;
}

/** Everything a deleted portfolio owned, so the deletion can be undone exactly. */
export interface PortfolioSnapshot {
  portfolio: PortfolioRecord;
  accounts: AccountRecord[];
  lots: LotRecord[];
  targets: TargetRecord[];
}

/** Checks a stored record and fills fields an older or damaged record lacks. */
function readPortfolio(record: PortfolioRecord | undefined): PortfolioRecord | undefined {
  if (!record) return undefined;
  return {
    id: record.id,
    name: typeof record.name === 'string' ? record.name : 'Untitled portfolio',
    baseCurrency: typeof record.baseCurrency === 'string' ? record.baseCurrency : 'USD',
    cash: Number.isFinite(record.cash) ? record.cash : 0,
    cashTarget: Number.isFinite(record.cashTarget) ? record.cashTarget : 0,
    fxRates: record.fxRates && typeof record.fxRates === 'object' ? record.fxRates : {},
    createdAt: record.createdAt ?? 0,
    updatedAt: record.updatedAt ?? record.createdAt ?? 0
  };
}

export class PortfolioRepository {
  constructor(private readonly db: KeelDb) {}

  async list(): Promise<PortfolioRecord[]> {
    const all = await this.db.getAll('portfolios');
    return all.map((record) => readPortfolio(record) as PortfolioRecord).sort((a, b) => a.createdAt - b.createdAt);
  }

  async get(id: number): Promise<PortfolioRecord | undefined> {
    return readPortfolio(await this.db.get('portfolios', id));
  }

  /** Creates a portfolio with one taxable account; returns its id. */
  async create(input: NewPortfolio): Promise<Result<number, ValidationIssue[]>> {
    const issues = [...validatePortfolioName(input.name), ...validateCash(input.cash ?? 0)];
    if (issues.length > 0) return err(issues);
    const tx = this.db.transaction(['portfolios', 'accounts'], 'readwrite');
    const now = Date.now();
    const id = await tx.objectStore('portfolios').add({
      name: input.name.trim(),
      baseCurrency: input.baseCurrency ?? 'USD',
      cash: input.cash ?? 0,
      cashTarget: input.cashTarget ?? 1,
      fxRates: {},
      createdAt: now,
      updatedAt: now
    } as PortfolioRecord);
    await tx.objectStore('accounts').add({
      portfolioId: id,
      name: 'Main account',
      kind: 'taxable',
      currency: input.baseCurrency ?? 'USD'
    } as AccountRecord);
    await tx.done;
    return ok(id);
  }

  async rename(id: number, name: string): Promise<Result<void, ValidationIssue[]>> {
    const issues = validatePortfolioName(name);
    if (issues.length > 0) return err(issues);
    return this.patch(id, { name: name.trim() });
  }

  async setCash(id: number, cash: number): Promise<Result<void, ValidationIssue[]>> {
    const issues = validateCash(cash);
    if (issues.length > 0) return err(issues);
    return this.patch(id, { cash });
  }

  async setFxRate(id: number, currency: string, rate: number): Promise<Result<void, ValidationIssue[]>> {
    const issues = validateFxRate(currency, rate);
    if (issues.length > 0) return err(issues);
    const current = await this.get(id);
    if (!current) return err([{ code: 'unknown-portfolio', field: 'portfolio', value: id }]);
    return this.patch(id, { fxRates: { ...current.fxRates, [currency]: rate } });
  }

  /**
   * Replaces all target weights of a portfolio at once (they must sum to 100 % with cash).
   * Symbols not named get a target of 0.
   */
  async setTargets(
    id: number,
    targets: Record<string, number>,
    cashTarget: number
  ): Promise<Result<void, ValidationIssue[]>> {
    const issues = validateTargets(targets, cashTarget);
    if (issues.length > 0) return err(issues);
    const tx = this.db.transaction(['portfolios', 'targets'], 'readwrite');
    const portfolio = readPortfolio(await tx.objectStore('portfolios').get(id));
    if (!portfolio) {
      tx.abort();
      return err([{ code: 'unknown-portfolio', field: 'portfolio', value: id }]);
    }
    const store = tx.objectStore('targets');
    for (const key of await store.index('byPortfolio').getAllKeys(id)) await store.delete(key);
    for (const [symbol, weight] of Object.entries(targets)) await store.put({ portfolioId: id, symbol, weight });
    await tx.objectStore('portfolios').put({ ...portfolio, cashTarget, updatedAt: Date.now() });
    await tx.done;
    return ok(undefined);
  }

  /** Deletes a portfolio with its accounts, lots and targets in one transaction. */
  async delete(id: number): Promise<PortfolioSnapshot | undefined> {
    const tx = this.db.transaction(['portfolios', 'accounts', 'lots', 'targets'], 'readwrite');
    const portfolio = readPortfolio(await tx.objectStore('portfolios').get(id));
    if (!portfolio) {
      await tx.done;
      return undefined;
    }
    const accounts = await tx.objectStore('accounts').index('byPortfolio').getAll(id);
    const lots = await tx.objectStore('lots').index('byPortfolio').getAll(id);
    const targets = await tx.objectStore('targets').index('byPortfolio').getAll(id);
    for (const account of accounts) await tx.objectStore('accounts').delete(account.id);
    for (const lot of lots) await tx.objectStore('lots').delete(lot.id);
    for (const target of targets) await tx.objectStore('targets').delete([target.portfolioId, target.symbol]);
    await tx.objectStore('portfolios').delete(id);
    await tx.done;
    return { portfolio, accounts, lots, targets };
  }

  /** Puts back exactly what `delete` removed (the undo of a deletion). */
  async restore(snapshot: PortfolioSnapshot): Promise<void> {
    const tx = this.db.transaction(['portfolios', 'accounts', 'lots', 'targets'], 'readwrite');
    await tx.objectStore('portfolios').put(snapshot.portfolio);
    for (const account of snapshot.accounts) await tx.objectStore('accounts').put(account);
    for (const lot of snapshot.lots) await tx.objectStore('lots').put(lot);
    for (const target of snapshot.targets) await tx.objectStore('targets').put(target);
    await tx.done;
  }

  private async patch(id: number, changes: Partial<PortfolioRecord>): Promise<Result<void, ValidationIssue[]>> {
    const tx = this.db.transaction('portfolios', 'readwrite');
    const current = readPortfolio(await tx.store.get(id));
    if (!current) {
      await tx.done;
      return err([{ code: 'unknown-portfolio', field: 'portfolio', value: id }]);
    }
    await tx.store.put({ ...current, ...changes, updatedAt: Date.now() });
    await tx.done;
    return ok(undefined);
  }
}
