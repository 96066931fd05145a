import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openKeelDb } from '$lib/db/open';
import { CURRENT_VERSION } from '$lib/db/schema';
import { repositories } from '$lib/db/repositories';
import { loadPortfolio } from '$lib/db/repositories/holdings';
import fixture from './fixtures/keel-v1.json';

async function writeVersion1Database(name: string) {
  const db = await openKeelDb({ name, version: 1 });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const loose = db as any;
  for (const p of fixture.portfolios) await loose.put('portfolios', p);
  for (const h of fixture.holdings) await loose.put('holdings', h);
  db.close();
}

describe('schema migrations', () => {
  it('upgrades the version-1 fixture to the current version with nothing lost', async () => {
    await writeVersion1Database('migrate-v1');
    const db = await openKeelDb({ name: 'migrate-v1' });
    expect(db.version).toBe(CURRENT_VERSION);
    expect([...db.objectStoreNames]).not.toContain('holdings');
    const repos = repositories(db);

    const portfolios = await repos.portfolios.list();
    expect(portfolios.map((p) => [p.id, p.name, p.baseCurrency, p.cash])).toEqual([
      [1, 'Retirement', 'USD', 1234.56],
      [2, "Kids' savings", 'EUR', 0]
    ]);

    const retirement = await loadPortfolio(db, 1);
    expect(retirement?.holdings).toEqual([
      {
        symbol: 'VTI',
        name: 'US total market',
        assetClass: 'equity',
        quantity: 100,
        price: 250.5,
        currency: 'USD',
        targetWeight: 0.6,
        lotSize: 1
      },
      {
        symbol: 'BND',
        name: 'US bonds',
        assetClass: 'bond',
        quantity: 80.5,
        price: 72.1,
        currency: 'USD',
        targetWeight: 0.35,
        lotSize: 1
      }
    ]);
    // The 5 % the old targets left unassigned becomes the cash target, so targets sum to 100 %.
    expect(retirement?.cashTarget).toBeCloseTo(0.05, 12);

    const kids = await loadPortfolio(db, 2);
    expect(kids?.holdings.map((h) => [h.symbol, h.quantity, h.price, h.currency, h.targetWeight])).toEqual([
      ['VGK', 40, 65, 'EUR', 1]
    ]);
    expect(kids?.cashTarget).toBe(0);

    // Every holding became one tax lot in a taxable account of its portfolio.
    const lots = await db.getAll('lots');
    expect(lots).toHaveLength(3);
    for (const lot of lots) {
      const account = await db.get('accounts', lot.accountId);
      expect(account?.portfolioId).toBe(lot.portfolioId);
      expect(account?.kind).toBe('taxable');
      // Version 3: each account is kept in its portfolio's base currency.
      expect(account?.currency).toBe(lot.portfolioId === 1 ? 'USD' : 'EUR');
    }
    db.close();
  });

  it('opens an empty database straight at the current version', async () => {
    const db = await openKeelDb({ name: 'fresh' });
    expect(db.version).toBe(CURRENT_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'accounts',
      'assets',
      'auditLog',
      'backtestRuns',
      'lots',
      'models',
      'plans',
      'portfolios',
      'priceSeries',
      'settings',
      'targets',
      'transactions'
    ]);
    db.close();
  });
});
