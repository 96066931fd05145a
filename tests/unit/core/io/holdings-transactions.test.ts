import { describe, expect, it } from 'vitest';
import { readHoldingsFile } from '$lib/core/io/holdings-file';
import { readTransactionsFile } from '$lib/core/io/transactions-file';

describe('holdings files', () => {
  it('reads a broker export exactly: leading zeros, thousands separators, D/M/Y dates, currencies', () => {
    const { report, holdings } = readHoldingsFile(
      'Account;Ticker;Shares;Cost Basis;Purchase Date;Currency\n' +
        'ISA;007;1.234,5;10.000,25;31/01/2020;gbp\n' +
        ';VWRL;10;900;15/03/2021;GBP\n'
    );
    expect(report.ok).toBe(true);
    expect(report.kind).toBe('holdings');
    expect(report.assets).toEqual(['007', 'VWRL']);
    expect([report.from, report.to]).toEqual(['2020-01-31', '2021-03-15']);
    expect(holdings).toEqual([
      {
        line: 2,
        account: 'ISA',
        symbol: '007',
        quantity: 1234.5,
        costBasis: 10000.25,
        acquired: '2020-01-31',
        currency: 'GBP'
      },
      {
        line: 3,
        account: 'Main',
        symbol: 'VWRL',
        quantity: 10,
        costBasis: 900,
        acquired: '2021-03-15',
        currency: 'GBP'
      }
    ]);
  });

  it('names every bad cell by line and column, and a missing column by name', () => {
    const { report } = readHoldingsFile('symbol,quantity,currency\nA,x,USD\nB,-3,USD\nC,1,US\n,2,USD\n');
    expect(report.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [2, 'quantity', 'bad-number'],
      [3, 'quantity', 'negative-quantity'],
      [4, 'currency', 'bad-currency'],
      [5, 'symbol', 'missing-value']
    ]);
    const missing = readHoldingsFile('ticker,currency\nA,USD\n').report;
    expect(missing.errors).toEqual([
      expect.objectContaining({
        line: 1,
        code: 'missing-column',
        details: expect.objectContaining({ value: 'quantity' })
      })
    ]);
    expect(readHoldingsFile('symbol,quantity\nA,1\n').report.warnings.map((w) => w.code)).toEqual(['currency-assumed']);
  });
});

const ACTIVITY = `date,account,type,symbol,quantity,price,fees,amount,currency,lot,to account
2024-03-01,Broker,sell,AAA,15,14,1,,USD,,
2024-02-01,Broker,buy,AAA,10,12,0,,USD,,
2024-01-02,Broker,deposit,,,,,1000.10,USD,,
2024-01-03,Broker,buy,AAA,10,10,1,,USD,,
2024-02-15,Broker,dividend,AAA,,,,5.20,USD,,
2024-04-01,Broker,split,AAA,2,,,,USD,,
2024-04-02,Broker,transfer,AAA,4,,,,USD,,IRA
2024-05-01,IRA,sell,AAA,1,8,0,,USD,2024-02-01,
2024-05-02,Broker,fee,,,,,0.10,USD,,
2024-05-03,Broker,interest,,,,,0.20,USD,,
`;

describe('transactions files replayed into lots', () => {
  it('sorts by date, sells first in first out, splits, transfers with basis and sells a named lot', () => {
    const { report, replay } = readTransactionsFile(ACTIVITY);
    expect(report.ok).toBe(true);
    expect([report.from, report.to]).toEqual(['2024-01-02', '2024-05-03']);
    // Sell 15 on 2024-03-01: all 10 of the January lot (cost 101) and 5 of February's (cost 60).
    expect(replay!.realised.map((g) => [g.acquired, g.quantity, g.proceeds, g.cost, g.gain])).toEqual([
      ['2024-01-03', 10, 139.33333333, 101, 38.33333333],
      ['2024-02-01', 5, 69.66666667, 60, 9.66666667],
      ['2024-02-01', 1, 8, 6, 2]
    ]);
    // Left: 5 of February's lot, split 2-for-1 → 10 (cost 60); 4 moved to the IRA, 1 sold there.
    expect(replay!.lots.map((l) => [l.account, l.symbol, l.quantity, l.costBasis, l.acquired])).toEqual([
      ['Broker', 'AAA', 6, 36, '2024-02-01'],
      ['IRA', 'AAA', 3, 18, '2024-02-01']
    ]);
    // Cash to the cent: 1000.10 − 101 − 120 + 5.20 + 209 − 0.10 + 0.20, and 8 in the IRA.
    expect(replay!.cash).toEqual([
      { account: 'Broker', currency: 'USD', amount: 993.4 },
      { account: 'IRA', currency: 'USD', amount: 8 }
    ]);
  });

  it('refuses to sell more than is held, or what was never bought, naming the row', () => {
    const { report } = readTransactionsFile(
      'date,type,symbol,quantity,price\n2024-01-02,buy,AAA,5,10\n2024-01-03,sell,AAA,6,10\n2024-01-04,sell,BBB,1,10\n2024-01-05,dividend,CCC,1,2\n2024-01-06,bonus,AAA,1,1\n'
    );
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => [e.line, e.column, e.code])).toEqual([[6, 'type', 'unknown-type']]);
    const readable = readTransactionsFile(
      'date,type,symbol,quantity,price\n2024-01-02,buy,AAA,5,10\n2024-01-03,sell,AAA,6,10\n2024-01-04,sell,BBB,1,10\n2024-01-05,dividend,CCC,1,2\n'
    );
    expect(readable.report.errors.map((e) => [e.line, e.column, e.code, e.details.held ?? null])).toEqual([
      [3, 'quantity', 'oversell', 5],
      [4, 'symbol', 'unknown-symbol', null],
      [5, 'symbol', 'unknown-symbol', null]
    ]);
  });
});

describe('money and identifiers keep their precision', () => {
  it('sums 2,000 random decimal deposits exactly and keeps identifiers as written', () => {
    let seed = 17;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let expectedCents = 0n;
    const rows: string[] = [];
    const ids: string[] = [];
    for (let k = 0; k < 2000; k++) {
      const cents = BigInt(Math.floor(random() * 1e9));
      expectedCents += cents;
      const text = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
      const id = '0'.repeat(Math.floor(random() * 3)) + String(Math.floor(random() * 1000));
      ids.push(id);
      rows.push(`2024-01-02,${id},deposit,${text}`);
    }
    const { replay } = readTransactionsFile(`date,account,type,amount\n${rows.join('\n')}\n`);
    const total = replay!.cash.reduce((sum, c) => sum + c.amount, 0);
    expect(Math.round(total * 100)).toBe(Number(expectedCents));
    expect(new Set(replay!.cash.map((c) => c.account))).toEqual(new Set(ids));
    for (const entry of replay!.cash) expect(Math.round(entry.amount * 100) / 100).toBe(entry.amount);
  });
});
