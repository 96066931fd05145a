/**
 * Holdings as the user sees them: an asset (symbol, name, class, currency, price) with the tax
 * lots this portfolio holds of it and its target weight. Stored as three records (assets, lots,
 * targets) and always written together in one transaction.
 */
import { err, ok, type Result } from '../../core/result';
import type { Holding, Portfolio } from '../../core/portfolio/types';
import type { PositionLot } from '../../core/io/holdings-file';
import type { ValidationIssue } from '../../core/portfolio/validation-issue';
import { validateHolding } from '../../core/portfolio/validate';
import type { KeelDb } from '../open';
import type {
  AccountRecord,
  AssetRecord,
  LotRecord,
  PortfolioRecord,
  TargetRecord,
  TransactionRecord
} from '../schema';

/** An imported transaction before it has an id and a portfolio. */
export type ImportedTransaction = Omit<TransactionRecord, 'id' | 'portfolioId'>;

/** One lot of an imported holdings or transactions file. */
export type ImportedLot = PositionLot;

/** What an import replaced, so it can be undone. */
export interface PositionsSnapshot {
  portfolio: PortfolioRecord;
  accounts: AccountRecord[];
  lots: LotRecord[];
  /** The transactions kept before, when the import replaced them (undefined: left alone). */
  transactions: TransactionRecord[] | undefined;
}

/** A holding as listed: the core `Holding` plus how many tax lots make it up. */
export interface HoldingView extends Holding {
  lotCount: number;
}

/** What the holding form edits; the target weight is edited with all targets together. */
export type HoldingEdit = Omit<Holding, 'targetWeight'>;

/** What a removal took away, so it can be undone. */
export interface HoldingSnapshot {
  portfolioId: number;
  lots: LotRecord[];
  target: TargetRecord | undefined;
  cashTargetBefore: number;
}

export class HoldingRepository {
  constructor(private readonly db: KeelDb) {}

  /** The holdings of a portfolio in the order they were first added. */
  async list(portfolioId: number): Promise<HoldingView[]> {
    const tx = this.db.transaction(['lots', 'assets', 'targets'], 'readonly');
    const lots = await tx.objectStore('lots').index('byPortfolio').getAll(portfolioId);
    const targets = await tx.objectStore('targets').index('byPortfolio').getAll(portfolioId);
    const bySymbol = new Map<string, LotRecord[]>();
    for (const lot of lots.sort((a, b) => a.id - b.id)) {
      bySymbol.set(lot.symbol, [...(bySymbol.get(lot.symbol) ?? []), lot]);
    }
    const views: HoldingView[] = [];
    for (const [symbol, symbolLots] of bySymbol) {
      const asset = await tx.objectStore('assets').get(symbol);
      const target = targets.find((t) => t.symbol === symbol);
      views.push({
        symbol,
        name: asset?.name ?? symbol,
        assetClass: asset?.assetClass ?? 'other',
        currency: asset?.currency ?? 'USD',
        lotSize: asset?.lotSize ?? 1,
        price: asset && Number.isFinite(asset.price) ? asset.price : null,
        quantity: symbolLots.reduce((sum, lot) => sum + lot.quantity, 0),
        targetWeight: target?.weight ?? 0,
        lotCount: symbolLots.length
      });
    }
    await tx.done;
    return views;
  }

