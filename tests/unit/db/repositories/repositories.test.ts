import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { openKeelDb } from '$lib/db/open';
import { repositories, type Repositories } from '$lib/db/repositories';
import { loadPortfolio } from '$lib/db/repositories/holdings';
import { CHUNK_DAYS } from '$lib/db/repositories/price-series';
import { createPortfolioFrom } from '$lib/db/seed';
import { SIX_FUND_DEMO } from '$lib/demo/six-fund-portfolio';

let repos: Repositories;
let counter = 0;

beforeEach(async () => {
  counter += 1;
  repos = repositories(await openKeelDb({ name: `repos-${counter}` }));
});

const vti = {
  symbol: 'VTI',
  name: 'US market',
  assetClass: 'equity' as const,
  quantity: 10,
  price: 250,
  currency: 'USD',
  lotSize: 1
};

async function newPortfolio(name = 'Mine') {
  const created = await repos.portfolios.create({ name, cash: 100 });
  if (!created.ok) throw new Error('create failed');
  return created.value;
}

describe('PortfolioRepository', () => {
  it('creates, renames and lists portfolios', async () => {
    const id = await newPortfolio();
    expect((await repos.portfolios.rename(id, '  Retirement ')).ok).toBe(true);
    const list = await repos.portfolios.list();
    expect(list.map((p) => [p.name, p.cash, p.cashTarget, p.baseCurrency])).toEqual([['Retirement', 100, 1, 'USD']]);
  });

  it('rejects an empty name and keeps the old one', async () => {
    const id = await newPortfolio('Keep me');
    const renamed = await repos.portfolios.rename(id, '   ');
    expect(renamed.ok).toBe(false);
    expect((await repos.portfolios.get(id))?.name).toBe('Keep me');
  });

  it('rejects negative cash and keeps the old amount', async () => {
    const id = await newPortfolio();
    const result = await repos.portfolios.setCash(id, -5);
    expect(result.ok === false && result.error[0].code).toBe('negative-cash');
    expect((await repos.portfolios.get(id))?.cash).toBe(100);
  });

  it('saves targets only when they sum to 100 % with cash', async () => {
    const id = await newPortfolio();
    await repos.holdings.save(id, vti);
    const bad = await repos.portfolios.setTargets(id, { VTI: 0.5 }, 0.2);
    expect(bad.ok === false && bad.error[0].code).toBe('targets-not-100');
    expect((await loadPortfolio(repos.db, id))?.holdings[0].targetWeight).toBe(0);
    expect((await repos.portfolios.setTargets(id, { VTI: 0.8 }, 0.2)).ok).toBe(true);
    const loaded = await loadPortfolio(repos.db, id);
    expect(loaded?.holdings[0].targetWeight).toBe(0.8);
    expect(loaded?.cashTarget).toBe(0.2);
  });

  it('deletes a portfolio with its lots and targets, and restores it exactly', async () => {
    const id = await newPortfolio();
    await repos.holdings.save(id, vti);
    await repos.portfolios.setTargets(id, { VTI: 1 }, 0);
    const before = await loadPortfolio(repos.db, id);
    const snapshot = await repos.portfolios.delete(id);
    expect(await repos.portfolios.get(id)).toBeUndefined();
    expect(await repos.db.getAll('lots')).toEqual([]);
    expect(await repos.db.getAll('targets')).toEqual([]);
    await repos.portfolios.restore(snapshot!);
    expect(await loadPortfolio(repos.db, id)).toEqual(before);
  });

  it('stores FX rates and refuses a non-positive one', async () => {
    const id = await newPortfolio();
    expect((await repos.portfolios.setFxRate(id, 'EUR', 1.08)).ok).toBe(true);
    expect((await repos.portfolios.setFxRate(id, 'GBP', 0)).ok).toBe(false);
    expect((await repos.portfolios.get(id))?.fxRates).toEqual({ EUR: 1.08 });
  });
});

