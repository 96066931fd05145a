import { beforeAll, describe, expect, it } from 'vitest';
import { comparePresets, planHousehold, planWithout, type HouseholdPlan } from '$lib/core/planner/plan-household';
import type { PlannerInput } from '$lib/core/planner/planner-input';
import type { MilpSolver } from '$lib/core/solver/milp';
import type { Rule } from '$lib/core/compliance/rules';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';

let solver: MilpSolver;
beforeAll(async () => {
  solver = await createGlpkMilpSolver();
});

/**
 * A household: taxable (with gains and a loss), an IRA and a Roth, targets 40/30/20/10 with 0 %
 * cash; equity (VTI) is overweight, bonds (BND) underweight.
 */
function household(overrides: Partial<PlannerInput> = {}, policy: Partial<PlannerInput['policy']> = {}): PlannerInput {
  return {
    baseCurrency: 'USD',
    accounts: [
      { id: 'taxable', type: 'taxable' },
      { id: 'ira', type: 'tax-deferred' },
      { id: 'roth', type: 'tax-free' }
    ],
    cash: { taxable: 500, ira: 200, roth: 100 },
    prices: { VTI: 250, VXUS: 60, BND: 72, VNQ: 90 },
    lots: [
      { id: 't-vti-old', account: 'taxable', symbol: 'VTI', quantity: 40, costBasis: 4000, acquired: '2019-03-01' },
      { id: 't-vti-new', account: 'taxable', symbol: 'VTI', quantity: 10, costBasis: 2700, acquired: '2026-06-01' },
      { id: 't-vxus', account: 'taxable', symbol: 'VXUS', quantity: 100, costBasis: 7000, acquired: '2024-02-01' },
      { id: 'i-bnd', account: 'ira', symbol: 'BND', quantity: 50, costBasis: 3900, acquired: '2021-01-04' },
      { id: 'i-vti', account: 'ira', symbol: 'VTI', quantity: 6, costBasis: 1000, acquired: '2020-01-04' },
      { id: 'r-vnq', account: 'roth', symbol: 'VNQ', quantity: 20, costBasis: 1500, acquired: '2022-05-05' }
    ],
    targets: { VTI: 0.4, VXUS: 0.3, BND: 0.2, VNQ: 0.1 },
    policy: { kind: 'full', ...policy },
    costs: {},
    rules: [],
    assets: {
      VTI: { assetClass: 'equity', region: 'US' },
      VXUS: { assetClass: 'equity', region: 'international' },
      BND: { assetClass: 'bond', region: 'US' },
      VNQ: { assetClass: 'real-estate', region: 'US' }
    },
    tax: { shortTermRate: 0.35, longTermRate: 0.15 },
    asOf: '2026-11-25',
    ...overrides
  };
}

const weightAfter = (plan: HouseholdPlan, symbol: string) => plan.lines.find((l) => l.symbol === symbol)!.weightAfter;
const weightBefore = (plan: HouseholdPlan, symbol: string) => plan.lines.find((l) => l.symbol === symbol)!.weightBefore;
const solved = (plan: HouseholdPlan) => expect(['optimal', 'feasible']).toContain(plan.status);

