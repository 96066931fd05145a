import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLANNER_SETTINGS,
  plannerInputFromHousehold,
  storedLotId,
  type HouseholdRecords
} from '$lib/core/planner/from-household';
import { executionChanges } from '$lib/core/planner/execute-plan';
import type { PlanTrade } from '$lib/core/planner/plan-household';

const records: HouseholdRecords = {
  baseCurrency: 'USD',
  cash: 1000,
  fxRates: { EUR: 1.1 },
  accounts: [
    { name: 'Broker', kind: 'taxable' },
    { name: 'IRA', kind: 'tax-deferred' }
  ],
  lots: [
    { id: 7, account: 'Broker', symbol: 'VTI', quantity: 10, costBasis: 2000, acquired: '2020-01-02' },
    { id: 8, account: 'IRA', symbol: 'SXR8', quantity: 4, costBasis: null, acquired: null }
  ],
  assets: [
    { symbol: 'VTI', assetClass: 'equity', currency: 'USD', lotSize: 1, price: 250 },
    { symbol: 'SXR8', assetClass: 'equity', currency: 'EUR', lotSize: 1, price: 500 }
  ],
  targets: { VTI: 0.5, SXR8: 0.4 }
};

describe('plannerInputFromHousehold', () => {
  it('converts prices to the base currency, names lots, and puts unassigned cash in the first account', () => {
    const built = plannerInputFromHousehold(
      records,
      { ...DEFAULT_PLANNER_SETTINGS, specificLots: { 'Broker/VTI': 'lot-7' } },
      '2026-11-25'
    );
    expect(built.ok).toBe(true);
    if (!built.ok) return;
    expect(built.value.prices).toEqual({ VTI: 250, SXR8: 550 });
    expect(built.value.cash).toEqual({ Broker: 1000, IRA: 0 });
    expect(built.value.lots.map((l) => l.id)).toEqual(['lot-7', 'lot-8']);
    expect(storedLotId('lot-7')).toBe(7);
    expect(built.value.accounts).toEqual([
      { id: 'Broker', type: 'taxable', name: 'Broker' },
      { id: 'IRA', type: 'tax-deferred', name: 'IRA' }
    ]);
    expect(built.value.specificLots).toEqual({ 'Broker/VTI': 'lot-7' });
  });

  it('names a missing price and a missing exchange rate instead of guessing', () => {
    const built = plannerInputFromHousehold(
      {
        ...records,
        fxRates: {},
        assets: [{ ...records.assets[0], price: null }, records.assets[1]]
      },
      DEFAULT_PLANNER_SETTINGS,
      '2026-11-25'
    );
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.error).toEqual([
      { code: 'missing-price', symbol: 'VTI' },
      { code: 'missing-fx-rate', symbol: 'SXR8', currency: 'EUR' }
    ]);
  });
});

describe('executionChanges', () => {
  const trade = (t: Partial<PlanTrade>): PlanTrade =>
    ({
      slot: 0,
      price: 100,
      value: 0,
      cost: { commission: 1, spread: 0, impact: 0, total: 1 },
      lots: [],
      realizedGain: 0,
      tax: 0,
      reasons: [],
      ...t
    }) as PlanTrade;

  it('sells down the planned lots in order, adds bought lots at fill price plus cost, and moves cash', () => {
    const trades = [
      trade({
        account: 'Broker',
        symbol: 'VTI',
        side: 'sell',
        quantity: 6,
        lots: [
          { lotId: 'lot-7', quantity: 4, acquired: null, term: 'long', gain: 0, tax: 0, washDisallowed: false },
          { lotId: 'lot-9', quantity: 2, acquired: null, term: 'long', gain: 0, tax: 0, washDisallowed: false }
        ]
      }),
      trade({ account: 'IRA', symbol: 'BND', side: 'buy', quantity: 10 })
    ];
    const result = executionChanges(
      trades,
      [
        { quantity: 5, price: 101 },
        { quantity: 10, price: 70 }
      ],
      '2026-11-26'
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.lotsReduced).toEqual({ 'lot-7': 4, 'lot-9': 1 });
    expect(result.value.newLots).toEqual([
      { account: 'IRA', symbol: 'BND', quantity: 10, costBasis: 701, acquired: '2026-11-26' }
    ]);
    expect(result.value.cashChange.Broker).toBeCloseTo(5 * 101 - 5 / 6, 9);
    expect(result.value.cashChange.IRA).toBeCloseTo(-701, 9);
  });

  it('refuses a fill that is not a number or sells more than the planned lots', () => {
    const trades = [
      trade({
        account: 'Broker',
        symbol: 'VTI',
        side: 'sell',
        quantity: 2,
        lots: [{ lotId: 'lot-7', quantity: 2, acquired: null, term: 'long', gain: 0, tax: 0, washDisallowed: false }]
      })
    ];
    expect(executionChanges(trades, [{ quantity: Number.NaN, price: 1 }], '2026-11-26')).toEqual({
      ok: false,
      error: [{ code: 'bad-fill', index: 0, field: 'quantity' }]
    });
    expect(executionChanges(trades, [{ quantity: 3, price: 1 }], '2026-11-26')).toEqual({
      ok: false,
      error: [{ code: 'oversold', index: 0, lotsHeld: 2 }]
    });
  });
});
