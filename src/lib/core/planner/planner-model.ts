/**
 * The planner's working model: the input resolved into numbers both the MILP builder and the
 * plan evaluator read, so the problem the solver sees and the figures the user sees can never
 * disagree. It decides here, once, what each account may buy and sell (policy, rules, skipped
 * trades), the order lots are sold in (the lot method), each lot's tax per share, the drift
 * lines and their targets or bands, and the objective's weights.
 */
import type { Rule } from '../compliance/rules';
import { bandEdges, decide, type BandBreach, type TriggerDecision } from '../policies/triggers';
import { selectLots, type LotMethod } from '../tax/lot-selection';
import type { CommissionSchedule } from '../costs/trade-cost';
import type { AccountType, ObjectivePreset, PlannerAccount, PlannerInput } from './planner-input';

export interface ModelLot {
  id: string;
  quantity: number;
  acquired: string | null;
  term: 'short' | 'long';
  gainPerShare: number;
  /** rate × gain per share; 0 for a loss already disallowed by a recent purchase (wash sale). */
  taxPerShare: number;
  /** A loss the plan may not realise while it buys the same security (wash sale). */
  washGuarded: boolean;
  /** A loss disallowed because the same security was bought within the window before. */
  washDisallowed: boolean;
}

/** One account's position in one symbol (held or not): where trades happen. */
export interface Slot {
  account: PlannerAccount;
  symbol: string;
  /** Index into `PlannerModel.symbols`. */
  symbolIndex: number;
  held: number;
  /** Lots in the order the lot method sells them. */
  lots: ModelLot[];
  taxable: boolean;
  /** Largest number of lots (of `lotSize` units) this slot may buy / sell; 0 = not allowed. */
  maxBuyLots: number;
  maxSellLots: number;
  /** Sell at least this many lots (an excluded holding must go). */
  minSellLots: number;
  /** Tax per share of lot order is non-decreasing: the LP sells lots in order unaided. */
  taxConvex: boolean;
}

export interface ModelSymbol {
  symbol: string;
  price: number;
  lotSize: number;
  assetClass: string;
  attributes: { assetClass?: string; sector?: string; region?: string; currency?: string };
  spreadBps: number;
  averageDailyVolume?: number;
  dailyVolatility?: number;
  /** Wash-sale group (substantially identical securities share one). */
  washGroup: number;
  /** Index into `PlannerModel.lines`. */
  line: number;
}

/** A drift line: a symbol with its declared harvest substitutes, measured together. */
export interface DriftLine {
  name: string;
  symbols: number[];
  target: number;
  driftWeight: number;
  /** Band edges in weight, when bands are set. */
  lower: number;
  upper: number;
}

export interface ObjectiveWeights {
  preset: ObjectivePreset;
  /** On costs. */
  lambda: number;
  /** On taxes. */
  mu: number;
  /** Money per trade. */
  tradePenalty: number;
  /** Per unit of traded value: a plan trades no more than it needs to. */
  epsilon: number;
  /** Per unit of value placed in a tax-inefficient account type (asset location); 0 when off. */
  locationWeight: number;
}

export interface PlannerModel {
  input: PlannerInput;
  asOf: string;
  symbols: ModelSymbol[];
  slots: Slot[];
  lines: DriftLine[];
  accounts: PlannerAccount[];
  /** Cash per account (in `accounts` order) after the contribution, before trades. */
  cash: number[];
  /** Household value before the plan, contribution included. */
  totalValue: number;
  cashTarget: number;
  /** Trade to targets, or only back inside the bands. */
  mode: 'target' | 'band-edge';
  commission: CommissionSchedule;
  impactCoefficient: number;
  weights: ObjectiveWeights;
  minCash: number;
  minTradeValue: number;
  maxTrades: number | null;
  rules: Rule[];
  lotMethod: LotMethod;
  washSaleDays: number;
  identicalGroups: string[][];
  /** Whether the policy says trade at all now, and why. */
  trigger: TriggerDecision;
  warnings: ModelWarning[];
}

export type ModelWarning =
  | { code: 'unknown-cost-basis'; account: string; symbol: string; lotId: string }
  | { code: 'unknown-acquired-date'; account: string; symbol: string; lotId: string }
  | { code: 'unknown-specific-lot'; account: string; symbol: string; lotId: string };

export const PRESET_WEIGHTS: Record<ObjectivePreset, { lambda: number; mu: number; tradePenaltyShare: number }> = {
  // Drift is money away from target; λ = 1 pays a unit of cost to remove a unit of drift.
  'closest-to-target': { lambda: 1, mu: 0.1, tradePenaltyShare: 0 },
  // Each trade must remove drift worth 0.25 % of the household to be worth making.
  'fewest-trades': { lambda: 1, mu: 1, tradePenaltyShare: 0.0025 },
  // A unit of tax weighs as much as three units of drift.
  'lowest-tax': { lambda: 1, mu: 3, tradePenaltyShare: 0 }
};

