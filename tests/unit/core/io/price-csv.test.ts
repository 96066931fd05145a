import { describe, expect, it } from 'vitest';
import { parseWidePriceCsv } from '$lib/core/io/price-csv';

describe('parseWidePriceCsv', () => {
  it('reads dates, assets and empty cells as missing, with a BOM and CRLF', () => {
    const parsed = parseWidePriceCsv('\uFEFFdate,A,B\r\n2024-01-01,1.5,\r\n2024-01-02,1.6,2\r\n');
    if (!parsed.ok) throw new Error('should parse');
    expect(parsed.value.assets).toEqual(['A', 'B']);
    expect(parsed.value.dates).toEqual(['2024-01-01', '2024-01-02']);
    expect(Array.from(parsed.value.values)).toEqual([1.5, Number.NaN, 1.6, 2]);
  });

  it('names the line and column of a bad number', () => {
    expect(parseWidePriceCsv('date,A,B\n2024-01-01,1,x2\n')).toEqual({
      ok: false,
      error: { code: 'bad-number', line: 2, column: 'B', value: 'x2' }
    });
  });

  it('names lines with the wrong number of fields, bad, repeated or unordered dates', () => {
    expect(parseWidePriceCsv('date,A\n2024-01-01,1,2\n').ok === false).toBe(true);
    expect(parseWidePriceCsv('date,A\n01/02/2024,1\n')).toEqual({
      ok: false,
      error: { code: 'bad-date', line: 2, value: '01/02/2024' }
    });
    expect(parseWidePriceCsv('date,A\n2024-01-02,1\n2024-01-01,1\n')).toEqual({
      ok: false,
      error: { code: 'dates-out-of-order', line: 3, date: '2024-01-01', previous: '2024-01-02' }
    });
    expect(parseWidePriceCsv('date,A\n2024-01-02,1\n2024-01-02,1\n')).toEqual({
      ok: false,
      error: { code: 'duplicate-date', line: 3, date: '2024-01-02' }
    });
    expect(parseWidePriceCsv('')).toEqual({ ok: false, error: { code: 'empty-file' } });
  });
});
