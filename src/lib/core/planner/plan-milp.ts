/**
 * The planner's MILP: the objective and constraints of evaluate-plan.ts written as a mixed-
 * integer linear program over whole lots bought (b) and sold (x) per slot (account × symbol).
 *
 * Linearisation, where it is not plain:
 * - |T − v| and the cash term: one deviation variable bounded below by both signs;
 * - tax: sales draw on lots y_j in lot-method order; when tax per share rises along that order
 *   the LP keeps the order by itself, otherwise binaries f_j ("lot j fully sold before j+1")
 *   enforce it;
 * - a fixed fee, a minimum trade value, a trade limit or a trade penalty: one binary per trade
 *   (u ≥ lots / max lots); commission minimum and maximum: a commission variable above the raw
 *   fee and above minimum·u, and a binary that caps it at the maximum;
 * - impact: IMPACT_SEGMENTS segment variables with rising slopes (a convex curve, so the LP fills
 *   them in order);
 * - wash sales: a binary per wash group that is bought; a sale of the group may then draw only
 *   on the lots before the first loss in lot order;
 * - max positions: a binary per symbol that is held after the plan.
 * Weight rules are linear because the household's value after the plan, V − costs, is.
 */
import type { LinearTerm, MilpConstraint, MilpProblem, MilpVariable } from '../solver/milp';
import { IMPACT_SEGMENTS } from './evaluate-plan';
import { locationPenalty, type PlannerModel } from './planner-model';

export const buyVar = (k: number) => `b${k}`;
export const sellVar = (k: number) => `x${k}`;

type Expr = { terms: LinearTerm[]; constant: number };
const expr = (): Expr => ({ terms: [], constant: 0 });
const add = (e: Expr, variable: string, coefficient: number) => {
  if (coefficient !== 0) e.terms.push({ variable, coefficient });
};
const addExpr = (e: Expr, other: Expr, scale = 1) => {
  for (const t of other.terms) add(e, t.variable, t.coefficient * scale);
  e.constant += other.constant * scale;
};

/**
 * Builds the MILP. `margin` (money) tightens every cash and rule limit a little: used only to
 * step a rounded solution away from solver tolerance.
 */