  /**
   * Adds a holding, or edits one (`previousSymbol` names it when the symbol itself changes).
   * Validates first; on any issue nothing is written.
   */
  async save(
    portfolioId: number,
    holding: HoldingEdit,
    previousSymbol?: string
  ): Promise<Result<void, ValidationIssue[]>> {
    const symbol = holding.symbol.trim().toUpperCase();
    const clean: Holding = { ...holding, symbol, name: holding.name.trim() || symbol, targetWeight: 0 };
    const issues = validateHolding(clean);
    if (issues.length > 0) return err(issues);

    const tx = this.db.transaction(['portfolios', 'accounts', 'lots', 'assets', 'targets'], 'readwrite');
    const fail = async (found: ValidationIssue[]) => {
      tx.abort();
      await tx.done.catch(() => undefined);
      return err(found);
    };
    const owner = await tx.objectStore('portfolios').get(portfolioId);
    if (!owner) {
      return fail([{ code: 'unknown-portfolio', field: 'portfolio', value: portfolioId }]);
    }
    const lotIndex = tx.objectStore('lots').index('byPortfolioSymbol');
    const from = previousSymbol ?? symbol;
    const existingLots = await lotIndex.getAll([portfolioId, from]);
    if (previousSymbol && existingLots.length === 0) {
      return fail([{ code: 'unknown-holding', field: 'symbol', symbol: previousSymbol }]);
    }
    if (from !== symbol && (await lotIndex.count([portfolioId, symbol])) > 0) {
      return fail([{ code: 'duplicate-symbol', field: 'symbol', symbol }]);
    }
    if (!previousSymbol && existingLots.length > 0) {
      return fail([{ code: 'duplicate-symbol', field: 'symbol', symbol }]);
    }
    const heldBefore = existingLots.reduce((sum, lot) => sum + lot.quantity, 0);
    if (existingLots.length > 1 && heldBefore !== clean.quantity) {
      return fail([{ code: 'quantity-spans-lots', field: 'quantity', symbol: from, value: existingLots.length }]);
    }

    const asset: AssetRecord = {
      symbol,
      name: clean.name,
      assetClass: clean.assetClass,
      currency: clean.currency,
      lotSize: clean.lotSize,
      price: clean.price,
      priceDate: new Date().toISOString().slice(0, 10)
    };
    await tx.objectStore('assets').put(asset);

    if (existingLots.length === 0) {
      const accounts = await tx.objectStore('accounts').index('byPortfolio').getAll(portfolioId);
      const accountId =
        accounts[0]?.id ??
        ((await tx.objectStore('accounts').add({
          portfolioId,
          name: 'Main account',
          kind: 'taxable',
          currency: owner.baseCurrency
        } as never)) as number);
      await tx.objectStore('lots').add({
        portfolioId,
        accountId,
        symbol,
        quantity: clean.quantity,
        costBasis: null,
        acquired: null
      } as LotRecord);
    } else {
      for (const lot of existingLots) {
        const quantity = existingLots.length === 1 ? clean.quantity : lot.quantity;
        await tx.objectStore('lots').put({ ...lot, symbol, quantity });
      }
    }
    if (from !== symbol) {
      const target = await tx.objectStore('targets').get([portfolioId, from]);
      if (target) {
        await tx.objectStore('targets').delete([portfolioId, from]);
        await tx.objectStore('targets').put({ ...target, symbol });
      }
    }
    await tx.done;
    return ok(undefined);
  }

