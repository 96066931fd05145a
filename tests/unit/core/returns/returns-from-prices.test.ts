import { describe, expect, it } from 'vitest';
import { returnsFromPrices } from '$lib/core/returns/returns-from-prices';

const NaN_ = Number.NaN;

describe('returnsFromPrices', () => {
  const prices = {
    assets: ['A', 'B'],
    dates: ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'],
    values: Float64Array.from([100, NaN_, 110, NaN_, NaN_, 50, 121, 55, 133.1, 60.5])
  };

  it('keeps leading gaps as missing returns and drops the all-missing first row', () => {
    const { returns } = returnsFromPrices({
      ...prices,
      values: Float64Array.from([100, NaN_, 110, NaN_, 121, 50, 133.1, 55, 146.41, 60.5])
    });
    expect(returns.dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    const a = [0, 1, 2, 3].map((t) => returns.values[t * 2]);
    expect(a.map((r) => r.toFixed(12))).toEqual([
      '0.100000000000',
      '0.100000000000',
      '0.100000000000',
      '0.100000000000'
    ]);
    expect(Number.isNaN(returns.values[1])).toBe(true);
    expect(returns.values[5]).toBeCloseTo(0.1, 12);
  });

  it('reports a gap inside a history with the asset and date, and never fills it', () => {
    const { returns, warnings } = returnsFromPrices(prices);
    expect(warnings).toEqual([{ code: 'interior-gap', asset: 'A', date: '2024-01-03' }]);
    // A's returns around the gap are missing, not bridged.
    expect(Number.isNaN(returns.values[2 * 1])).toBe(true);
  });

  it('computes log returns as log(1 + r)', () => {
    const { returns } = returnsFromPrices(
      { assets: ['A'], dates: ['d1', 'd2'], values: Float64Array.from([100, 150]) },
      { log: true }
    );
    expect(returns.values[0]).toBeCloseTo(Math.log(1.5), 14);
  });
});

describe('selectAssets', () => {
  it('keeps the named columns in the given order and ignores unknown names', async () => {
    const { selectAssets } = await import('$lib/core/returns/return-table');
    const table = { assets: ['A', 'B', 'C'], dates: ['d1', 'd2'], values: Float64Array.from([1, 2, 3, 4, 5, 6]) };
    const picked = selectAssets(table, ['C', 'X', 'A']);
    expect(picked.assets).toEqual(['C', 'A']);
    expect(Array.from(picked.values)).toEqual([3, 1, 6, 4]);
    expect(picked.dates).toEqual(['d1', 'd2']);
  });
});
