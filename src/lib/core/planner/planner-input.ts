/**
 * What the rebalancing planner takes: a household (accounts, their cash and tax lots), prices,
 * targets, a policy, costs, taxes and rules — the JSON of `npx keel rebalance --portfolio` and
 * of the plan page alike. `readPlannerInput` checks untrusted JSON and names every problem by
 * its path (`lots[3].quantity`), so a bad file never reaches the solver.
 * Money is in the base currency; weights are fractions of the household, cash included.
 */
import { err, ok, type Result } from '../result';
import type { Rule } from '../compliance/rules';
import type { Frequency } from '../policies/triggers';
import type { LotMethod } from '../tax/lot-selection';

export const ACCOUNT_TYPES = ['taxable', 'tax-deferred', 'tax-free'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export interface PlannerAccount {
  id: string;
  type: AccountType;
  name?: string;
}

export interface PlannerLot {
  /** Stable id; made from account, symbol and position when missing. */
  id?: string;
  account: string;
  symbol: string;
  quantity: number;
  /** Total cost of the lot; null when unknown (its tax is then not estimated). */
  costBasis: number | null;
  /** ISO date; null when unknown (treated as long-term). */
  acquired: string | null;
}

/** What the planner may know about a symbol beyond its price. */
export interface AssetInfo {
  name?: string;
  assetClass?: string;
  sector?: string;
  region?: string;
  currency?: string;
  /** Trades happen in multiples of this many units (default 1). */
  lotSize?: number;
  spreadBps?: number;
  averageDailyVolume?: number;
  dailyVolatility?: number;
}

export const POLICY_KINDS = ['full', 'buy-only', 'threshold', 'cash-flow'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export const OBJECTIVE_PRESETS = ['closest-to-target', 'fewest-trades', 'lowest-tax'] as const;
export type ObjectivePreset = (typeof OBJECTIVE_PRESETS)[number];

export interface PolicyBands {
  /** Allowed distance from target in weight (0.05 = 5 percentage points). */
  absolute?: number;
  /** Allowed distance as a share of the target (0.25 = ±25 % of it). */
  relative?: number;
  /** Bands per holding (default) or per asset class. */
  scope?: 'holding' | 'asset-class';
  /** When a band is breached, trade back to the target (default) or only to the band's edge. */
  rebalanceTo?: 'target' | 'band-edge';
}

export interface PlannerPolicy {
  kind: PolicyKind;
  bands?: PolicyBands;
  /** With a calendar the plan trades only when due; with bands too, it is a hybrid policy. */
  calendar?: { frequency: Frequency; lastRebalance: string | null };
  /** Money added (> 0) or withdrawn (< 0) now. */
  contribution?: number;
  /** The account the contribution goes to or comes from; default the first account. */
  contributionAccount?: string;
  /** Cash the household keeps after the plan, in money (default 0). */
  minCash?: number;
  /** No trade smaller than this value (default 0). */
  minTradeValue?: number;
  /** At most this many trades; null or absent for no limit. */
  maxTrades?: number | null;
  objective?: ObjectivePreset;
  /** Overrides of the preset's weights: λ on costs, μ on taxes, ν per trade (money). */
  lambda?: number;
  mu?: number;
  tradePenalty?: number;
  /** Per-symbol weights on drift (default 1). */
  driftWeights?: Record<string, number>;
  /** Prefer tax-efficient placement across account types (asset location). */
  assetLocation?: boolean;
}

export interface CostSettings {
  perTrade?: number;
  perShare?: number;
  bps?: number;
  minimum?: number;
  maximum?: number;
  /** Bid–ask spread for assets without their own, in basis points. */
  spreadBps?: number;
  /** Coefficient of the square-root impact model (default 1; 0 switches it off). */
  impactCoefficient?: number;
}

export interface TaxSettings {
  shortTermRate?: number;
  longTermRate?: number;
  /** Held more than this many days is long-term (default 365). */
  longTermDays?: number;
  lotMethod?: LotMethod;
  /** Wash-sale window in days either side of a sale (default 30). */
  washSaleDays?: number;
  /** Groups of symbols the user treats as substantially identical: a wash sale spans the group. */
  identical?: string[][];
  /**
   * Harvest substitutes: symbol → a similar but not identical security. A symbol and its
   * substitute form one drift line, so the planner may sell one at a loss and buy the other.
   */
  substitutes?: Record<string, string>;
}

/** A buy made recently, outside the lots (e.g. reinvested dividends): it can make a loss a wash sale. */
export interface RecentPurchase {
  account: string;
  symbol: string;
  date: string;
  quantity: number;
}

/** Identifies one trade of a plan: used to skip it. */
export interface TradeKey {
  account: string;
  symbol: string;
  side: 'buy' | 'sell';
}

export interface PlannerInput {
  baseCurrency: string;
  accounts: PlannerAccount[];
  cash: Record<string, number>;
  /** Price per unit in the base currency. */
  prices: Record<string, number>;
  lots: PlannerLot[];
  /** Target weights of the household; cash's target is what is left to 1. */
  targets: Record<string, number>;
  policy: PlannerPolicy;
  costs: CostSettings;
  rules: Rule[];
  /** The plan's date: holding periods and the calendar are measured to it. */
  asOf: string;
  assets?: Record<string, AssetInfo>;
  tax?: TaxSettings;
  recentPurchases?: RecentPurchase[];
  /** Trades the user chose to skip: the plan is made without them. */
  skip?: TradeKey[];
  /** Sell from this lot only, per "account/symbol" (specific lot identification). */
  specificLots?: Record<string, string>;
}

export interface InputIssue {
  /** Where in the input, e.g. "lots[3].quantity". */
  path: string;
  problem:
    | 'missing'
    | 'not-a-number'
    | 'negative'
    | 'not-positive'
    | 'not-a-date'
    | 'unknown-value'
    | 'unknown-account'
    | 'no-price'
    | 'targets-above-100'
    | 'duplicate';
  /** The offending value, as text. */
  value?: string;
  /** What was allowed, when there is a list. */
  allowed?: string[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

/**
 * Checks untrusted JSON against the planner's input contract; returns it typed, or every
 * problem found with its path. Unknown extra fields are ignored.
 */
export function readPlannerInput(raw: unknown): Result<PlannerInput, InputIssue[]> {
  const issues: InputIssue[] = [];
  const issue = (path: string, problem: InputIssue['problem'], value?: unknown, allowed?: readonly string[]) =>
    issues.push({
      path,
      problem,
      ...(value !== undefined ? { value: shown(value) } : {}),
      ...(allowed ? { allowed: [...allowed] } : {})
    });
  if (!isRecord(raw)) {
    issue('', 'missing', raw);
    return err(issues);
  }
  const number = (value: unknown, path: string, sign: 'any' | 'non-negative' | 'positive' = 'any') => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      issue(path, value === undefined ? 'missing' : 'not-a-number', value);
      return false;
    }
    if (sign === 'non-negative' && value < 0) issue(path, 'negative', value);
    else if (sign === 'positive' && value <= 0) issue(path, 'not-positive', value);
    else return true;
    return false;
  };
  const optionalNumber = (value: unknown, path: string, sign: 'any' | 'non-negative' | 'positive' = 'non-negative') =>
    value === undefined || value === null || number(value, path, sign);
  const date = (value: unknown, path: string) => {
    if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
      issue(path, value === undefined ? 'missing' : 'not-a-date', value);
    }
  };
  const oneOf = (value: unknown, allowed: readonly string[], path: string) => {
    if (typeof value !== 'string' || !allowed.includes(value))
      issue(path, value === undefined ? 'missing' : 'unknown-value', value, allowed);
  };

  if (typeof raw.baseCurrency !== 'string' || !/^[A-Z]{3}$/.test(raw.baseCurrency))
    issue('baseCurrency', raw.baseCurrency === undefined ? 'missing' : 'unknown-value', raw.baseCurrency);
  date(raw.asOf, 'asOf');

  const accountIds = new Set<string>();
  if (!Array.isArray(raw.accounts) || raw.accounts.length === 0) issue('accounts', 'missing', raw.accounts);
  else
    raw.accounts.forEach((account: unknown, i) => {
      if (!isRecord(account) || typeof account.id !== 'string' || account.id === '') {
        issue(`accounts[${i}].id`, 'missing');
        return;
      }
      if (accountIds.has(account.id)) issue(`accounts[${i}].id`, 'duplicate', account.id);
      accountIds.add(account.id);
      oneOf(account.type, ACCOUNT_TYPES, `accounts[${i}].type`);
    });
  const knownAccount = (value: unknown, path: string) => {
    if (typeof value !== 'string' || !accountIds.has(value))
      issue(path, value === undefined ? 'missing' : 'unknown-account', value);
  };

  if (raw.cash !== undefined && !isRecord(raw.cash)) issue('cash', 'not-a-number', raw.cash);
  else
    for (const [account, amount] of Object.entries(raw.cash ?? {})) {
      knownAccount(account, `cash.${account}`);
      number(amount, `cash.${account}`, 'non-negative');
    }

  const prices = isRecord(raw.prices) ? raw.prices : {};
  if (!isRecord(raw.prices)) issue('prices', 'missing', raw.prices);
  for (const [symbol, price] of Object.entries(prices)) number(price, `prices.${symbol}`, 'positive');

  if (!Array.isArray(raw.lots)) issue('lots', 'missing', raw.lots);
  else
    raw.lots.forEach((lot: unknown, i) => {
      const at = `lots[${i}]`;
      if (!isRecord(lot)) return issue(at, 'missing', lot);
      knownAccount(lot.account, `${at}.account`);
      if (typeof lot.symbol !== 'string' || lot.symbol === '') issue(`${at}.symbol`, 'missing', lot.symbol);
      else if (!(lot.symbol in prices)) issue(`${at}.symbol`, 'no-price', lot.symbol);
      number(lot.quantity, `${at}.quantity`, 'non-negative');
      if (lot.costBasis !== null && lot.costBasis !== undefined)
        number(lot.costBasis, `${at}.costBasis`, 'non-negative');
      if (lot.acquired !== null && lot.acquired !== undefined) date(lot.acquired, `${at}.acquired`);
    });

  if (!isRecord(raw.targets)) issue('targets', 'missing', raw.targets);
  else {
    let sum = 0;
    for (const [symbol, weight] of Object.entries(raw.targets)) {
      if (number(weight, `targets.${symbol}`, 'non-negative')) sum += weight as number;
      if (!(symbol in prices)) issue(`targets.${symbol}`, 'no-price', symbol);
    }
    if (sum > 1 + 1e-9) issue('targets', 'targets-above-100', sum);
  }

  const policy = raw.policy;
  if (!isRecord(policy)) issue('policy', 'missing', policy);
  else {
    oneOf(policy.kind, POLICY_KINDS, 'policy.kind');
    if (policy.objective !== undefined) oneOf(policy.objective, OBJECTIVE_PRESETS, 'policy.objective');
    if (policy.contribution !== undefined) number(policy.contribution, 'policy.contribution');
    if (policy.contributionAccount !== undefined)
      knownAccount(policy.contributionAccount, 'policy.contributionAccount');
    for (const field of ['minCash', 'minTradeValue', 'lambda', 'mu', 'tradePenalty'] as const)
      optionalNumber(policy[field], `policy.${field}`);
    if (policy.maxTrades !== undefined && policy.maxTrades !== null)
      number(policy.maxTrades, 'policy.maxTrades', 'non-negative');
    if (policy.bands !== undefined) {
      if (!isRecord(policy.bands)) issue('policy.bands', 'missing', policy.bands);
      else {
        optionalNumber(policy.bands.absolute, 'policy.bands.absolute');
        optionalNumber(policy.bands.relative, 'policy.bands.relative');
        if (policy.bands.scope !== undefined)
          oneOf(policy.bands.scope, ['holding', 'asset-class'], 'policy.bands.scope');
        if (policy.bands.rebalanceTo !== undefined)
          oneOf(policy.bands.rebalanceTo, ['target', 'band-edge'], 'policy.bands.rebalanceTo');
      }
    } else if (policy.kind === 'threshold') issue('policy.bands', 'missing');
    if (policy.calendar !== undefined) {
      if (!isRecord(policy.calendar)) issue('policy.calendar', 'missing', policy.calendar);
      else {
        oneOf(policy.calendar.frequency, ['monthly', 'quarterly', 'annually'], 'policy.calendar.frequency');
        if (policy.calendar.lastRebalance !== null && policy.calendar.lastRebalance !== undefined)
          date(policy.calendar.lastRebalance, 'policy.calendar.lastRebalance');
      }
    }
  }

  if (raw.costs !== undefined && !isRecord(raw.costs)) issue('costs', 'missing', raw.costs);
  else for (const [field, value] of Object.entries(raw.costs ?? {})) optionalNumber(value, `costs.${field}`);

  if (raw.rules !== undefined && !Array.isArray(raw.rules)) issue('rules', 'missing', raw.rules);
  else (raw.rules ?? []).forEach((rule: unknown, i: number) => checkRule(rule, `rules[${i}]`, issue));

  if (raw.tax !== undefined) {
    if (!isRecord(raw.tax)) issue('tax', 'missing', raw.tax);
    else {
      for (const field of ['shortTermRate', 'longTermRate', 'longTermDays', 'washSaleDays'] as const)
        optionalNumber(raw.tax[field], `tax.${field}`);
      if (raw.tax.lotMethod !== undefined)
        oneOf(raw.tax.lotMethod, ['hifo', 'fifo', 'lifo', 'tax-aware', 'specific'], 'tax.lotMethod');
    }
  }
  if (Array.isArray(raw.recentPurchases))
    raw.recentPurchases.forEach((purchase: unknown, i) => {
      const at = `recentPurchases[${i}]`;
      if (!isRecord(purchase)) return issue(at, 'missing', purchase);
      knownAccount(purchase.account, `${at}.account`);
      date(purchase.date, `${at}.date`);
      number(purchase.quantity, `${at}.quantity`, 'non-negative');
    });
  if (isRecord(raw.assets))
    for (const [symbol, info] of Object.entries(raw.assets)) {
      if (!isRecord(info)) continue;
      if (info.lotSize !== undefined) number(info.lotSize, `assets.${symbol}.lotSize`, 'positive');
      for (const field of ['spreadBps', 'averageDailyVolume', 'dailyVolatility'] as const)
        optionalNumber(info[field], `assets.${symbol}.${field}`);
    }

  if (issues.length > 0) return err(issues);
  return ok({
    ...(raw as unknown as PlannerInput),
    cash: (raw.cash as Record<string, number>) ?? {},
    costs: (raw.costs as CostSettings) ?? {},
    rules: (raw.rules as Rule[]) ?? []
  });
}

const RULE_KINDS = [
  'max-weight',
  'min-weight',
  'max-group-weight',
  'min-group-weight',
  'restricted',
  'excluded',
  'min-cash',
  'max-turnover',
  'max-positions',
  'no-short',
  'no-leverage',
  'liquidity',
  'wash-sale'
] as const;

function checkRule(
  rule: unknown,
  at: string,
  issue: (path: string, problem: InputIssue['problem'], value?: unknown, allowed?: readonly string[]) => void
) {
  if (!isRecord(rule) || typeof rule.kind !== 'string' || !(RULE_KINDS as readonly string[]).includes(rule.kind)) {
    issue(`${at}.kind`, 'unknown-value', isRecord(rule) ? rule.kind : rule, RULE_KINDS);
    return;
  }
  const needsNumber = (field: string) => {
    const value = rule[field];
    if (typeof value !== 'number' || !Number.isFinite(value))
      issue(`${at}.${field}`, value === undefined ? 'missing' : 'not-a-number', value);
    else if (value < 0) issue(`${at}.${field}`, 'negative', value);
  };
  switch (rule.kind) {
    case 'max-weight':
    case 'min-weight':
      if (typeof rule.symbol !== 'string') issue(`${at}.symbol`, 'missing');
      needsNumber('limit');
      break;
    case 'max-group-weight':
    case 'min-group-weight':
      if (!['assetClass', 'sector', 'region', 'currency'].includes(rule.field as string))
        issue(`${at}.field`, 'unknown-value', rule.field, ['assetClass', 'sector', 'region', 'currency']);
      if (typeof rule.value !== 'string') issue(`${at}.value`, 'missing');
      needsNumber('limit');
      break;
    case 'restricted':
    case 'excluded':
      if (!Array.isArray(rule.symbols)) issue(`${at}.symbols`, 'missing');
      break;
    case 'min-cash':
    case 'max-turnover':
    case 'max-positions':
      needsNumber('limit');
      break;
    case 'liquidity':
      needsNumber('maxShareOfVolume');
      break;
  }
}
