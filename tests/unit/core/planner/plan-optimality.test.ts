/**
 * The planner's MILP against brute force: on small random households (up to 4 slots, small
 * quantities) with costs, taxes, lots, cash limits, trade limits and rules, the MILP's plan
 * scores exactly the best objective found by enumerating every whole-lot plan through the
 * documented objective (evaluate-plan.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluatePlan, type SlotTrades } from '$lib/core/planner/evaluate-plan';
import { planHousehold, solveModel } from '$lib/core/planner/plan-household';
import { buildPlannerModel, type PlannerModel } from '$lib/core/planner/planner-model';
import type { PlannerInput } from '$lib/core/planner/planner-input';
import type { MilpSolver } from '$lib/core/solver/milp';
import type { Rule } from '$lib/core/compliance/rules';
import { createGlpkMilpSolver } from '$lib/solvers/glpk-milp';
import { mulberry32 as random } from '$lib/core/solver/test-problems';

let solver: MilpSolver;
beforeAll(async () => {
  solver = await createGlpkMilpSolver();
});

/** Every whole-lot plan (one side per slot), scored; the best feasible objective. */
function bruteForce(model: PlannerModel): number {
  const n = model.slots.length;
  const trades: SlotTrades = { buy: new Array(n).fill(0), sell: new Array(n).fill(0) };
  let best = Infinity;
  const visit = (k: number) => {
    if (k === n) {
      const e = evaluatePlan(model, trades);
      if (e.problems.length === 0) best = Math.min(best, e.objective.total);
      return;
    }
    const slot = model.slots[k];
    for (let sell = slot.minSellLots; sell <= slot.maxSellLots; sell++) {
      trades.sell[k] = sell;
      trades.buy[k] = 0;
      visit(k + 1);
    }
    trades.sell[k] = 0;
    if (slot.minSellLots === 0)
      for (let buy = 1; buy <= slot.maxBuyLots; buy++) {
        trades.buy[k] = buy;
        visit(k + 1);
      }
    trades.buy[k] = 0;
  };
  visit(0);
  return best;
}

const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];

function randomHousehold(seed: number): PlannerInput {
  const rand = random(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];
  const twoAccounts = rand() < 0.35;
  const count = twoAccounts ? 2 : 2 + Math.floor(rand() * 3);
  const symbols = SYMBOLS.slice(0, count);
  const accounts: PlannerInput['accounts'] = twoAccounts
    ? [
        { id: 'taxable', type: 'taxable' },
        { id: 'ira', type: pick(['tax-deferred', 'tax-free'] as const) }
      ]
    : [{ id: 'taxable', type: 'taxable' }];
  const prices = Object.fromEntries(symbols.map((s) => [s, Math.round((40 + rand() * 80) * 100) / 100]));
  const lots: PlannerInput['lots'] = [];
  for (const account of accounts)
    for (const symbol of symbols) {
      const lotCount = Math.floor(rand() * 4);
      for (let j = 0; j < lotCount; j++)
        lots.push({
          account: account.id,
          symbol,
          quantity: 1 + Math.floor(rand() * 3),
          costBasis: Math.round(prices[symbol] * (0.6 + rand() * 0.8) * 100) / 100,
          acquired: pick(['2023-03-01', '2025-06-15', '2026-10-01', '2026-11-10'])
        });
    }
  for (const lot of lots) lot.costBasis = Math.round(lot.costBasis! * lot.quantity * 100) / 100;
  const weights = symbols.map(() => rand());
  const scale = (0.85 + rand() * 0.15) / weights.reduce((a, b) => a + b, 0);
  const targets = Object.fromEntries(symbols.map((s, i) => [s, Math.round(weights[i] * scale * 1000) / 1000]));
  const rules: Rule[] = [];
  if (rand() < 0.3) rules.push({ kind: 'max-weight', symbol: pick(symbols), limit: 0.2 + rand() * 0.4 });
  if (rand() < 0.2) rules.push({ kind: 'min-cash', limit: 0.02 + rand() * 0.05 });
  if (rand() < 0.2) rules.push({ kind: 'max-turnover', limit: 0.1 + rand() * 0.3 });
  if (rand() < 0.2) rules.push({ kind: 'max-group-weight', field: 'assetClass', value: 'bond', limit: 0.3 });
  if (rand() < 0.15) rules.push({ kind: 'max-positions', limit: count - 1 });
  if (rand() < 0.15) rules.push({ kind: 'restricted', symbols: [pick(symbols)] });
  return {
    baseCurrency: 'USD',
    accounts,
    cash: Object.fromEntries(accounts.map((a) => [a.id, Math.round(rand() * 250)])),
    prices,
    lots,
    targets,
    policy: {
      kind: pick(['full', 'full', 'buy-only'] as const),
      objective: pick(['closest-to-target', 'fewest-trades', 'lowest-tax'] as const),
      minCash: rand() < 0.3 ? Math.round(rand() * 60) : 0,
      minTradeValue: rand() < 0.3 ? Math.round(rand() * 120) : 0,
      maxTrades: rand() < 0.3 ? 1 + Math.floor(rand() * 2) : null,
      contribution: rand() < 0.3 ? Math.round(rand() * 200) : 0,
      assetLocation: rand() < 0.3
    },
    costs: {
      perTrade: rand() < 0.5 ? Math.round(rand() * 5) : 0,
      perShare: rand() < 0.3 ? 0.05 : 0,
      bps: rand() < 0.5 ? Math.round(rand() * 20) : 0,
      ...(rand() < 0.3 ? { minimum: 2 } : {}),
      ...(rand() < 0.3 ? { maximum: 4 } : {}),
      spreadBps: rand() < 0.5 ? 10 : 0
    },
    assets: Object.fromEntries(
      symbols.map((s, i) => [
        s,
        {
          assetClass: i % 2 === 0 ? 'equity' : 'bond',
          ...(rand() < 0.3 ? { averageDailyVolume: 50, dailyVolatility: 0.02 } : {})
        }
      ])
    ),
    tax: {
      shortTermRate: 0.35,
      longTermRate: 0.15,
      lotMethod: pick(['hifo', 'fifo', 'lifo', 'tax-aware'] as const),
      ...(count >= 2 && rand() < 0.3 ? { substitutes: { [symbols[0]]: symbols[1] } } : {})
    },
    rules,
    asOf: '2026-11-25'
  };
}

