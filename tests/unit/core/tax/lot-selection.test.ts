import { describe, expect, it } from 'vitest';
import { estimateTax, selectLots, type TaxLot } from '$lib/core/tax/lot-selection';

const LOTS: TaxLot[] = [
  { id: 'a', quantity: 10, costBasis: 500, acquired: '2020-01-02' }, // 50 a share, long-term
  { id: 'b', quantity: 10, costBasis: 1200, acquired: '2025-06-02' }, // 120, short-term loss at 100
  { id: 'c', quantity: 10, costBasis: 900, acquired: '2025-09-01' }, // 90, short-term gain
  { id: 'd', quantity: 10, costBasis: 800, acquired: '2023-03-01' } // 80, long-term gain
];
const SALE = '2026-01-15';

const order = (method: Parameters<typeof selectLots>[4], quantity = 40) => {
  const result = selectLots(LOTS, quantity, 100, SALE, method);
  if (!result.ok) throw new Error('selection failed');
  return result.value;
};

describe('lot selection', () => {
  it('orders lots by each method', () => {
    expect(order('fifo').sales.map((s) => s.lotId)).toEqual(['a', 'd', 'b', 'c']);
    expect(order('lifo').sales.map((s) => s.lotId)).toEqual(['c', 'b', 'd', 'a']);
    expect(order('hifo').sales.map((s) => s.lotId)).toEqual(['b', 'c', 'd', 'a']);
    // Losses first, then long-term gains (smallest first), short-term gains last.
    expect(order('tax-aware').sales.map((s) => s.lotId)).toEqual(['b', 'd', 'a', 'c']);
  });

  it('avoids short-term gains unless needed, and splits a lot pro rata', () => {
    const some = order('tax-aware', 25);
    expect(some.sales.map((s) => [s.lotId, s.quantity, s.cost, s.gain, s.term])).toEqual([
      ['b', 10, 1200, -200, 'short'],
      ['d', 10, 800, 200, 'long'],
      ['a', 5, 250, 250, 'long']
    ]);
    expect([some.shortTermGain, some.longTermGain]).toEqual([-200, 450]);
    // The short-term loss offsets long-term gains before tax: (450 − 200) · 15 %.
    expect(estimateTax(some, { shortTerm: 0.37, longTerm: 0.15 })).toBeCloseTo(37.5, 9);
    expect(estimateTax(some, { shortTerm: 0, longTerm: 0 })).toBe(0);
  });

  it('sells only the named lot, and refuses to sell more than is held', () => {
    const specific = selectLots(LOTS, 3, 100, SALE, 'specific', { lotId: 'c' });
    expect(specific.ok && specific.value.sales).toEqual([
      { lotId: 'c', quantity: 3, cost: 270, proceeds: 300, gain: 30, term: 'short' }
    ]);
    expect(selectLots(LOTS, 11, 100, SALE, 'specific', { lotId: 'c' })).toEqual({
      ok: false,
      error: { code: 'not-enough-held', held: 10, wanted: 11 }
    });
    expect(selectLots(LOTS, 1, 100, SALE, 'specific', { lotId: 'zz' })).toEqual({
      ok: false,
      error: { code: 'unknown-lot', lotId: 'zz' }
    });
    expect(selectLots(LOTS, 41, 100, SALE).ok).toBe(false);
  });

  it('counts a lot held exactly one year as short-term, a day more as long-term', () => {
    const lot = [{ id: 'x', quantity: 1, costBasis: 1, acquired: '2025-01-15' }];
    const atYear = selectLots(lot, 1, 2, '2026-01-15');
    const dayAfter = selectLots(lot, 1, 2, '2026-01-16');
    expect(atYear.ok && atYear.value.sales[0].term).toBe('short');
    expect(dayAfter.ok && dayAfter.value.sales[0].term).toBe('long');
  });
});