describe('planHousehold: policies', () => {
  it('full rebalance brings drift down and keeps every account out of overdraft', () => {
    const plan = planHousehold(household(), solver);
    solved(plan);
    expect(plan.driftAfter).toBeLessThan(plan.driftBefore / 4);
    for (const cash of Object.values(plan.cashAfter)) expect(cash).toBeGreaterThanOrEqual(0);
  });

  it('buy-only never sells, in any account', () => {
    const plan = planHousehold(household({}, { kind: 'buy-only', contribution: 3000 }), solver);
    solved(plan);
    expect(plan.trades.length).toBeGreaterThan(0);
    expect(plan.trades.every((t) => t.side === 'buy')).toBe(true);
  });

  it('threshold: inside the bands the plan trades nothing and says so', () => {
    const plan = planHousehold(household({}, { kind: 'threshold', bands: { absolute: 0.5 } }), solver);
    expect(plan.status).toBe('within-bands');
    expect(plan.trades).toEqual([]);
  });

  it('threshold: a breached band triggers a rebalance whose trades name the band', () => {
    const plan = planHousehold(household({}, { kind: 'threshold', bands: { absolute: 0.05 } }), solver);
    solved(plan);
    const sell = plan.trades.find((t) => t.symbol === 'VTI' && t.side === 'sell')!;
    expect(sell.reasons.some((r) => r.code === 'band-breached')).toBe(true);
  });

  it('threshold to the band edge stops at the edge instead of the target', () => {
    const toEdge = planHousehold(
      household({}, { kind: 'threshold', bands: { absolute: 0.05, rebalanceTo: 'band-edge' } }),
      solver
    );
    const toTarget = planHousehold(household({}, { kind: 'threshold', bands: { absolute: 0.05 } }), solver);
    solved(toEdge);
    expect(weightBefore(toEdge, 'VTI')).toBeGreaterThan(0.45);
    expect(weightAfter(toEdge, 'VTI')).toBeLessThanOrEqual(0.45 + 0.01);
    expect(weightAfter(toEdge, 'VTI')).toBeGreaterThan(weightAfter(toTarget, 'VTI'));
    expect(toEdge.totals.turnover).toBeLessThan(toTarget.totals.turnover);
  });

  it('calendar: not due yet means no trades, with the next due date', () => {
    const plan = planHousehold(
      household({}, { kind: 'full', calendar: { frequency: 'quarterly', lastRebalance: '2026-10-01' } }),
      solver
    );
    expect(plan.status).toBe('not-due');
    expect(plan.trigger.due).toEqual({ nextDue: '2027-01-01', reached: false });
  });

  it('hybrid: due by the calendar but inside the bands trades nothing', () => {
    const plan = planHousehold(
      household(
        {},
        { kind: 'threshold', bands: { absolute: 0.5 }, calendar: { frequency: 'monthly', lastRebalance: '2026-09-01' } }
      ),
      solver
    );
    expect(plan.status).toBe('within-bands');
  });

  it('cash-flow: a contribution buys only underweights and sells nothing', () => {
    const plan = planHousehold(household({}, { kind: 'cash-flow', contribution: 2000 }), solver);
    solved(plan);
    expect(plan.trades.every((t) => t.side === 'buy')).toBe(true);
    for (const t of plan.trades) expect(weightBefore(plan, t.symbol)).toBeLessThan(household().targets[t.symbol]);
    expect(plan.trades[0].reasons.some((r) => r.code === 'cash-flow')).toBe(true);
  });

  it('cash-flow: a withdrawal sells overweights, buys nothing, and pays it out', () => {
    const plan = planHousehold(household({}, { kind: 'cash-flow', contribution: -3000 }), solver);
    solved(plan);
    expect(plan.trades.every((t) => t.side === 'sell')).toBe(true);
    expect(plan.trades.some((t) => t.symbol === 'VTI')).toBe(true);
    expect(plan.cashAfter.taxable).toBeGreaterThanOrEqual(0);
  });
});