export function buildPlanMilp(model: PlannerModel, margin = 0): MilpProblem {
  const { symbols, slots, weights, rules } = model;
  const V = model.totalValue;
  const variables: MilpVariable[] = [];
  const constraints: MilpConstraint[] = [];
  const objective: LinearTerm[] = [];
  const cashAfter = model.cash.map((c) => ({ terms: [], constant: c }) as Expr);
  const totalCost = expr();
  const valueAfter = symbols.map(() => expr());
  const buyValue = expr();
  const sellValue = expr();
  const tradeIndicators: string[] = [];
  const lotsChangeBySymbol = symbols.map(() => expr());
  const guardedSells = new Map<number, { variable: string; lotSize: number; before: number; most: number }[]>();
  const buysByGroup = new Map<number, { variable: string; max: number }[]>();
  const needsIndicator =
    (model.commission.perTrade ?? 0) > 0 ||
    (model.commission.minimum ?? 0) > 0 ||
    model.minTradeValue > 0 ||
    model.maxTrades !== null ||
    weights.tradePenalty > 0;
  const liquidity = rules.find((r) => r.kind === 'liquidity');

  // Upper bounds by name, read back when the net-lot and position rows are built (a find over
  // thousands of variables per term was quadratic at 500 holdings).
  const upperOf = new Map<string, number>();

  slots.forEach((slot, k) => {
    const s = symbols[slot.symbolIndex];
    const a = model.accounts.indexOf(slot.account);
    const lotValue = s.price * s.lotSize;
    valueAfter[slot.symbolIndex].constant += slot.held * s.price;
    const liquidityCap =
      liquidity && liquidity.kind === 'liquidity' && s.averageDailyVolume
        ? Math.floor((liquidity.maxShareOfVolume * s.averageDailyVolume) / s.lotSize + 1e-9)
        : Infinity;

    for (const side of ['buy', 'sell'] as const) {
      const max = Math.min(side === 'buy' ? slot.maxBuyLots : slot.maxSellLots, liquidityCap);
      const min = side === 'sell' ? slot.minSellLots : 0;
      if (max <= 0 && min <= 0) continue;
      const v = side === 'buy' ? buyVar(k) : sellVar(k);
      const sign = side === 'buy' ? 1 : -1;
      variables.push({ name: v, integer: true, lower: min, upper: Math.max(min, max) });
      upperOf.set(v, Math.max(min, max));
      const upperLots = Math.max(min, max);
      add(lotsChangeBySymbol[slot.symbolIndex], v, sign * s.lotSize);
      add(valueAfter[slot.symbolIndex], v, sign * lotValue);
      add(cashAfter[a], v, -sign * lotValue);
      add(side === 'buy' ? buyValue : sellValue, v, lotValue);
      objective.push({ variable: v, coefficient: weights.epsilon * lotValue });
      if (weights.locationWeight > 0)
        objective.push({
          variable: v,
          coefficient: sign * weights.locationWeight * locationPenalty(s.assetClass, slot.account.type) * lotValue
        });
      if (side === 'buy')
        buysByGroup.set(s.washGroup, [...(buysByGroup.get(s.washGroup) ?? []), { variable: v, max: upperLots }]);

      // Costs of this trade.
      const cost = expr();
      const rawFee = expr();
      const fee = model.commission;
      add(rawFee, v, (fee.perShare ?? 0) * s.lotSize + ((fee.bps ?? 0) * lotValue) / 1e4);
      let indicator: string | undefined;
      if (needsIndicator) {
        indicator = `u${side[0]}${k}`;
        variables.push({ name: indicator, integer: true, lower: 0, upper: 1 });
        tradeIndicators.push(indicator);
        constraints.push({
          name: `trade flag ${side} ${slot.account.id}/${slot.symbol}`,
          terms: [
            { variable: v, coefficient: 1 },
            { variable: indicator, coefficient: -upperLots }
          ],
          upper: 0
        });
        if (model.minTradeValue > 0)
          constraints.push({
            name: `minimum trade value: ${side} ${slot.account.id}/${slot.symbol}`,
            terms: [
              { variable: v, coefficient: lotValue },
              { variable: indicator, coefficient: -model.minTradeValue }
            ],
            lower: 0
          });
        add(rawFee, indicator, fee.perTrade ?? 0);
        if (weights.tradePenalty > 0) objective.push({ variable: indicator, coefficient: weights.tradePenalty });
      }
      if ((fee.minimum ?? 0) > 0 || fee.maximum !== undefined) {
        const c = `c${side[0]}${k}`;
        variables.push({ name: c, lower: 0 });
        const feeRow: MilpConstraint = {
          name: `commission ${side} ${slot.account.id}/${slot.symbol}`,
          terms: [{ variable: c, coefficient: 1 }, ...rawFee.terms.map((t) => ({ ...t, coefficient: -t.coefficient }))],
          lower: 0
        };
        constraints.push(feeRow);
        if ((fee.minimum ?? 0) > 0 && indicator)
          constraints.push({
            name: `minimum commission ${side} ${slot.account.id}/${slot.symbol}`,
            terms: [
              { variable: c, coefficient: 1 },
              { variable: indicator, coefficient: -(fee.minimum ?? 0) }
            ],
            lower: 0
          });
        if (fee.maximum !== undefined) {
          // c ≥ raw − M·cap and c ≥ maximum·cap: the solver picks cap = 1 when raw > maximum.
          const cap = `k${side[0]}${k}`;
          const bigM =
            (fee.perTrade ?? 0) + ((fee.perShare ?? 0) * s.lotSize + ((fee.bps ?? 0) * lotValue) / 1e4) * upperLots;
          variables.push({ name: cap, integer: true, lower: 0, upper: 1 });
          feeRow.terms.push({ variable: cap, coefficient: bigM });
          constraints.push({
            name: `maximum commission ${side} ${slot.account.id}/${slot.symbol}`,
            terms: [
              { variable: c, coefficient: 1 },
              { variable: cap, coefficient: -fee.maximum }
            ],
            lower: 0
          });
        }
        add(cost, c, 1);
      } else addExpr(cost, rawFee);
      add(cost, v, ((s.spreadBps / 2) * lotValue) / 1e4);
      if (s.averageDailyVolume && s.dailyVolatility && model.impactCoefficient > 0) {
        const cap = upperLots * s.lotSize;
        const step = cap / IMPACT_SEGMENTS;
        const exact = (x: number) =>
          (model.impactCoefficient * s.dailyVolatility! * s.price * x * Math.sqrt(x)) /
          Math.sqrt(s.averageDailyVolume!);
        const link: LinearTerm[] = [{ variable: v, coefficient: -s.lotSize }];
        for (let j = 0; j < IMPACT_SEGMENTS; j++) {
          const z = `z${side[0]}${k}_${j}`;
          variables.push({ name: z, lower: 0, upper: step });
          link.push({ variable: z, coefficient: 1 });
          add(cost, z, (exact((j + 1) * step) - exact(j * step)) / step);
        }
        constraints.push({ name: `impact ${side} ${slot.account.id}/${slot.symbol}`, terms: link, lower: 0, upper: 0 });
      }
      addExpr(totalCost, cost);
      addExpr(cashAfter[a], cost, -1);

      // Which lots a sale draws on, and their tax.
      if (side === 'sell' && slot.lots.length > 0) {
        const firstGuarded = slot.lots.findIndex((l) => l.washGuarded);
        if (firstGuarded >= 0) {
          const before = slot.lots.slice(0, firstGuarded).reduce((sum, l) => sum + l.quantity, 0);
          guardedSells.set(s.washGroup, [
            ...(guardedSells.get(s.washGroup) ?? []),
            { variable: v, lotSize: s.lotSize, before, most: upperLots * s.lotSize }
          ]);
        }
        if (!(weights.mu > 0 && slot.lots.some((l) => l.taxPerShare !== 0))) continue;
        const draw = (j: number) => `y${k}_${j}`;
        const link: LinearTerm[] = [{ variable: v, coefficient: -s.lotSize }];
        slot.lots.forEach((lot, j) => {
          variables.push({ name: draw(j), lower: 0, upper: lot.quantity });
          link.push({ variable: draw(j), coefficient: 1 });
          if (lot.taxPerShare !== 0) objective.push({ variable: draw(j), coefficient: weights.mu * lot.taxPerShare });
        });
        constraints.push({ name: `lots sold ${slot.account.id}/${slot.symbol}`, terms: link, lower: 0, upper: 0 });
        if (!slot.taxConvex) {
          for (let j = 0; j + 1 < slot.lots.length; j++) {
            const full = `f${k}_${j}`;
            variables.push({ name: full, integer: true, lower: 0, upper: 1 });
            constraints.push({
              name: `lot order ${slot.account.id}/${slot.symbol} #${j + 1} full`,
              terms: [
                { variable: draw(j), coefficient: 1 },
                { variable: full, coefficient: -slot.lots[j].quantity }
              ],
              lower: 0
            });
            constraints.push({
              name: `lot order ${slot.account.id}/${slot.symbol} #${j + 2} after`,
              terms: [
                { variable: draw(j + 1), coefficient: 1 },
                { variable: full, coefficient: -slot.lots[j + 1].quantity }
              ],
              upper: 0
            });
          }
        }
      }
    }
  });

  // The household's net lots per symbol, as an integer of its own. Drift depends on it alone, and
  // accounts are interchangeable in it: branching on it raises the bound where branching on one
  // account's lots would let another account's fractional lots take its place (10 s → 20 ms on
  // a three-account household).
  symbols.forEach((s, i) => {
    const terms = lotsChangeBySymbol[i].terms;
    if (terms.length < 2) return;
    const net = `n${i}`;
    const low = terms.reduce(
      (sum, t) => sum + Math.min(0, t.coefficient / s.lotSize) * (upperOf.get(t.variable) ?? 0),
      0
    );
    const high = terms.reduce(
      (sum, t) => sum + Math.max(0, t.coefficient / s.lotSize) * (upperOf.get(t.variable) ?? 0),
      0
    );
    variables.push({ name: net, integer: true, lower: low, upper: high });
    constraints.push({
      name: `net lots ${s.symbol}`,
      terms: [
        ...terms.map((t) => ({ variable: t.variable, coefficient: t.coefficient / s.lotSize })),
        { variable: net, coefficient: -1 }
      ],
      lower: 0,
      upper: 0
    });
  });

  // A slot buys or sells, never both: with a minimum trade value, buying 2 and selling 3 would
  // sneak a one-share sale past the minimum. (Without trade flags both sides only ever cost.)
  slots.forEach((slot, k) => {
    const flags = [`ub${k}`, `us${k}`].filter((u) => tradeIndicators.includes(u));
    if (flags.length === 2)
      constraints.push({
        name: `one side: ${slot.account.id}/${slot.symbol}`,
        terms: flags.map((variable) => ({ variable, coefficient: 1 })),
        upper: 1
      });
  });

  // Wash sales: while the plan buys a group, a sale may draw only on the lots sold before the
  // first loss in lot order (L·x ≤ before when the group's flag w is set).
  for (const [group, sells] of guardedSells) {
    const buys = buysByGroup.get(group);
    if (!buys) continue;
    const flag = `w${group}`;
    variables.push({ name: flag, integer: true, lower: 0, upper: 1 });
    constraints.push({
      name: `wash sale: buys of ${symbols.find((s) => s.washGroup === group)?.symbol}`,
      terms: [
        ...buys.map((b) => ({ variable: b.variable, coefficient: 1 })),
        { variable: flag, coefficient: -buys.reduce((s, b) => s + b.max, 0) }
      ],
      upper: 0
    });
    // The same disjunction per (buy, sale) pair, as its convex hull: b/B + (L·x − before)/(most −
    // before) ≤ 1. Implied for whole flags, but it stops the LP relaxation from buying a group
    // in one account while harvesting its losses in another, which made its bound useless.
    for (const sell of sells)
      for (const buy of buys)
        if (sell.most > sell.before && buy.max > 0)
          constraints.push({
            name: `wash sale: ${buy.variable} or losses of ${sell.variable}`,
            terms: [
              { variable: buy.variable, coefficient: 1 / buy.max },
              { variable: sell.variable, coefficient: sell.lotSize / (sell.most - sell.before) }
            ],
            upper: 1 + sell.before / (sell.most - sell.before)
          });
    for (const sell of sells)
      constraints.push({
        name: `wash sale: losses of ${sell.variable}`,
        terms: [
          { variable: sell.variable, coefficient: sell.lotSize },
          { variable: flag, coefficient: sell.most - sell.before }
        ],
        upper: sell.most
      });
  }

  // Cash: never below zero per account, the household's minimum in total.
  const row = (name: string, e: Expr, lower?: number, upper?: number): MilpConstraint => ({
    name,
    terms: e.terms,
    ...(lower !== undefined ? { lower: lower - e.constant } : {}),
    ...(upper !== undefined ? { upper: upper - e.constant } : {})
  });
  model.accounts.forEach((account, a) =>
    constraints.push(row(`cash never negative: ${account.id}`, cashAfter[a], margin))
  );
  const householdCash = expr();
  cashAfter.forEach((c) => addExpr(householdCash, c));
  if (model.minCash > 0) constraints.push(row('minimum cash', householdCash, model.minCash + margin));
  if (model.maxTrades !== null && tradeIndicators.length > 0)
    constraints.push({
      name: 'maximum number of trades',
      terms: tradeIndicators.map((u) => ({ variable: u, coefficient: 1 })),
      upper: model.maxTrades
    });

  // Drift.
  /**
   * A line of one symbol moves in whole lots n, so its deviation f(n) = |T − P·(Q + L·n)| is
   * only ever taken at integers. f is convex, so the secant through the two integers either side
   * of each kink is below f at every other integer: a valid cut that gives the LP relaxation
   * the rounding loss it would otherwise hide (the bound then sees half-lot residuals).
   */
  const integerHullCuts = (name: string, i: number, edges: { lower: number; upper: number }) => {
    const s = symbols[i];
    const lotValue = s.price * s.lotSize;
    const base = valueAfter[i].constant;
    const change = lotsChangeBySymbol[i];
    if (change.terms.length === 0) return;
    const f = (n: number) => Math.max(0, edges.lower - (base + lotValue * n), base + lotValue * n - edges.upper);
    for (const edge of new Set([edges.lower, edges.upper])) {
      const n0 = Math.floor((edge - base) / lotValue);
      const slope = f(n0 + 1) - f(n0);
      // d ≥ f(n0) + slope·(n − n0), with n = Σ L·(b − x) / L  ⇔  d − slope·n ≥ f(n0) − slope·n0
      constraints.push({
        name: `${name} whole-lot hull`,
        terms: [
          { variable: name, coefficient: 1 },
          ...change.terms.map((t) => ({ variable: t.variable, coefficient: (-slope * t.coefficient) / s.lotSize }))
        ],
        lower: f(n0) - slope * n0
      });
    }
  };
  const deviation = (
    name: string,
    e: Expr,
    target: number,
    weight: number,
    edges?: { lower: number; upper: number }
  ) => {
    variables.push({ name, lower: 0 });
    objective.push({ variable: name, coefficient: weight });
    const withD = (sign: number) => ({
      terms: [{ variable: name, coefficient: 1 }, ...e.terms.map((t) => ({ ...t, coefficient: sign * t.coefficient }))],
      constant: sign * e.constant
    });
    const low = edges ? edges.lower : target;
    const high = edges ? edges.upper : target;
    // d ≥ low − v  ⇔  d + v ≥ low ;  d ≥ v − high  ⇔  d − v ≥ −high
    constraints.push(row(`${name} below`, withD(1), low));
    constraints.push(row(`${name} above`, withD(-1), -high));
  };
  model.lines.forEach((line, l) => {
    const v = expr();
    for (const i of line.symbols) addExpr(v, valueAfter[i]);
    const edges = {
      lower: model.mode === 'target' ? line.target * V : line.lower * V,
      upper: model.mode === 'target' ? line.target * V : line.upper * V
    };
    deviation(`d${l}`, v, 0, line.driftWeight, edges);
    if (line.symbols.length === 1) integerHullCuts(`d${l}`, line.symbols[0], edges);
  });
  if (model.mode === 'target') deviation('dcash', householdCash, model.cashTarget * V, 1);

  // Costs.
  for (const t of totalCost.terms)
    objective.push({ variable: t.variable, coefficient: weights.lambda * t.coefficient });

  // Linear compliance rules, against the value after costs: V − costs.
  const totalAfter = expr();
  totalAfter.constant = V;
  addExpr(totalAfter, totalCost, -1);
  const share = (e: Expr, limit: number) => {
    const r = expr();
    addExpr(r, e);
    addExpr(r, totalAfter, -limit);
    return r;
  };
  const symbolAt = (symbol: string) => symbols.findIndex((s) => s.symbol === symbol);
  for (const rule of rules) {
    switch (rule.kind) {
      case 'max-weight':
      case 'min-weight': {
        const i = symbolAt(rule.symbol);
        if (i < 0) break;
        const r = share(valueAfter[i], rule.limit);
        constraints.push(
          rule.kind === 'max-weight'
            ? row(`max weight ${rule.symbol}`, r, undefined, -margin)
            : row(`min weight ${rule.symbol}`, r, margin)
        );
        break;
      }
      case 'max-group-weight':
      case 'min-group-weight': {
        const group = expr();
        symbols.forEach((s, i) => {
          if (s.attributes[rule.field] === rule.value) addExpr(group, valueAfter[i]);
        });
        const r = share(group, rule.limit);
        constraints.push(
          rule.kind === 'max-group-weight'
            ? row(`max ${rule.field} ${rule.value}`, r, undefined, -margin)
            : row(`min ${rule.field} ${rule.value}`, r, margin)
        );
        break;
      }
      case 'min-cash':
        constraints.push(row('min cash weight', share(householdCash, rule.limit), margin));
        break;
      case 'max-turnover':
        constraints.push(row('max turnover (buys)', share(buyValue, rule.limit), undefined, -margin));
        constraints.push(row('max turnover (sells)', share(sellValue, rule.limit), undefined, -margin));
        break;
      case 'max-positions': {
        const flags: LinearTerm[] = [];
        symbols.forEach((s, i) => {
          const after = expr();
          after.constant = valueAfter[i].constant / s.price;
          addExpr(after, lotsChangeBySymbol[i]);
          const most =
            after.constant +
            after.terms.reduce((sum, t) => sum + Math.max(0, t.coefficient) * (upperOf.get(t.variable) ?? 0), 0);
          if (most <= 0) return;
          const held = `h${i}`;
          variables.push({ name: held, integer: true, lower: 0, upper: 1 });
          flags.push({ variable: held, coefficient: 1 });
          add(after, held, -most);
          constraints.push(row(`position held ${s.symbol}`, after, undefined, 1e-9));
        });
        constraints.push({ name: 'max positions', terms: flags, upper: rule.limit });
        break;
      }
      default:
        // restricted, excluded: in the slots' bounds; liquidity: in the trade bounds;
        // no-short, no-leverage: always hold; wash-sale: the group flags above.
        break;
    }
  }

  return { name: 'household-plan', sense: 'minimize', objective, variables, constraints };
}