describe('HoldingRepository', () => {
  it('adds and edits a holding, stored as one tax lot', async () => {
    const id = await newPortfolio();
    expect((await repos.holdings.save(id, vti)).ok).toBe(true);
    expect((await repos.holdings.save(id, { ...vti, quantity: 12, price: 260 }, 'VTI')).ok).toBe(true);
    const [holding] = await repos.holdings.list(id);
    expect(holding).toMatchObject({ symbol: 'VTI', quantity: 12, price: 260, lotCount: 1 });
    expect(await repos.db.count('lots')).toBe(1);
  });

  it('rejects a negative quantity and loses nothing', async () => {
    const id = await newPortfolio();
    await repos.holdings.save(id, vti);
    const result = await repos.holdings.save(id, { ...vti, quantity: -1 }, 'VTI');
    expect(result.ok === false && result.error.map((i) => i.code)).toEqual(['negative-quantity']);
    expect((await repos.holdings.list(id))[0].quantity).toBe(10);
  });

  it('rejects a holding without a price', async () => {
    const id = await newPortfolio();
    const result = await repos.holdings.save(id, { ...vti, price: null });
    expect(result.ok === false && result.error.map((i) => i.code)).toEqual(['missing-price']);
    expect(await repos.holdings.list(id)).toEqual([]);
  });

  it('refuses to add the same symbol twice', async () => {
    const id = await newPortfolio();
    await repos.holdings.save(id, vti);
    const again = await repos.holdings.save(id, { ...vti, quantity: 1 });
    expect(again.ok === false && again.error[0].code).toBe('duplicate-symbol');
    expect((await repos.holdings.list(id))[0].quantity).toBe(10);
  });

  it('renames a symbol and carries its target along', async () => {
    const id = await newPortfolio();
    await repos.holdings.save(id, vti);
    await repos.portfolios.setTargets(id, { VTI: 0.9 }, 0.1);
    await repos.holdings.save(id, { ...vti, symbol: 'ITOT' }, 'VTI');
    const loaded = await loadPortfolio(repos.db, id);
    expect(loaded?.holdings.map((h) => [h.symbol, h.targetWeight])).toEqual([['ITOT', 0.9]]);
  });

  it('removes a holding, moves its target to cash, and undoes the removal exactly', async () => {
    const id = await newPortfolio();
    await repos.holdings.save(id, vti);
    await repos.portfolios.setTargets(id, { VTI: 0.7 }, 0.3);
    const before = await loadPortfolio(repos.db, id);
    const removed = await repos.holdings.remove(id, 'VTI');
    if (!removed.ok) throw new Error('remove failed');
    const after = await loadPortfolio(repos.db, id);
    expect(after?.holdings).toEqual([]);
    expect(after?.cashTarget).toBeCloseTo(1, 12);
    await repos.holdings.restore(removed.value);
    expect(await loadPortfolio(repos.db, id)).toEqual(before);
  });

  it('writes the demo portfolio so that it loads back identical', async () => {
    const created = await createPortfolioFrom(repos, SIX_FUND_DEMO);
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    expect(await loadPortfolio(repos.db, created.value)).toEqual(SIX_FUND_DEMO);
  });
});

describe('PriceSeriesRepository', () => {
  it('stores a long series in chunks and reads it back in order', async () => {
    const length = CHUNK_DAYS * 2 + 17;
    const days = Int32Array.from({ length }, (_, i) => 7000 + i);
    const closes = Float64Array.from({ length }, (_, i) => 100 + Math.sin(i));
    await repos.prices.put({ symbol: 'SPY', days, closes });
    expect(await repos.db.count('priceSeries')).toBe(3);
    const back = await repos.prices.get('SPY');
    expect(back?.days).toEqual(days);
    expect(back?.closes).toEqual(closes);
    expect(await repos.prices.get('NONE')).toBeUndefined();
  });
});

describe('SettingsRepository', () => {
  it('returns defaults, stores values, and ignores a value of the wrong type', async () => {
    expect(await repos.settings.get('onboarded')).toBe(false);
    await repos.settings.set('onboarded', true);
    expect(await repos.settings.get('onboarded')).toBe(true);
    await repos.db.put('settings', { key: 'onboarded', value: 'yes' });
    expect(await repos.settings.get('onboarded')).toBe(false);
  });
});