describe('planHousehold: cash, lots and costs', () => {
  it('keeps household cash at or above the minimum', () => {
    const plan = planHousehold(household({}, { minCash: 2500 }), solver);
    solved(plan);
    const cash = Object.values(plan.cashAfter).reduce((a, b) => a + b, 0);
    expect(cash).toBeGreaterThanOrEqual(2500 - 1e-9);
    expect(plan.trades.find((t) => t.side === 'sell')!.reasons.some((r) => r.code === 'raise-cash')).toBe(true);
  });

  it('trades whole lots of the asset lot size', () => {
    const input = household();
    input.assets!.VXUS.lotSize = 25;
    input.assets!.BND.lotSize = 10;
    const plan = planHousehold(input, solver);
    solved(plan);
    for (const t of plan.trades) {
      const size = input.assets![t.symbol].lotSize ?? 1;
      expect(t.quantity / size).toBe(Math.round(t.quantity / size));
    }
  });

  it('charges commission with its minimum and maximum, spread, and pays costs from cash', () => {
    const plan = planHousehold(
      household({ costs: { perTrade: 1, bps: 10, minimum: 5, maximum: 9, spreadBps: 20 } }),
      solver
    );
    solved(plan);
    for (const t of plan.trades) {
      const raw = 1 + (10 * t.value) / 1e4;
      expect(t.cost.commission).toBeCloseTo(Math.min(Math.max(raw, 5), 9), 9);
      expect(t.cost.spread).toBeCloseTo((10 * t.value) / 1e4, 9);
    }
    const cashBefore = Object.values(plan.cashBefore).reduce((a, b) => a + b, 0);
    const cashAfter = Object.values(plan.cashAfter).reduce((a, b) => a + b, 0);
    const flow = plan.trades.reduce((s, t) => s + (t.side === 'sell' ? t.value : -t.value), 0);
    expect(cashAfter).toBeCloseTo(cashBefore + flow - plan.totals.cost, 6);
  });

  it('charges square-root market impact, never below the curve, when volume and volatility are known', () => {
    const input = household();
    input.assets!.BND = { ...input.assets!.BND, averageDailyVolume: 400, dailyVolatility: 0.01 };
    const plan = planHousehold(input, solver);
    solved(plan);
    const bnd = plan.trades.find((t) => t.symbol === 'BND')!;
    const exact = 0.01 * Math.sqrt(bnd.quantity / 400) * bnd.value;
    expect(bnd.cost.impact).toBeGreaterThanOrEqual(exact - 1e-9);
    expect(bnd.cost.impact).toBeLessThan(exact * 1.5);
    expect(plan.trades.filter((t) => t.symbol !== 'BND').every((t) => t.cost.impact === 0)).toBe(true);
  });

  it('a minimum trade value and a trade limit hold', () => {
    const plan = planHousehold(household({}, { minTradeValue: 1000, maxTrades: 2 }), solver);
    solved(plan);
    expect(plan.trades.length).toBeLessThanOrEqual(2);
    for (const t of plan.trades) expect(t.value).toBeGreaterThanOrEqual(1000);
  });

  it('sells lots in the chosen order: HIFO takes the expensive new lot, FIFO the old one', () => {
    const hifo = planHousehold(
      household({ tax: { lotMethod: 'hifo' }, rules: [{ kind: 'max-weight', symbol: 'VTI', limit: 0.3 }] }),
      solver
    );
    const fifo = planHousehold(
      household({ tax: { lotMethod: 'fifo' }, rules: [{ kind: 'max-weight', symbol: 'VTI', limit: 0.3 }] }),
      solver
    );
    const sale = (plan: HouseholdPlan) =>
      plan.trades.find((t) => t.account === 'taxable' && t.symbol === 'VTI' && t.side === 'sell')!;
    expect(sale(hifo).lots[0].lotId).toBe('t-vti-new');
    expect(sale(fifo).lots[0].lotId).toBe('t-vti-old');
    expect(sale(fifo).tax).toBeGreaterThan(sale(hifo).tax);
  });

  it('a specific lot is the only one sold', () => {
    const plan = planHousehold(
      household({
        specificLots: { 'taxable/VTI': 't-vti-old' },
        rules: [{ kind: 'max-weight', symbol: 'VTI', limit: 0.3 }]
      }),
      solver
    );
    const sale = plan.trades.find((t) => t.account === 'taxable' && t.symbol === 'VTI' && t.side === 'sell');
    if (sale) expect(sale.lots.map((l) => l.lotId)).toEqual(['t-vti-old']);
    expect(plan.trades.some((t) => t.lots.some((l) => l.lotId === 't-vti-new'))).toBe(false);
  });

  it('charges no tax on sales in tax-deferred and tax-free accounts', () => {
    const plan = planHousehold(household({}, { minCash: 0 }), solver);
    for (const t of plan.trades.filter((t) => t.account !== 'taxable')) expect(t.tax).toBe(0);
  });
});