  /**
   * Removes a holding (its lots and target). Its target weight moves to cash so targets still
   * sum to 100 %. Returns what was removed, for undo.
   */
  async remove(portfolioId: number, symbol: string): Promise<Result<HoldingSnapshot, ValidationIssue[]>> {
    const tx = this.db.transaction(['portfolios', 'lots', 'targets'], 'readwrite');
    const portfolio = (await tx.objectStore('portfolios').get(portfolioId)) as PortfolioRecord | undefined;
    const lots = await tx.objectStore('lots').index('byPortfolioSymbol').getAll([portfolioId, symbol]);
    if (!portfolio || lots.length === 0) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return err([{ code: 'unknown-holding', field: 'symbol', symbol }]);
    }
    const target = await tx.objectStore('targets').get([portfolioId, symbol]);
    for (const lot of lots) await tx.objectStore('lots').delete(lot.id);
    if (target) await tx.objectStore('targets').delete([portfolioId, symbol]);
    const cashTargetBefore = portfolio.cashTarget ?? 0;
    await tx.objectStore('portfolios').put({
      ...portfolio,
      cashTarget: cashTargetBefore + (target?.weight ?? 0),
      updatedAt: Date.now()
    });
    await tx.done;
    return ok({ portfolioId, lots, target, cashTargetBefore });
  }

  /**
   * Replaces every lot of a portfolio with imported ones, in one transaction: accounts are
   * found or created by name, unknown symbols get an asset record (priced from `latestPrices`
   * when a stored series has one), and symbols that have a target but no imported lot keep a
   * lot of zero so the targets still add up. `cash` (when given) replaces the cash balance.
   */
  async replacePositions(
    portfolioId: number,
    lots: ImportedLot[],
    cash: number | undefined,
    latestPrices: Map<string, { price: number; date: string }> = new Map(),
    transactions?: ImportedTransaction[]
  ): Promise<Result<PositionsSnapshot, ValidationIssue[]>> {
    const tx = this.db.transaction(
      ['portfolios', 'accounts', 'lots', 'assets', 'targets', 'transactions'],
      'readwrite'
    );
    const portfolio = await tx.objectStore('portfolios').get(portfolioId);
    if (!portfolio) {
      tx.abort();
      await tx.done.catch(() => undefined);
      return err([{ code: 'unknown-portfolio', field: 'portfolio', value: portfolioId }]);
    }
    const accounts = await tx.objectStore('accounts').index('byPortfolio').getAll(portfolioId);
    const before = await tx.objectStore('lots').index('byPortfolio').getAll(portfolioId);
    const targets = await tx.objectStore('targets').index('byPortfolio').getAll(portfolioId);
    for (const lot of before) await tx.objectStore('lots').delete(lot.id);
    const accountIds = new Map(accounts.map((a) => [a.name, a.id]));
    // A new account is kept in the currency of its first imported lot, else the base currency.
    const accountCurrency = (name: string) =>
      lots.find((lot) => lot.account === name && lot.currency)?.currency ?? portfolio.baseCurrency;
    const accountId = async (name: string) => {
      let id = accountIds.get(name);
      if (id === undefined) {
        id = (await tx
          .objectStore('accounts')
          .add({ portfolioId, name, kind: 'taxable', currency: accountCurrency(name) } as never)) as number;
        accountIds.set(name, id);
      }
      return id;
    };
    const imported = new Set<string>();
    for (const lot of lots) {
      const symbol = lot.symbol.trim().toUpperCase();
      imported.add(symbol);
      if (!(await tx.objectStore('assets').get(symbol))) {
        const latest = latestPrices.get(symbol);
        await tx.objectStore('assets').put({
          symbol,
          name: symbol,
          assetClass: 'other',
          currency: lot.currency ?? portfolio.baseCurrency,
          lotSize: 1,
          price: latest?.price ?? null,
          priceDate: latest?.date ?? null
        });
      }
      await tx.objectStore('lots').add({
        portfolioId,
        accountId: await accountId(lot.account),
        symbol,
        quantity: lot.quantity,
        costBasis: lot.costBasis,
        acquired: lot.acquired
      } as LotRecord);
    }
    for (const target of targets) {
      if (imported.has(target.symbol)) continue;
      await tx.objectStore('lots').add({
        portfolioId,
        accountId: await accountId(accounts[0]?.name ?? lots[0]?.account ?? 'Main account'),
        symbol: target.symbol,
        quantity: 0,
        costBasis: null,
        acquired: null
      } as LotRecord);
    }
    let transactionsBefore: TransactionRecord[] | undefined;
    if (transactions) {
      const store = tx.objectStore('transactions');
      transactionsBefore = await store.index('byPortfolio').getAll(portfolioId);
      for (const old of transactionsBefore) await store.delete(old.id);
      for (const t of transactions) await store.add({ ...t, portfolioId } as TransactionRecord);
    }
    await tx.objectStore('portfolios').put({ ...portfolio, cash: cash ?? portfolio.cash, updatedAt: Date.now() });
    await tx.done;
    return ok({ portfolio, accounts, lots: before, transactions: transactionsBefore });
  }

  /** Undoes `replacePositions`: the lots, accounts and cash from before come back exactly. */
  async restorePositions(snapshot: PositionsSnapshot): Promise<void> {
    const portfolioId = snapshot.portfolio.id;
    const tx = this.db.transaction(['portfolios', 'accounts', 'lots', 'transactions'], 'readwrite');
    for (const lot of await tx.objectStore('lots').index('byPortfolio').getAll(portfolioId))
      await tx.objectStore('lots').delete(lot.id);
    if (snapshot.transactions) {
      const store = tx.objectStore('transactions');
      for (const t of await store.index('byPortfolio').getAll(portfolioId)) await store.delete(t.id);
      for (const t of snapshot.transactions) await store.put(t);
    }
    const kept = new Set(snapshot.accounts.map((a) => a.id));
    for (const account of await tx.objectStore('accounts').index('byPortfolio').getAll(portfolioId))
      if (!kept.has(account.id)) await tx.objectStore('accounts').delete(account.id);
    for (const lot of snapshot.lots) await tx.objectStore('lots').put(lot);
    await tx.objectStore('portfolios').put({ ...snapshot.portfolio, updatedAt: Date.now() });
    await tx.done;
  }

  /** Undoes `remove`: lots, target and the cash target come back exactly. */
  async restore(snapshot: HoldingSnapshot): Promise<void> {
    const tx = this.db.transaction(['portfolios', 'lots', 'targets'], 'readwrite');
    const portfolio = await tx.objectStore('portfolios').get(snapshot.portfolioId);
    if (portfolio) {
      await tx
        .objectStore('portfolios')
        .put({ ...portfolio, cashTarget: snapshot.cashTargetBefore, updatedAt: Date.now() });
    }
    for (const lot of snapshot.lots) await tx.objectStore('lots').put(lot);
    if (snapshot.target) await tx.objectStore('targets').put(snapshot.target);
    await tx.done;
  }
}

