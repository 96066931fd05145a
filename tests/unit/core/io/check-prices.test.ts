import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkPriceFile } from '$lib/core/io/check-prices';
import { tokenizeCsv } from '$lib/core/io/csv-tokenizer';
import { detectDateFormat, parseDateCell } from '$lib/core/io/date-format';
import { parseNumberCell } from '$lib/core/io/number-format';
import { mulberry32 } from '$lib/core/solver/test-problems';

describe('checkPriceFile on real files', () => {
  it('accepts stock_prices.csv with its leading gaps, and warns only about large moves', () => {
    const report = checkPriceFile(readFileSync('tests/golden/data/stock_prices.csv', 'utf8'));
    expect(report.ok).toBe(true);
    expect(report.rows).toBe(7126);
    expect(report.assets).toHaveLength(20);
    expect([report.from, report.to]).toEqual(['1989-12-29', '2018-04-11']);
    expect(report.warnings.every((w) => w.code === 'extreme-move')).toBe(true);
  });

  it('finds the quirks of r-cran-fbasics nyse.csv: a misdated row, a repeated date, two Sundays', () => {
    const report = checkPriceFile(readFileSync('tests/golden/data/gpl/nyse.csv', 'utf8'));
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [289, 'date', 'duplicate-date'],
      [964, 'date', 'duplicate-date']
    ]);
    expect(report.errors[0].details).toEqual({ value: '1966-02-23', firstLine: 37 });
    expect(report.warnings.map((w) => [w.line, w.code, w.details.day])).toEqual([
      [5586, 'weekend-date', 'Sunday'],
      [5926, 'weekend-date', 'Sunday']
    ]);
  });
});

describe('formats', () => {
  it('reads semicolons, decimal commas, thousands separators and day/month/year dates', () => {
    const report = checkPriceFile('Datum;Fonds A;Fonds B\n31.01.2024;1.234,50;99,1\n29.02.2024;1.240,00;98,7\n');
    expect(report.ok).toBe(true);
    expect([report.delimiter, report.decimal, report.dateFormat]).toEqual([';', ',', 'dmy']);
    expect([report.from, report.to]).toEqual(['2024-01-31', '2024-02-29']);
  });

  it('refuses to guess between day/month and month/day when every day is 12 or less', () => {
    const report = checkPriceFile('date,A\n01/02/2024,1\n03/04/2024,2\n');
    expect(report.errors.map((e) => e.code)).toEqual(['ambiguous-date-format']);
    expect(checkPriceFile('date,A\n01/02/2024,1\n03/04/2024,2\n', { dateFormat: 'dmy' }).from).toBe('2024-02-01');
    expect(detectDateFormat(['12/31/2024', '01/02/2024'])).toEqual({ format: 'mdy' });
  });

  it('names bad numbers, non-positive prices and short rows with their line and column', () => {
    const report = checkPriceFile('date,A,B\n2024-01-02,1,2\n2024-01-03,x,0\n2024-01-04,3\n');
    expect(report.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, 'A', 'bad-number'],
      [3, 'B', 'non-positive-price'],
      [4, '', 'wrong-field-count']
    ]);
  });

  it('reports an unclosed quote where it opened', () => {
    const { errors } = tokenizeCsv('a,b\n1,"oops\n2,3\n');
    expect(errors).toEqual([{ code: 'unclosed-quote', line: 2, column: 3 }]);
  });

  it('rejects impossible dates such as 2023-02-29', () => {
    expect(parseDateCell('2023-02-29', 'iso')).toBeUndefined();
    expect(parseDateCell('2024-02-29', 'iso')).toBe('2024-02-29');
  });
});

describe('property: numbers and identifiers keep their exact value', () => {
  it('every decimal string up to 15 significant digits parses to exactly Number(string)', () => {
    const random = mulberry32(4);
    for (let k = 0; k < 20000; k++) {
      const digits = 1 + Math.floor(random() * 15);
      let text = '';
      for (let d = 0; d < digits; d++) text += Math.floor(random() * 10);
      const point = Math.floor(random() * (digits + 1));
      const plain =
        point === 0 ? `0.${text}` : point === digits ? text : `${text.slice(0, point)}.${text.slice(point)}`;
      expect(parseNumberCell(plain, '.')).toBe(Number(plain));
      expect(parseNumberCell(plain.replace('.', ','), ',')).toBe(Number(plain));
    }
  });

  it('keeps leading zeros in asset identifiers', () => {
    expect(checkPriceFile('date,007,0042\n2024-01-02,1,2\n').assets).toEqual(['007', '0042']);
  });
});

describe('fuzz: malformed inputs never hang or throw, and errors name a line and a column', () => {
  it('survives 10,000 generated malformed files', () => {
    const random = mulberry32(2026);
    const base = 'date,A,B\n2024-01-02,1.5,2\n2024-01-03,1.6,2.1\n2024-01-04,1.7,2.2\n';
    const pieces = [
      '"',
      '""',
      '\r',
      '\n',
      '\r\n',
      ',',
      ';',
      '\t',
      '\u0000',
      '\uFEFF',
      'x',
      '-',
      '1e999',
      '(',
      ')',
      '  ',
      'é',
      '\uD800'
    ];
    let withErrors = 0;
    const started = performance.now();
    for (let k = 0; k < 10000; k++) {
      let text = base;
      const edits = 1 + Math.floor(random() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (text.length + 1));
        const kind = random();
        if (kind < 0.6) text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at);
        else if (kind < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 5));
        else if (kind < 0.95)
          text = text.slice(0, at) + String.fromCharCode(Math.floor(random() * 0xffff)) + text.slice(at);
        else text = text.slice(0, at) + 'z'.repeat(50_000) + text.slice(at);
      }
      const t0 = performance.now();
      const report = checkPriceFile(text);
      const elapsed = performance.now() - t0;
      // Linear time: well under a second per MB even for the 50 kB fields.
      expect(elapsed).toBeLessThan(200 + (text.length / 1e6) * 1000);
      for (const issue of [...report.errors, ...report.warnings]) {
        expect(issue.line).toBeGreaterThanOrEqual(1);
        expect(typeof issue.column).toBe('string');
      }
      if (!report.ok) withErrors++;
    }
    expect(withErrors).toBeGreaterThan(5000);
    expect(performance.now() - started).toBeLessThan(60_000);
  });
});

describe('long price files (date, symbol, close, adjusted close, volume)', () => {
  it('checks each symbol on its own and reads the adjusted close', () => {
    const text = [
      'Date,Ticker,Close,Adj Close,Volume',
      '2024-01-02,AAA,10,9.5,1000',
      '2024-01-02,BBB,20,20,500',
      '2024-01-03,AAA,11,10.4,1200',
      '2024-01-03,BBB,20.5,20.5,600',
      '2024-01-03,AAA,11,10.4,1200',
      '2024-01-04,BBB,0,0,100'
    ].join('\n');
    const report = checkPriceFile(text);
    expect(report.assets).toEqual(['AAA', 'BBB']);
    expect([report.from, report.to]).toEqual(['2024-01-02', '2024-01-04']);
    expect(report.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [6, 'Date', 'duplicate-date'],
      [7, 'Adj Close', 'non-positive-price']
    ]);
  });
});
