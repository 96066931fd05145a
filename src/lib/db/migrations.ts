/**
 * Schema migrations. `MIGRATIONS[v]` upgrades a database from version v − 1 to v. They run in
 * order inside IndexedDB's single upgrade transaction: if one fails, the browser aborts the whole
 * upgrade and the database stays at its old version with its data intact.
 *
 * Migrations touch stores by name with loose types on purpose: the typed schema describes only the
 * current version, and old stores (like v1 `holdings`) are not in it.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import type { HoldingRecordV1, PortfolioRecordV1 } from './schema';

// Loose handles: a migration sees stores of several versions.
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyDb = IDBPDatabase<any>;
type AnyTx = IDBPTransaction<any, any, 'versionchange'>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export type Migration = (db: AnyDb, tx: AnyTx) => Promise<void>;

export const MIGRATIONS: Record<number, Migration> = {
  /** Version 1: portfolios and flat holdings. */
  1: async (db) => {
    db.createObjectStore('portfolios', { keyPath: 'id', autoIncrement: true });
    const holdings = db.createObjectStore('holdings', { keyPath: 'id', autoIncrement: true });
    holdings.createIndex('byPortfolio', 'portfolioId');
  },

  /**
   * Version 2: holdings become assets (metadata and price once per symbol) + tax lots in an
   * account + target weights; portfolios gain a cash target and FX rates; price series and
   * settings appear. Targets keep their values; cash gets whatever makes them sum to 100 %.
   */
  2: async (db, tx) => {
    const accounts = db.createObjectStore('accounts', { keyPath: 'id', autoIncrement: true });
    accounts.createIndex('byPortfolio', 'portfolioId');
    db.createObjectStore('assets', { keyPath: 'symbol' });
    const lots = db.createObjectStore('lots', { keyPath: 'id', autoIncrement: true });
    lots.createIndex('byPortfolio', 'portfolioId');
    lots.createIndex('byPortfolioSymbol', ['portfolioId', 'symbol']);
    const targets = db.createObjectStore('targets', { keyPath: ['portfolioId', 'symbol'] });
    targets.createIndex('byPortfolio', 'portfolioId');
    const prices = db.createObjectStore('priceSeries', { keyPath: ['symbol', 'chunkStart'] });
    prices.createIndex('bySymbol', 'symbol');
    db.createObjectStore('settings', { keyPath: 'key' });

    const portfolioStore = tx.objectStore('portfolios');
    const oldPortfolios = (await portfolioStore.getAll()) as PortfolioRecordV1[];
    const oldHoldings = (await tx.objectStore('holdings').getAll()) as HoldingRecordV1[];
    // When portfolios disagree on an asset's price, the most recently created one wins.
    const byAge = [...oldPortfolios].sort((a, b) => a.createdAt - b.createdAt);

    for (const portfolio of byAge) {
      const own = oldHoldings.filter((h) => h.portfolioId === portfolio.id);
      const targetSum = own.reduce((sum, h) => sum + (Number.isFinite(h.targetWeight) ? h.targetWeight : 0), 0);
      await portfolioStore.put({
        ...portfolio,
        cashTarget: Math.max(0, 1 - targetSum),
        fxRates: {},
        updatedAt: portfolio.createdAt
      });
      const accountId = (await tx.objectStore('accounts').add({
        portfolioId: portfolio.id,
        name: 'Main account',
        kind: 'taxable'
      })) as number;
      for (const holding of own) {
        await tx.objectStore('assets').put({
          symbol: holding.symbol,
          name: holding.name,
          assetClass: holding.assetClass,
          currency: holding.currency,
          lotSize: 1,
          price: holding.price,
          priceDate: null
        });
        await tx.objectStore('lots').add({
          portfolioId: portfolio.id,
          accountId,
          symbol: holding.symbol,
          quantity: holding.quantity,
          costBasis: null,
          acquired: null
        });
        await tx.objectStore('targets').put({
          portfolioId: portfolio.id,
          symbol: holding.symbol,
          weight: holding.targetWeight
        });
      }
    }
    db.deleteObjectStore('holdings');
  },

  /**
   * Version 3: imported transactions are kept per portfolio (for export and the record), and
   * every account has a currency: existing accounts take their portfolio's base currency.
   */
  3: async (db, tx) => {
    const transactions = db.createObjectStore('transactions', { keyPath: 'id', autoIncrement: true });
    transactions.createIndex('byPortfolio', 'portfolioId');
    const portfolios = (await tx.objectStore('portfolios').getAll()) as { id: number; baseCurrency?: string }[];
    const accounts = tx.objectStore('accounts');
    for (const account of (await accounts.getAll()) as { portfolioId: number; currency?: string }[]) {
      const base = portfolios.find((p) => p.id === account.portfolioId)?.baseCurrency ?? 'USD';
      await accounts.put({ ...account, currency: account.currency ?? base });
    }
  },

  /** Version 4: rebalancing plans with their status, and the append-only audit log. */
  4: async (db) => {
    const plans = db.createObjectStore('plans', { keyPath: 'id', autoIncrement: true });
    plans.createIndex('byPortfolio', 'portfolioId');
    db.createObjectStore('auditLog', { keyPath: 'seq' });
  },

  /** Version 5: saved backtest runs. */
  5: async (db) => {
    db.createObjectStore('backtestRuns', { keyPath: 'id', autoIncrement: true });
  },

  /** Version 6: the user's own ONNX models. */
  6: async (db) => {
    db.createObjectStore('models', { keyPath: 'id', autoIncrement: true });
  }
};