describe('planner MILP optimality', () => {
  it('matches brute-force enumeration of the documented objective on 120 small random households', () => {
    let compared = 0;
    let infeasible = 0;
    for (let seed = 1; compared + infeasible < 120; seed++) {
      const input = randomHousehold(seed);
      const model = buildPlannerModel(input);
      const combos = model.slots.reduce((p, s) => p * (s.maxBuyLots + s.maxSellLots + 1), 1);
      if (model.slots.length > 4 || combos > 40_000) continue;
      const best = bruteForce(model);
      const solved = solveModel(model, solver);
      if (best === Infinity) {
        expect(solved.evaluation?.problems.length ?? 0, `seed ${seed}: brute force found no plan`).toBe(0);
        expect(solved.status, `seed ${seed}`).toBe('infeasible');
        infeasible++;
        continue;
      }
      expect(solved.evaluation, `seed ${seed}: MILP found no plan`).toBeDefined();
      expect(solved.evaluation!.problems, `seed ${seed}`).toEqual([]);
      expect(solved.evaluation!.objective.total, `seed ${seed}`).toBeCloseTo(best, 6);
      compared++;
    }
    expect(compared).toBeGreaterThan(90);
  });

  it('keeps the lot order when tax per share falls along it (FIFO, oldest lot with the largest gain)', () => {
    const input: PlannerInput = {
      baseCurrency: 'USD',
      accounts: [{ id: 'taxable', type: 'taxable' }],
      cash: { taxable: 0 },
      prices: { AAA: 100, BBB: 100 },
      lots: [
        { account: 'taxable', symbol: 'AAA', quantity: 2, costBasis: 60, acquired: '2020-01-02' },
        { account: 'taxable', symbol: 'AAA', quantity: 2, costBasis: 190, acquired: '2026-08-01' },
        { account: 'taxable', symbol: 'BBB', quantity: 2, costBasis: 200, acquired: '2026-08-01' }
      ],
      targets: { AAA: 0.5, BBB: 0.5 },
      // Selling one AAA share removes 200 of drift; FIFO taxes it 10.5 (× μ = 525), while the
      // newer lot alone would cost 1.75 (× μ = 87.5): only the right order keeps the plan empty.
      policy: { kind: 'full', objective: 'lowest-tax', mu: 50 },
      costs: {},
      rules: [],
      tax: { lotMethod: 'fifo' },
      asOf: '2026-11-25'
    };
    const model = buildPlannerModel(input);
    expect(model.slots.find((s) => s.symbol === 'AAA')!.taxConvex).toBe(false);
    const solved = solveModel(model, solver);
    expect(solved.evaluation!.objective.total).toBeCloseTo(bruteForce(model), 6);
    expect(solved.evaluation!.trades).toEqual([]);
  });

  it('reports the same objective the evaluation computes', () => {
    const input = randomHousehold(7);
    const plan = planHousehold(input, solver);
    expect(['optimal', 'infeasible']).toContain(plan.status);
    if (plan.status === 'optimal') expect(plan.objective.total).toBeGreaterThan(0);
  });
});