export const EPSILON_PER_VALUE = 1e-4;
export const LOCATION_WEIGHT = 2e-3;
export const DEFAULT_TAX = { shortTermRate: 0.3, longTermRate: 0.15, longTermDays: 365, washSaleDays: 30 };

/**
 * Asset location: how ill-placed each asset class is per account type (0 = where it belongs).
 * Interest and REIT income is taxed as it comes, so bonds and real estate belong in tax-deferred
 * accounts; equities grow most, so they belong in tax-free ones, and broad index equity is
 * tax-efficient enough for taxable accounts.
 */
export const LOCATION_PENALTY: Record<string, Record<AccountType, number>> = {
  bond: { taxable: 1, 'tax-free': 0.5, 'tax-deferred': 0 },
  'real-estate': { taxable: 1, 'tax-free': 0.5, 'tax-deferred': 0 },
  commodity: { taxable: 0.5, 'tax-free': 0.25, 'tax-deferred': 0 },
  equity: { taxable: 0.25, 'tax-free': 0, 'tax-deferred': 0.5 }
};

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY;

export const slotKey = (account: string, symbol: string) => `${account}/${symbol}`;

export function buildPlannerModel(input: PlannerInput): PlannerModel {
  const warnings: ModelWarning[] = [];
  const policy = input.policy;
  const tax = { ...DEFAULT_TAX, ...input.tax };
  const lotMethod: LotMethod = input.tax?.lotMethod ?? 'hifo';
  const identicalGroups = input.tax?.identical ?? [];
  const harvestPartners = input.tax?.substitutes ?? {};

  // Symbols: targeted or held, in a stable order.
  // Declared harvest substitutes join when they have a price: the planner may buy them.
  const names = [
    ...new Set([
      ...Object.keys(input.targets),
      ...input.lots.map((l) => l.symbol),
      ...Object.values(harvestPartners).filter((s) => s in input.prices)
    ])
  ].sort();
  const washGroupOf = (symbol: string) => {
    const group = identicalGroups.findIndex((g) => g.includes(symbol));
    return group >= 0 ? group : identicalGroups.length + names.indexOf(symbol);
  };
  // Drift lines: a symbol joins the line of the symbol it substitutes for.
  const lineNames: string[] = [];
  const lineOf = new Map<string, number>();
  for (const name of names) {
    const partner = Object.entries(harvestPartners).find(([, substitute]) => substitute === name)?.[0];
    const anchor = partner !== undefined && names.includes(partner) ? partner : name;
    if (!lineOf.has(anchor)) {
      lineOf.set(anchor, lineNames.length);
      lineNames.push(anchor);
    }
    lineOf.set(name, lineOf.get(anchor)!);
  }
  const symbols: ModelSymbol[] = names.map((symbol) => {
    const info = input.assets?.[symbol] ?? {};
    const assetClass = info.assetClass ?? 'other';
    return {
      symbol,
      price: input.prices[symbol],
      lotSize: info.lotSize ?? 1,
      assetClass,
      attributes: {
        assetClass,
        sector: info.sector,
        region: info.region,
        currency: info.currency ?? input.baseCurrency
      },
      spreadBps: info.spreadBps ?? input.costs.spreadBps ?? 0,
      averageDailyVolume: info.averageDailyVolume,
      dailyVolatility: info.dailyVolatility,
      washGroup: washGroupOf(symbol),
      line: lineOf.get(symbol)!
    };
  });

  const accounts = input.accounts;
  const contributionAccount = policy.contributionAccount ?? accounts[0].id;
  const cash = accounts.map(
    (a) => (input.cash[a.id] ?? 0) + (a.id === contributionAccount ? (policy.contribution ?? 0) : 0)
  );
  const heldBySymbol = names.map((s) =>
    input.lots.filter((l) => l.symbol === s).reduce((sum, l) => sum + l.quantity, 0)
  );
  const invested = symbols.reduce((sum, s, i) => sum + s.price * heldBySymbol[i], 0);
  const totalValue = invested + cash.reduce((a, b) => a + b, 0);
  const targetSum = Object.values(input.targets).reduce((a, b) => a + b, 0);
  const cashTarget = Math.max(0, 1 - targetSum);

  // Drift lines with bands.
  const bands = policy.bands ?? {};
  const scope = bands.scope ?? 'holding';
  const lines: DriftLine[] = lineNames.map((name) => {
    const members = names.map((_, i) => i).filter((i) => symbols[i].line === lineOf.get(name));
    const target = members.reduce((sum, i) => sum + (input.targets[names[i]] ?? 0), 0);
    const { lower, upper } = bandEdges(target, bands);
    return { name, symbols: members, target, driftWeight: policy.driftWeights?.[name] ?? 1, lower, upper };
  });
  const weightOf = (members: number[]) =>
    totalValue > 0 ? members.reduce((sum, i) => sum + symbols[i].price * heldBySymbol[i], 0) / totalValue : 0;

  // Band lines for the trigger: per drift line, or per asset class.
  const bandLines =
    scope === 'asset-class'
      ? [...new Set(symbols.map((s) => s.assetClass))].map((assetClass) => {
          const members = symbols.map((_, i) => i).filter((i) => symbols[i].assetClass === assetClass);
          return {
            name: assetClass,
            weight: weightOf(members),
            target: members.reduce((sum, i) => sum + (input.targets[names[i]] ?? 0), 0)
          };
        })
      : lines.map((line) => ({ name: line.name, weight: weightOf(line.symbols), target: line.target }));
  const hasBands = bands.absolute !== undefined || bands.relative !== undefined;
  const trigger: TriggerDecision = policy.calendar
    ? decide(
        hasBands && policy.kind === 'threshold'
          ? { kind: 'hybrid', frequency: policy.calendar.frequency, bands }
          : { kind: 'calendar', frequency: policy.calendar.frequency },
        input.asOf,
        policy.calendar.lastRebalance,
        bandLines
      )
    : hasBands
      ? decide({ kind: 'bands', bands }, input.asOf, null, bandLines)
      : { trade: true, breaches: [] };
  if (policy.kind !== 'threshold' && !policy.calendar) trigger.trade = true;
  const breached = (symbol: number, side: 'over' | 'under') =>
    trigger.breaches.some((b: BandBreach) => {
      const matches =
        scope === 'asset-class' ? b.name === symbols[symbol].assetClass : b.name === lineNames[symbols[symbol].line];
      return matches && (side === 'over' ? b.weight > b.upper : b.weight < b.lower);
    });

  // What each symbol may do, from the policy and the rules.
  const contribution = policy.contribution ?? 0;
  const rules = input.rules;
  const restricted = new Set(rules.flatMap((r) => (r.kind === 'restricted' || r.kind === 'excluded' ? r.symbols : [])));
  const excluded = new Set(rules.flatMap((r) => (r.kind === 'excluded' ? r.symbols : [])));
  const mayBuy = (i: number) => {
    if (restricted.has(names[i])) return false;
    if (policy.kind === 'cash-flow' && contribution < 0) return breached(i, 'under');
    return true;
  };
  const maySell = (i: number) => {
    if (excluded.has(names[i])) return true;
    if (policy.kind === 'buy-only') return false;
    if (policy.kind === 'cash-flow' && contribution >= 0) return breached(i, 'over');
    return true;
  };
  const skipped = (account: string, symbol: string, side: 'buy' | 'sell') =>
    (input.skip ?? []).some((k) => k.account === account && k.symbol === symbol && k.side === side);

  // Purchases inside the wash-sale window before the plan date, by wash group.
  const windowStart = dayOf(input.asOf) - tax.washSaleDays;
  const recentBuys = [
    ...input.lots
      .filter((l) => l.acquired !== null && dayOf(l.acquired) > windowStart && dayOf(l.acquired) <= dayOf(input.asOf))
      .map((l) => ({ symbol: l.symbol, ref: l as unknown })),
    ...(input.recentPurchases ?? [])
      .filter((p) => dayOf(p.date) > windowStart && dayOf(p.date) <= dayOf(input.asOf))
      .map((p) => ({ symbol: p.symbol, ref: p as unknown }))
  ];
  const sameSecurity = (a: string, b: string) => a === b || identicalGroups.some((g) => g.includes(a) && g.includes(b));

  const weights = objectiveWeights(input, totalValue);
  const slots: Slot[] = [];
  accounts.forEach((account, accountIndex) => {
    const taxable = account.type === 'taxable';
    const accountValue =
      cash[accountIndex] +
      input.lots
        .filter((l) => l.account === account.id)
        .reduce((sum, l) => sum + l.quantity * input.prices[l.symbol], 0);
    names.forEach((symbol, i) => {
      const s = symbols[i];
      const rawLots = input.lots
        .map((lot, index) => ({ lot, index }))
        .filter(({ lot }) => lot.account === account.id && lot.symbol === symbol && lot.quantity > 0);
      const held = rawLots.reduce((sum, { lot }) => sum + lot.quantity, 0);
      const taxLots = rawLots.map(({ lot, index }) => {
        const id = lot.id ?? `${account.id}/${symbol}/${index + 1}`;
        if (taxable && lot.costBasis === null)
          warnings.push({ code: 'unknown-cost-basis', account: account.id, symbol, lotId: id });
        if (taxable && lot.acquired === null)
          warnings.push({ code: 'unknown-acquired-date', account: account.id, symbol, lotId: id });
        return {
          id,
          quantity: lot.quantity,
          costBasis: lot.costBasis ?? lot.quantity * s.price,
          acquired: lot.acquired ?? '1900-01-01',
          known: lot.acquired !== null,
          self: lot
        };
      });
      let candidates = taxLots;
      const specific = input.specificLots?.[slotKey(account.id, symbol)];
      let method = lotMethod;
      if (specific !== undefined) {
        candidates = taxLots.filter((l) => l.id === specific);
        if (candidates.length === 0)
          warnings.push({ code: 'unknown-specific-lot', account: account.id, symbol, lotId: specific });
        method = 'fifo';
      } else if (method === 'specific') method = 'hifo';
      const ordered = selectLots(candidates, held, s.price, input.asOf, method, { longTermDays: tax.longTermDays });
      const lots: ModelLot[] = ordered.ok
        ? ordered.value.sales.map((sale) => {
            const source = candidates.find((l) => l.id === sale.lotId)!;
            const gainPerShare = sale.gain / sale.quantity;
            const loss = taxable && gainPerShare < 0;
            const washDisallowed =
              loss && recentBuys.some((b) => sameSecurity(b.symbol, symbol) && b.ref !== source.self);
            const rate = !taxable ? 0 : sale.term === 'short' ? tax.shortTermRate : tax.longTermRate;
            return {
              id: sale.lotId,
              quantity: sale.quantity,
              acquired: source.known ? source.acquired : null,
              term: sale.term,
              gainPerShare,
              taxPerShare: washDisallowed ? 0 : rate * gainPerShare,
              washGuarded: loss && !washDisallowed,
              washDisallowed
            };
          })
        : [];
      const sellable = lots.reduce((sum, l) => sum + l.quantity, 0);
      const maxSellLots =
        maySell(i) && !skipped(account.id, symbol, 'sell') ? Math.floor(sellable / s.lotSize + 1e-9) : 0;
      const maxBuyLots =
        mayBuy(i) && !skipped(account.id, symbol, 'buy')
          ? Math.max(0, Math.floor(accountValue / (s.price * s.lotSize) + 1e-9))
          : 0;
      if (held === 0 && maxBuyLots === 0) return;
      const taxConvex = lots.every((lot, k) => k === 0 || lot.taxPerShare >= lots[k - 1].taxPerShare - 1e-12);
      slots.push({
        account,
        symbol,
        symbolIndex: i,
        held,
        lots,
        taxable,
        maxBuyLots,
        maxSellLots,
        minSellLots: excluded.has(symbol) ? maxSellLots : 0,
        taxConvex
      });
    });
  });

  const mode = policy.kind === 'threshold' && bands.rebalanceTo === 'band-edge' ? 'band-edge' : 'target';
  return {
    input,
    asOf: input.asOf,
    symbols,
    slots,
    lines,
    accounts,
    cash,
    totalValue,
    cashTarget,
    mode,
    commission: {
      perTrade: input.costs.perTrade ?? 0,
      perShare: input.costs.perShare ?? 0,
      bps: input.costs.bps ?? 0,
      minimum: input.costs.minimum ?? 0,
      ...(input.costs.maximum !== undefined && input.costs.maximum !== null ? { maximum: input.costs.maximum } : {})
    },
    impactCoefficient: input.costs.impactCoefficient ?? 1,
    weights,
    minCash: policy.minCash ?? 0,
    minTradeValue: policy.minTradeValue ?? 0,
    maxTrades: policy.maxTrades ?? null,
    rules,
    lotMethod,
    washSaleDays: tax.washSaleDays,
    identicalGroups,
    trigger,
    warnings
  };
}

export function objectiveWeights(input: PlannerInput, totalValue: number): ObjectiveWeights {
  const preset = input.policy.objective ?? 'closest-to-target';
  const base = PRESET_WEIGHTS[preset];
  return {
    preset,
    lambda: input.policy.lambda ?? base.lambda,
    mu: input.policy.mu ?? base.mu,
    tradePenalty: input.policy.tradePenalty ?? base.tradePenaltyShare * totalValue,
    epsilon: EPSILON_PER_VALUE,
    locationWeight: input.policy.assetLocation ? LOCATION_WEIGHT : 0
  };
}

/** The asset-location penalty of holding a unit of value of `assetClass` in an account of `type`. */
export function locationPenalty(assetClass: string, type: AccountType): number {
  return LOCATION_PENALTY[assetClass]?.[type] ?? 0;
}