describe('PriceSeriesRepository, several series at once', () => {
  it('stores and loads many series in one transaction each way', async () => {
    const all = ['A', 'B', 'C'].map((symbol, s) => ({
      symbol,
      days: Int32Array.from({ length: CHUNK_DAYS + 5 }, (_, i) => 100 + i),
      closes: Float64Array.from({ length: CHUNK_DAYS + 5 }, (_, i) => s * 1000 + i / 7)
    }));
    await repos.prices.putMany(all);
    const back = await repos.prices.getMany(['C', 'A', 'NONE']);
    expect(back[0]).toEqual(all[2]);
    expect(back[1]).toEqual(all[0]);
    expect(back[2]).toBeUndefined();
  });
});

describe('PriceSeriesRepository summaries and deletes', () => {
  const series = (symbol: string, first: number, count: number) => ({
    symbol,
    days: Int32Array.from({ length: count }, (_, i) => first + i),
    closes: Float64Array.from({ length: count }, (_, i) => 10 + i)
  });

  it('keeps the summaries the Data page lists in step with the stored series', async () => {
    await repos.prices.putMany([series('B', 200, 40 * 32 + 3), series('A', 100, 5)], { source: 'prices.csv' });
    expect((await repos.prices.summaries()).map((s) => [s.symbol, s.from, s.to, s.count, s.source])).toEqual([
      ['A', 100, 104, 5, 'prices.csv'],
      ['B', 200, 200 + 40 * 32 + 2, 40 * 32 + 3, 'prices.csv']
    ]);
    await repos.prices.deleteMany(['A']);
    expect((await repos.prices.summaries()).map((s) => s.symbol)).toEqual(['B']);
    expect(await repos.prices.get('A')).toBeUndefined();
    expect((await repos.prices.get('B'))?.days.length).toBe(40 * 32 + 3);
  });

  it('writes nothing when one series of the batch is malformed', async () => {
    await repos.prices.put(series('KEEP', 1, 10));
    const bad = { symbol: 'BAD', days: new Int32Array(3), closes: new Float64Array(2) };
    await expect(repos.prices.putMany([series('KEEP', 500, 3), bad])).rejects.toThrow('BAD: 3 dates but 2 closes');
    expect((await repos.prices.get('KEEP'))?.days[0]).toBe(1);
    expect((await repos.prices.summaries()).map((s) => s.symbol)).toEqual(['KEEP']);
    // A request that fails after others were issued aborts the whole transaction.
    const unstorable = { ...series('X', 1, 2), symbol: { not: 'a key' } as unknown as string };
    await expect(repos.prices.putMany([series('KEEP', 500, 3), unstorable])).rejects.toThrow();
    expect((await repos.prices.get('KEEP'))?.days[0]).toBe(1);
    expect((await repos.prices.summaries()).map((s) => [s.symbol, s.from])).toEqual([['KEEP', 1]]);
  });
});

describe('HoldingRepository.replacePositions', () => {
  it('replaces lots and cash in one go, creates accounts and assets, and undo restores everything', async () => {
    const created = await createPortfolioFrom(repos, SIX_FUND_DEMO);
    if (!created.ok) throw new Error('demo failed');
    const id = created.value;
    const before = await loadPortfolio(repos.db, id);
    await repos.prices.put({ symbol: 'NEW', days: Int32Array.of(19_000, 19_001), closes: Float64Array.of(9, 9.5) });
    const replaced = await repos.holdings.replacePositions(
      id,
      [
        { account: 'IRA', symbol: 'new', quantity: 7, costBasis: 60, acquired: '2021-01-04', currency: 'USD' },
        { account: 'IRA', symbol: 'VTI', quantity: 3, costBasis: null, acquired: null, currency: null }
      ],
      1234.5,
      new Map([['NEW', { price: 9.5, date: '2022-01-08' }]])
    );
    expect(replaced.ok).toBe(true);
    const after = await loadPortfolio(repos.db, id);
    expect(after!.cash).toBe(1234.5);
    const held = Object.fromEntries(after!.holdings.map((h) => [h.symbol, [h.quantity, h.price]]));
    expect(held.NEW).toEqual([7, 9.5]);
    expect(held.VTI[0]).toBe(3);
    // Demo assets with a target but no imported lot stay, with nothing held, so targets still add up.
    expect(after!.holdings.length).toBe(before!.holdings.length + 1);
    expect(after!.holdings.reduce((s, h) => s + h.targetWeight, 0) + after!.cashTarget).toBeCloseTo(1, 12);

    if (!replaced.ok) return;
    await repos.holdings.restorePositions(replaced.value);
    expect(await loadPortfolio(repos.db, id)).toEqual(before);
    const accounts = await repos.db.getAllFromIndex('accounts', 'byPortfolio', id);
    expect(accounts.map((a) => a.name)).not.toContain('IRA');
  });
});

