import { describe, expect, it } from 'vitest';
import { escapeCsvCell, toCsv } from '$lib/core/backup/csv-export';

describe('CSV export against formula injection', () => {
  it('defuses cells that a spreadsheet would run as formulas', () => {
    for (const cell of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '\u0000x']) {
      expect(escapeCsvCell(cell).replace(/^"|"$/g, '').startsWith("'")).toBe(true);
    }
    expect(escapeCsvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it('keeps numbers, including negative ones, and quotes what needs quoting', () => {
    expect(escapeCsvCell(-12.5)).toBe('-12.5');
    expect(escapeCsvCell('-12.5')).toBe('-12.5');
    expect(escapeCsvCell('a,b')).toBe('"a,b"');
    expect(
      toCsv(
        ['symbol', 'quantity'],
        [
          ['VTI', 10],
          ['=bad', -1]
        ]
      )
    ).toBe("symbol,quantity\r\nVTI,10\r\n'=bad,-1\r\n");
  });
});

describe('price series export', () => {
  it('round-trips: export → import gives the same series, bit for bit', async () => {
    const { priceSeriesCsv } = await import('$lib/core/backup/csv-export');
    const { readPriceText } = await import('$lib/core/io/check-prices');
    const { readFileSync } = await import('node:fs');
    const imported = readPriceText(readFileSync('tests/golden/data/stock_prices.csv', 'utf8'), {
      collect: true
    }).series;
    const again = readPriceText(priceSeriesCsv(imported).join(''), { collect: true });
    expect(again.report.ok).toBe(true);
    expect(again.mapping?.format).toBe('long');
    expect(again.series).toEqual(imported);
  });
});