/** One tax lot with what an export needs beside it. */
export interface LotExportRow {
  account: string;
  accountKind: string;
  accountCurrency: string;
  symbol: string;
  name: string;
  assetClass: string;
  quantity: number;
  costBasis: number | null;
  acquired: string | null;
  currency: string;
  price: number | null;
  targetWeight: number;
}

/** Every tax lot of a portfolio, joined with its account, asset and target, for export. */
export async function lotsForExport(db: KeelDb, portfolioId: number): Promise<LotExportRow[]> {
  const tx = db.transaction(['lots', 'accounts', 'assets', 'targets'], 'readonly');
  const lots = await tx.objectStore('lots').index('byPortfolio').getAll(portfolioId);
  const accounts = await tx.objectStore('accounts').index('byPortfolio').getAll(portfolioId);
  const targets = await tx.objectStore('targets').index('byPortfolio').getAll(portfolioId);
  const rows: LotExportRow[] = [];
  for (const lot of lots.sort((a, b) => a.id - b.id)) {
    const asset = await tx.objectStore('assets').get(lot.symbol);
    const account = accounts.find((a) => a.id === lot.accountId);
    rows.push({
      account: account?.name ?? '',
      accountKind: account?.kind ?? '',
      accountCurrency: account?.currency ?? '',
      symbol: lot.symbol,
      name: asset?.name ?? lot.symbol,
      assetClass: asset?.assetClass ?? 'other',
      quantity: lot.quantity,
      costBasis: lot.costBasis,
      acquired: lot.acquired,
      currency: asset?.currency ?? '',
      price: asset?.price ?? null,
      targetWeight: targets.find((t) => t.symbol === lot.symbol)?.weight ?? 0
    });
  }
  await tx.done;
  return rows;
}

/** A portfolio's imported transactions, oldest first (the file's order within a day). */
export async function transactionsOf(db: KeelDb, portfolioId: number): Promise<TransactionRecord[]> {
  const all = await db.getAllFromIndex('transactions', 'byPortfolio', portfolioId);
  return all.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
}

/** Reads a whole portfolio as the core's plain `Portfolio`. */
export async function loadPortfolio(db: KeelDb, portfolioId: number): Promise<Portfolio | undefined> {
  const record = await db.get('portfolios', portfolioId);
  if (!record) return undefined;
  const holdings = await new HoldingRepository(db).list(portfolioId);
  return {
    name: record.name,
    baseCurrency: record.baseCurrency,
    cash: record.cash,
    cashTarget: record.cashTarget ?? 0,
    fxRates: record.fxRates ?? {},
    holdings: holdings.map(({ lotCount: _lotCount, ...holding }) => holding)
  };
}
