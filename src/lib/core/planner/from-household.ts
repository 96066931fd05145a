/**
 * The planner's input made from a stored household: accounts with their types and cash, tax
 * lots, asset prices converted to the base currency, targets, and the saved planner settings
 * (policy, costs, taxes, rules). A price or an exchange rate that is missing is named, never
 * guessed.
 */
import { err, ok, type Result } from '../result';
import type { Rule } from '../compliance/rules';
import type { AccountType, AssetInfo, CostSettings, PlannerInput, PlannerPolicy, TaxSettings } from './planner-input';

export interface HouseholdRecords {
  baseCurrency: string;
  /** The household's cash in the base currency. */
  cash: number;
  fxRates: Record<string, number>;
  accounts: { name: string; kind: AccountType }[];
  lots: {
    id: number;
    account: string;
    symbol: string;
    quantity: number;
    costBasis: number | null;
    acquired: string | null;
  }[];
  assets: { symbol: string; assetClass: string; currency: string; lotSize: number; price: number | null }[];
  targets: Record<string, number>;
}

/** What the plan page saves per portfolio. */
export interface PlannerSettings {
  policy: PlannerPolicy;
  costs: CostSettings;
  tax: TaxSettings;
  rules: Rule[];
  /** Cash per account name; when it does not add up to the household's cash, the first account holds it all. */
  cashByAccount: Record<string, number>;
  /** Sell from this lot only, per "account/symbol" (specific identification). */
  specificLots?: Record<string, string>;
}

export const DEFAULT_PLANNER_SETTINGS: PlannerSettings = {
  policy: {
    kind: 'full',
    objective: 'closest-to-target',
    minCash: 0,
    minTradeValue: 0,
    maxTrades: null,
    contribution: 0
  },
  costs: { perTrade: 0, bps: 0, spreadBps: 2 },
  tax: { shortTermRate: 0.3, longTermRate: 0.15, lotMethod: 'hifo', washSaleDays: 30 },
  rules: [],
  cashByAccount: {}
};

export type HouseholdInputProblem =
  | { code: 'no-accounts' }
  | { code: 'missing-price'; symbol: string }
  | { code: 'missing-fx-rate'; symbol: string; currency: string };

/** The lot id the planner sees for a stored lot; `storedLotId` reads it back. */
export const plannerLotId = (id: number) => `lot-${id}`;
export const storedLotId = (id: string) => (/^lot-\d+$/.test(id) ? Number(id.slice(4)) : undefined);

export function cashByAccount(records: HouseholdRecords, saved: Record<string, number>): Record<string, number> {
  const names = records.accounts.map((a) => a.name);
  const total = names.reduce((sum, name) => sum + (saved[name] ?? 0), 0);
  if (names.length > 0 && Math.abs(total - records.cash) <= 0.005 && names.every((n) => (saved[n] ?? 0) >= 0))
    return Object.fromEntries(names.map((n) => [n, saved[n] ?? 0]));
  return Object.fromEntries(names.map((n, i) => [n, i === 0 ? records.cash : 0]));
}

export function plannerInputFromHousehold(
  records: HouseholdRecords,
  settings: PlannerSettings,
  asOf: string
): Result<PlannerInput, HouseholdInputProblem[]> {
  const problems: HouseholdInputProblem[] = [];
  if (records.accounts.length === 0) problems.push({ code: 'no-accounts' });
  const prices: Record<string, number> = {};
  const assets: Record<string, AssetInfo> = {};
  const needed = new Set([...records.lots.map((l) => l.symbol), ...Object.keys(records.targets)]);
  for (const asset of records.assets) {
    if (!needed.has(asset.symbol)) continue;
    const rate = asset.currency === records.baseCurrency ? 1 : records.fxRates[asset.currency];
    if (asset.price === null || !(asset.price > 0)) problems.push({ code: 'missing-price', symbol: asset.symbol });
    else if (!(rate > 0)) problems.push({ code: 'missing-fx-rate', symbol: asset.symbol, currency: asset.currency });
    else prices[asset.symbol] = asset.price * rate;
    assets[asset.symbol] = { assetClass: asset.assetClass, currency: asset.currency, lotSize: asset.lotSize };
  }
  for (const symbol of needed)
    if (!records.assets.some((a) => a.symbol === symbol)) problems.push({ code: 'missing-price', symbol });
  if (problems.length > 0) return err(problems);
  return ok({
    baseCurrency: records.baseCurrency,
    asOf,
    accounts: records.accounts.map((a) => ({ id: a.name, type: a.kind, name: a.name })),
    cash: cashByAccount(records, settings.cashByAccount),
    prices,
    assets,
    lots: records.lots.map((l) => ({
      id: plannerLotId(l.id),
      account: l.account,
      symbol: l.symbol,
      quantity: l.quantity,
      costBasis: l.costBasis,
      acquired: l.acquired
    })),
    targets: Object.fromEntries(Object.entries(records.targets).filter(([, w]) => w > 0)),
    policy: settings.policy,
    costs: settings.costs,
    tax: settings.tax,
    rules: settings.rules,
    ...(settings.specificLots && Object.keys(settings.specificLots).length > 0
      ? { specificLots: settings.specificLots }
      : {})
  });
}
