import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPriceText } from '$lib/core/io/check-prices';
import { CsvStreamTokenizer } from '$lib/core/io/csv-tokenizer';
import { PriceFileReader } from '$lib/core/io/price-file-reader';
import { parseWidePriceCsv } from '$lib/core/io/price-csv';
import { alignSeries, dayNumber, isoDate } from '$lib/core/prices/price-series';

const stockPrices = readFileSync('tests/golden/data/stock_prices.csv', 'utf8');

describe('reading price files into series', () => {
  it('keeps every price of stock_prices.csv, each series starting at its first price', () => {
    const { report, series } = readPriceText(stockPrices, { collect: true });
    expect(report.ok).toBe(true);
    const table = parseWidePriceCsv(stockPrices);
    if (!table.ok) throw new Error('reference parse failed');
    expect(series.map((s) => s.symbol)).toEqual(table.value.assets);
    // Aligning the series again gives the same table (leading gaps are NaN there too).
    const aligned = alignSeries(series);
    const firstDate = table.value.dates.findIndex((_, t) =>
      table.value.assets.some((_, j) => !Number.isNaN(table.value.values[t * table.value.assets.length + j]))
    );
    expect(aligned.dates).toEqual(table.value.dates.slice(firstDate));
    const width = table.value.assets.length;
    expect(Array.from(aligned.values)).toEqual(Array.from(table.value.values.slice(firstDate * width)));
    // Late starters (leading gaps) begin later than the file.
    const starts = series.map((s) => isoDate(s.days[0]));
    expect(new Set(starts).size).toBeGreaterThan(1);
  });

  it('reads a long file per symbol and a chosen subset of a wide file', () => {
    const long = readPriceText(
      'Date,Ticker,Close,Adj Close,Volume\n2024-01-02,AAA,10,9.5,100\n2024-01-02,BBB,20,20,5\n2024-01-03,AAA,11,10.5,120\n',
      { collect: true }
    );
    expect(long.mapping).toEqual({ format: 'long', date: 0, symbol: 1, price: 3 });
    expect(long.series.map((s) => [s.symbol, Array.from(s.closes)])).toEqual([
      ['AAA', [9.5, 10.5]],
      ['BBB', [20]]
    ]);
    const wide = readPriceText('date,A,B,C\n2024-01-02,1,2,3\n2024-01-03,1.5,,3.5\n', {
      collect: true,
      mapping: { format: 'wide', date: 0, assets: [1, 3] }
    });
    expect(wide.report.assets).toEqual(['A', 'C']);
    expect(wide.series.map((s) => [s.symbol, Array.from(s.days, isoDate), Array.from(s.closes)])).toEqual([
      ['A', ['2024-01-02', '2024-01-03'], [1, 1.5]],
      ['C', ['2024-01-02', '2024-01-03'], [3, 3.5]]
    ]);
  });

  it('names a repeated date in a long file with the line it first appeared on', () => {
    const { report } = readPriceText(
      'date,symbol,close\n2024-01-02,A,1\n2024-01-03,A,2\n2024-01-02,A,3\n2023-12-29,A,4\n'
    );
    expect(report.errors.map((e) => [e.line, e.code, e.details.firstLine ?? null])).toEqual([
      [4, 'duplicate-date', 2],
      [5, 'date-out-of-order', null]
    ]);
  });

  it('reads the same from chunks of any size as from the whole text', () => {
    const whole = readPriceText(stockPrices, { collect: true });
    for (const size of [1_000, 4_096, 65_536]) {
      const reader = new PriceFileReader({ collect: true });
      const tokenizer = new CsvStreamTokenizer((row) => reader.row(row));
      for (let i = 0; i < stockPrices.length; i += size) tokenizer.push(stockPrices.slice(i, i + size));
      tokenizer.end();
      const streamed = reader.finish(tokenizer.errors, tokenizer.delimiter!);
      expect(streamed.report).toEqual(whole.report);
      expect(streamed.series).toEqual(whole.series);
    }
  });

  it('turns ISO dates into day numbers and back', () => {
    for (const iso of ['1970-01-01', '1999-12-31', '2024-02-29', '2100-03-01', '1900-01-01']) {
      expect(isoDate(dayNumber(iso))).toBe(iso);
    }
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('not a date')).toBeNaN();
  });

  it('counts the warnings that concern each series', () => {
    // 2024-01-06 is a Saturday (every asset's row); B jumps 100 %.
    const wide = readPriceText('date,A,B\n2024-01-04,1,1\n2024-01-05,1,2\n2024-01-06,1,2\n', { collect: true });
    expect(wide.warningsBySeries).toEqual({ A: 1, B: 2 });
    const long = readPriceText('date,symbol,close\n2024-01-04,X,1\n2024-01-05,X,3\n2024-01-04,Y,1\n', {
      collect: true
    });
    expect(long.warningsBySeries).toEqual({ X: 1, Y: 0 });
  });
});

describe('exchange rates and indicators', () => {
  it('reads exchange-rate columns as currency pairs, and refuses a column that is not one', async () => {
    const { currencyPair, rateBetween } = await import('$lib/core/prices/fx');
    expect(['EURUSD', 'eur/usd', 'EUR.USD', 'EURUSD=X', 'USD', 'EUREUR'].map(currencyPair)).toEqual([
      'EUR/USD',
      'EUR/USD',
      'EUR/USD',
      'EUR/USD',
      undefined,
      undefined
    ]);
    const fx = readPriceText('date,EURUSD,USD-CHF\n2024-01-02,1.1,0.9\n', { collect: true, seriesKind: 'fx' });
    expect(fx.series.map((s) => s.symbol)).toEqual(['EUR/USD', 'USD/CHF']);
    const bad = readPriceText('date,EURUSD,GOLD\n2024-01-02,1.1,2000\n', { seriesKind: 'fx' });
    expect(bad.report.errors.map((e) => [e.line, e.column, e.code])).toEqual([[1, 'GOLD', 'not-a-currency-pair']]);
    const latest = new Map([['USD/CHF', { price: 0.8, date: '2024-01-02' }]]);
    expect(rateBetween('CHF', 'USD', latest)).toEqual({ rate: 1.25, date: '2024-01-02', pair: 'USD/CHF' });
    expect(rateBetween('EUR', 'USD', latest)).toBeUndefined();
  });

  it('lets an indicator be zero or negative, without warnings about large moves', () => {
    const rates = 'date,POLICY\n2015-01-02,0.25\n2015-01-15,-0.75\n2022-09-22,0\n';
    expect(readPriceText(rates).report.errorCount).toBe(2);
    const indicator = readPriceText(rates, { collect: true, seriesKind: 'indicator' });
    expect(indicator.report.ok).toBe(true);
    expect(Array.from(indicator.series[0].closes)).toEqual([0.25, -0.75, 0]);
    expect(indicator.report.warnings.filter((w) => w.code === 'extreme-move')).toEqual([]);
  });
});