describe('planHousehold: taxes and wash sales', () => {
  // VXUS bought at 70, now 60: a 1,000 loss in the taxable account.
  it('harvests a loss into the declared substitute, and says so', () => {
    const input = household(
      { prices: { VTI: 250, VXUS: 60, BND: 72, VNQ: 90, IXUS: 60 } },
      { objective: 'lowest-tax' }
    );
    input.tax = { shortTermRate: 0.35, longTermRate: 0.15, substitutes: { VXUS: 'IXUS' } };
    const plan = planHousehold(input, solver);
    solved(plan);
    const sell = plan.trades.find((t) => t.symbol === 'VXUS' && t.side === 'sell')!;
    expect(sell.reasons.some((r) => r.code === 'tax-loss-harvest')).toBe(true);
    expect(plan.trades.some((t) => t.symbol === 'IXUS' && t.side === 'buy')).toBe(true);
    expect(plan.washSales).toEqual([]);
  });

  it('never sells a loss while buying the same security in another account (wash sale across accounts)', () => {
    const input = household({}, { objective: 'lowest-tax', contribution: 0 });
    input.cash = { taxable: 0, ira: 20000, roth: 0 };
    input.targets = { VTI: 0.3, VXUS: 0.4, BND: 0.2, VNQ: 0.1 };
    const plan = planHousehold(input, solver);
    solved(plan);
    const buysVxus = plan.trades.some((t) => t.symbol === 'VXUS' && t.side === 'buy');
    const sellsVxusLoss = plan.trades.some((t) => t.symbol === 'VXUS' && t.side === 'sell' && t.realizedGain < 0);
    expect(buysVxus && sellsVxusLoss).toBe(false);
    expect(plan.washSales).toEqual([]);
  });

  it('a purchase of an identical security in the IRA within 30 days disallows the loss', () => {
    const input = household({
      recentPurchases: [{ account: 'ira', symbol: 'IXUS', date: '2026-11-10', quantity: 5 }],
      prices: { VTI: 250, VXUS: 60, BND: 72, VNQ: 90, IXUS: 60 },
      rules: [{ kind: 'max-weight', symbol: 'VXUS', limit: 0.05 }]
    });
    input.tax = { identical: [['VXUS', 'IXUS']] };
    const plan = planHousehold(input, solver);
    solved(plan);
    const sell = plan.trades.find((t) => t.symbol === 'VXUS' && t.side === 'sell')!;
    expect(sell.tax).toBe(0);
    expect(sell.reasons.some((r) => r.code === 'wash-sale-deferred')).toBe(true);
  });

  it('suggests unharvested losses with the date until which not to buy back', () => {
    const plan = planHousehold(household({}, { kind: 'buy-only' }), solver);
    const suggestion = plan.harvest.find((h) => h.symbol === 'VXUS')!;
    expect(suggestion.loss).toBeCloseTo(1000, 6);
    expect(suggestion.taxSaved).toBeCloseTo(150, 6);
    expect(suggestion.noRepurchaseUntil).toBe('2026-12-26');
  });

  it('lowest-tax realises less tax than closest-to-target, fewest-trades makes fewer trades', () => {
    const outcomes = comparePresets(household(), solver);
    const by = Object.fromEntries(outcomes.map((o) => [o.preset, o]));
    expect(by['lowest-tax'].tax).toBeLessThanOrEqual(by['closest-to-target'].tax + 1e-9);
    expect(by['fewest-trades'].trades).toBeLessThanOrEqual(by['closest-to-target'].trades);
    expect(by['closest-to-target'].driftAfter).toBeLessThanOrEqual(by['lowest-tax'].driftAfter + 1e-12);
  });
});

