/**
 * A portfolio as a household for the planner: its accounts (with their tax types), lots, assets
 * and targets read in one transaction, and a plan's execution written back in one transaction
 * (lots sold down, new lots bought, cash moved) with what it replaced kept for undo.
 */
import type { ExecutionChanges } from '../../core/planner/execute-plan';
import { storedLotId, type HouseholdRecords } from '../../core/planner/from-household';
import type { KeelDb } from '../open';
import type { AccountKind, AccountRecord, LotRecord, PortfolioRecord } from '../schema';

export interface ExecutionSnapshot {
  portfolio: PortfolioRecord;
  lots: LotRecord[];
}

export class HouseholdRepository {
  constructor(private readonly db: KeelDb) {}

  async records(portfolioId: number): Promise<(HouseholdRecords & { accountRecords: AccountRecord[] }) | undefined> {
    const tx = this.db.transaction(['portfolios', 'accounts', 'lots', 'assets', 'targets'], 'readonly');
    const portfolio = await tx.objectStore('portfolios').get(portfolioId);
    if (!portfolio) return undefined;
    const accounts = (await tx.objectStore('accounts').index('byPortfolio').getAll(portfolioId)).sort(
      (a, b) => a.id - b.id
    );
    const lots = await tx.objectStore('lots').index('byPortfolio').getAll(portfolioId);
    const targets = await tx.objectStore('targets').index('byPortfolio').getAll(portfolioId);
    const symbols = [...new Set([...lots.map((l) => l.symbol), ...targets.map((t) => t.symbol)])];
    const assets = [];
    for (const symbol of symbols) {
      const asset = await tx.objectStore('assets').get(symbol);
      if (asset) assets.push(asset);
    }
    await tx.done;
    const nameOf = new Map(accounts.map((a) => [a.id, a.name]));
    return {
      accountRecords: accounts,
      baseCurrency: portfolio.baseCurrency,
      cash: portfolio.cash,
      fxRates: portfolio.fxRates,
      accounts: accounts.map((a) => ({ name: a.name, kind: a.kind })),
      lots: lots
        .filter((l) => l.quantity > 0)
        .map((l) => ({
          id: l.id,
          account: nameOf.get(l.accountId) ?? 'Main',
          symbol: l.symbol,
          quantity: l.quantity,
          costBasis: l.costBasis,
          acquired: l.acquired
        })),
      assets: assets.map((a) => ({
        symbol: a.symbol,
        assetClass: a.assetClass,
        currency: a.currency,
        lotSize: a.lotSize,
        price: a.price
      })),
      targets: Object.fromEntries(targets.map((t) => [t.symbol, t.weight]))
    };
  }

  async setAccountKind(accountId: number, kind: AccountKind): Promise<void> {
    const account = await this.db.get('accounts', accountId);
    if (account) await this.db.put('accounts', { ...account, kind });
  }

  /** Writes an execution: one transaction, so it lands whole or not at all. */
  async applyExecution(portfolioId: number, changes: ExecutionChanges, cashAfter: number): Promise<ExecutionSnapshot> {
    const tx = this.db.transaction(['portfolios', 'accounts', 'lots'], 'readwrite');
    const portfolio = await tx.objectStore('portfolios').get(portfolioId);
    if (!portfolio) throw new Error(`No portfolio ${portfolioId}`);
    const lots = await tx.objectStore('lots').index('byPortfolio').getAll(portfolioId);
    const accounts = await tx.objectStore('accounts').index('byPortfolio').getAll(portfolioId);
    const accountId = new Map(accounts.map((a) => [a.name, a.id]));
    for (const [plannerId, sold] of Object.entries(changes.lotsReduced)) {
      const lot = lots.find((l) => l.id === storedLotId(plannerId));
      if (!lot) throw new Error(`The plan sells from lot ${plannerId}, which is no longer held`);
      const quantity = lot.quantity - sold;
      if (quantity < -1e-9) throw new Error(`The plan sells more of lot ${plannerId} than it holds`);
      const share = lot.quantity > 0 ? quantity / lot.quantity : 0;
      if (quantity <= 1e-9) await tx.objectStore('lots').delete(lot.id);
      else
        await tx
          .objectStore('lots')
          .put({ ...lot, quantity, costBasis: lot.costBasis === null ? null : lot.costBasis * share });
    }
    for (const lot of changes.newLots) {
      const account = accountId.get(lot.account);
      if (account === undefined) throw new Error(`No account ${lot.account}`);
      await tx.objectStore('lots').add({
        portfolioId,
        accountId: account,
        symbol: lot.symbol,
        quantity: lot.quantity,
        costBasis: lot.costBasis,
        acquired: lot.acquired
      } as LotRecord);
    }
    await tx.objectStore('portfolios').put({ ...portfolio, cash: cashAfter, updatedAt: Date.now() });
    await tx.done;
    return { portfolio, lots };
  }

  /** Undoes an execution: the lots and cash from before come back exactly. */
  async restoreExecution(snapshot: ExecutionSnapshot): Promise<void> {
    const tx = this.db.transaction(['portfolios', 'lots'], 'readwrite');
    for (const lot of await tx.objectStore('lots').index('byPortfolio').getAll(snapshot.portfolio.id))
      await tx.objectStore('lots').delete(lot.id);
    for (const lot of snapshot.lots) await tx.objectStore('lots').put(lot);
    await tx.objectStore('portfolios').put({ ...snapshot.portfolio, updatedAt: Date.now() });
    await tx.done;
  }
}
