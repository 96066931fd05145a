import { describe, expect, it } from 'vitest';
import { findWashSales } from '$lib/core/tax/wash-sale';

describe('wash sales', () => {
  const sale = { id: 's1', account: 'taxable', symbol: 'VTI', date: '2026-03-10', quantity: 10, gain: -500 };

  it('finds a repurchase within 30 days in any account, before or after, and disallows the loss pro rata', () => {
    const found = findWashSales(
      [sale],
      [
        { account: 'ira', symbol: 'VTI', date: '2026-04-05', quantity: 4 }, // 26 days after, in the IRA
        { account: 'taxable', symbol: 'VTI', date: '2026-02-20', quantity: 3 }, // 18 days before
        { account: 'taxable', symbol: 'VTI', date: '2026-04-20', quantity: 100 } // 41 days: outside
      ]
    );
    expect(found.map((w) => [w.purchase.account, w.daysApart, w.disallowedLoss])).toEqual([
      ['taxable', -18, 150],
      ['ira', 26, 200]
    ]);
  });

  it('counts declared substitutes as the same security, and never flags a gain', () => {
    const purchases = [{ account: 'taxable', symbol: 'ITOT', date: '2026-03-12', quantity: 20 }];
    expect(findWashSales([sale], purchases)).toEqual([]);
    const withGroup = findWashSales([sale], purchases, { substitutes: [['VTI', 'ITOT', 'SCHB']] });
    expect(withGroup.map((w) => w.disallowedLoss)).toEqual([500]);
    expect(findWashSales([{ ...sale, gain: 300 }], purchases, { substitutes: [['VTI', 'ITOT']] })).toEqual([]);
  });
});