describe('holdings import → export → import', () => {
  it('gives identical data', async () => {
    const { readHoldingsFile } = await import('$lib/core/io/holdings-file');
    const { lotsForExport } = await import('$lib/db/repositories/holdings');
    const { toCsv } = await import('$lib/core/backup/csv-export');
    const exportCsv = async (id: number) =>
      toCsv(
        ['account', 'symbol', 'quantity', 'cost basis', 'acquired', 'currency'],
        (await lotsForExport(repos.db, id)).map((r) => [
          r.account,
          r.symbol,
          r.quantity,
          r.costBasis,
          r.acquired,
          r.currency
        ])
      );
    const importCsv = async (id: number, text: string) => {
      const { report, holdings } = readHoldingsFile(text);
      expect(report.errors).toEqual([]);
      const done = await repos.holdings.replacePositions(id, holdings, undefined);
      expect(done.ok).toBe(true);
    };
    const id = await newPortfolio();
    await importCsv(
      id,
      'account,symbol,quantity,cost basis,acquired,currency\nISA,0042,12.125,1000.01,2020-02-29,GBP\nIRA,VTI,3,,,USD\nIRA,VTI,0.5,120.5,2023-12-29,USD\n'
    );
    const first = await exportCsv(id);
    const other = await newPortfolio('Copy');
    await importCsv(other, first);
    expect(await exportCsv(other)).toBe(first);
    expect(first).toContain('ISA,0042,12.125,1000.01,2020-02-29,GBP');
  });
});

describe('transactions import → export → import', () => {
  it('keeps the transactions, gives them back as the same CSV, and undo restores the ones before', async () => {
    const { readTransactionsFile } = await import('$lib/core/io/transactions-file');
    const { transactionsOf } = await import('$lib/db/repositories/holdings');
    const { transactionsCsv } = await import('$lib/core/backup/csv-export');
    const exportCsv = async (id: number) => transactionsCsv(await transactionsOf(repos.db, id));
    const importCsv = async (id: number, text: string) => {
      const read = readTransactionsFile(text);
      expect(read.report.errors).toEqual([]);
      const transactions = read.transactions.map(({ line: _line, ...t }) => t);
      const done = await repos.holdings.replacePositions(id, read.replay!.lots, undefined, new Map(), transactions);
      if (!done.ok) throw new Error('import failed');
      return done.value;
    };
    const id = await newPortfolio();
    await importCsv(
      id,
      'date,account,type,symbol,quantity,price,fees,amount,currency\n2024-01-02,B,deposit,,,,,100.1,USD\n2024-01-03,B,buy,007,2,10.25,0.5,,USD\n'
    );
    const first = await exportCsv(id);
    const snapshot = await importCsv(id, first);
    expect(await exportCsv(id)).toBe(first);
    expect(first).toContain('2024-01-03,B,buy,007,2,10.25,0.5,,USD,,');
    await importCsv(id, 'date,type,amount\n2025-01-02,deposit,5\n');
    await repos.holdings.restorePositions(snapshot);
    expect((await transactionsOf(repos.db, id)).map((t) => t.type)).toEqual(['deposit', 'buy']);
  });
});