describe('planHousehold: compliance rules', () => {
  const check = (rules: Rule[], policy: Partial<PlannerInput['policy']> = {}) => {
    const plan = planHousehold(household({ rules }, policy), solver);
    solved(plan);
    expect(plan.violations).toEqual([]);
    return plan;
  };

  it('max and min weight per asset', () => {
    const plan = check([
      { kind: 'max-weight', symbol: 'VTI', limit: 0.3 },
      { kind: 'min-weight', symbol: 'VNQ', limit: 0.15 }
    ]);
    expect(weightAfter(plan, 'VTI')).toBeLessThanOrEqual(0.3 + 1e-9);
    expect(weightAfter(plan, 'VNQ')).toBeGreaterThanOrEqual(0.15 - 1e-9);
  });

  it('max and min weight per group (asset class, region)', () => {
    const plan = check([
      { kind: 'max-group-weight', field: 'region', value: 'US', limit: 0.55 },
      { kind: 'min-group-weight', field: 'assetClass', value: 'bond', limit: 0.25 }
    ]);
    const us = ['VTI', 'BND', 'VNQ'].reduce((s, x) => s + weightAfter(plan, x), 0);
    expect(us).toBeLessThanOrEqual(0.55 + 1e-9);
    expect(weightAfter(plan, 'BND')).toBeGreaterThanOrEqual(0.25 - 1e-9);
  });

  it('restricted: never bought; excluded: sold and never bought', () => {
    const plan = check([
      { kind: 'restricted', symbols: ['BND'] },
      { kind: 'excluded', symbols: ['VNQ'] }
    ]);
    expect(plan.trades.some((t) => t.symbol === 'BND' && t.side === 'buy')).toBe(false);
    expect(plan.lines.find((l) => l.symbol === 'VNQ')!.quantityAfter).toBe(0);
    const sale = plan.trades.find((t) => t.symbol === 'VNQ')!;
    expect(sale.reasons.some((r) => r.code === 'rule' && r.rule.kind === 'excluded')).toBe(true);
  });

  it('min cash weight, max turnover and max positions', () => {
    const plan = check([
      { kind: 'min-cash', limit: 0.05 },
      { kind: 'max-turnover', limit: 0.08 },
      { kind: 'max-positions', limit: 4 }
    ]);
    expect(plan.lines.find((l) => l.symbol === null)!.weightAfter).toBeGreaterThanOrEqual(0.05 - 1e-9);
    expect(plan.totals.turnover).toBeLessThanOrEqual(0.08 + 1e-9);
  });

  it('max positions drops a holding when it must', () => {
    const plan = check([{ kind: 'max-positions', limit: 3 }]);
    expect(plan.lines.filter((l) => l.symbol !== null && l.quantityAfter > 0).length).toBeLessThanOrEqual(3);
  });

  it('liquidity: no trade above the share of average daily volume', () => {
    const input = household({ rules: [{ kind: 'liquidity', maxShareOfVolume: 0.1 }] });
    input.assets!.BND.averageDailyVolume = 100;
    const plan = planHousehold(input, solver);
    solved(plan);
    for (const t of plan.trades.filter((t) => t.symbol === 'BND')) expect(t.quantity).toBeLessThanOrEqual(10);
    expect(plan.violations).toEqual([]);
  });

  it('no-short and no-leverage always hold', () => {
    const plan = check([{ kind: 'no-short' }, { kind: 'no-leverage' }]);
    for (const l of plan.lines) expect(l.quantityAfter).toBeGreaterThanOrEqual(0);
  });

  it('flags breaches in the current holdings', () => {
    const plan = planHousehold(household({ rules: [{ kind: 'max-weight', symbol: 'VTI', limit: 0.3 }] }), solver);
    expect(plan.violationsBefore).toEqual([expect.objectContaining({ subject: 'VTI', limit: 0.3 })]);
    expect(plan.violations).toEqual([]);
  });

  it('when nothing fits, names the rule or setting to relax', () => {
    const plan = planHousehold(
      household({ rules: [{ kind: 'max-weight', symbol: 'VTI', limit: 0.2 }] }, { kind: 'buy-only' }),
      solver
    );
    expect(plan.status).toBe('infeasible');
    expect(plan.relaxations).toEqual(
      expect.arrayContaining([
        { kind: 'drop-rule', index: 0, rule: { kind: 'max-weight', symbol: 'VTI', limit: 0.2 } },
        { kind: 'allow-sells', policy: 'buy-only' }
      ])
    );
  });
});

describe('planHousehold: skip a trade, asset location', () => {
  it('skipping a trade re-plans without it and reports the change', () => {
    const base = planHousehold(household(), solver);
    const first = base.trades[0];
    const { plan, change } = planWithout(
      household(),
      { account: first.account, symbol: first.symbol, side: first.side },
      solver
    );
    expect(
      plan.trades.some((t) => t.account === first.account && t.symbol === first.symbol && t.side === first.side)
    ).toBe(false);
    expect(change.driftAfter).toBeGreaterThanOrEqual(-1e-12);
    expect(change.driftAfter).toBeCloseTo(plan.driftAfter - base.driftAfter, 12);
  });

  it('asset location places bonds in the tax-deferred account', () => {
    const input = (assetLocation: boolean) => {
      const i = household({}, { assetLocation });
      i.cash = { taxable: 3000, ira: 3000, roth: 3000 };
      return i;
    };
    const bondsIn = (plan: HouseholdPlan, account: string) =>
      plan.trades
        .filter((t) => t.symbol === 'BND' && t.account === account)
        .reduce((s, t) => s + (t.side === 'buy' ? t.quantity : -t.quantity), 0);
    const on = planHousehold(input(true), solver);
    const off = planHousehold(input(false), solver);
    solved(on);
    expect(bondsIn(on, 'ira')).toBeGreaterThan(0);
    expect(bondsIn(on, 'ira')).toBeGreaterThan(bondsIn(on, 'taxable') + bondsIn(on, 'roth'));
    expect(bondsIn(on, 'ira')).toBeGreaterThanOrEqual(bondsIn(off, 'ira'));
    expect(
      on.trades.find((t) => t.symbol === 'BND' && t.account === 'ira')!.reasons.some((r) => r.code === 'asset-location')
    ).toBe(true);
  });
});
