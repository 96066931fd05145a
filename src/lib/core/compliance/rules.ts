/**
 * Compliance rule sets and the check every position and every plan goes through. A rule set is
 * plain data (saved, exported, edited in the UI); `checkRules` returns each breach with the rule,
 * the figure found and the limit, for the holdings as they are and for a plan's result. The
 * planner turns the linear rules into MILP constraints; this check runs again after solving.
 */

export type GroupField = 'assetClass' | 'sector' | 'region' | 'currency';

export type Rule =
  | { kind: 'max-weight'; symbol: string; limit: number }
  | { kind: 'min-weight'; symbol: string; limit: number }
  | { kind: 'max-group-weight'; field: GroupField; value: string; limit: number }
  | { kind: 'min-group-weight'; field: GroupField; value: string; limit: number }
  | { kind: 'restricted'; symbols: string[] }
  | { kind: 'excluded'; symbols: string[] }
  | { kind: 'min-cash'; limit: number }
  | { kind: 'max-turnover'; limit: number }
  | { kind: 'max-positions'; limit: number }
  | { kind: 'no-short' }
  | { kind: 'no-leverage' }
  | { kind: 'liquidity'; maxShareOfVolume: number }
  /** Checked by the planner, which knows dates and lots (core/tax/wash-sale.ts); a no-op here. */
  | { kind: 'wash-sale'; windowDays?: number };

export interface PositionState {
  symbol: string;
  quantity: number;
  value: number;
  /** Attributes rules can group by (asset class, sector, region, currency). */
  attributes: Partial<Record<GroupField, string>>;
  averageDailyVolume?: number;
}

/** A household's holdings (after a plan, or as they are) in base-currency money. */
export interface ComplianceState {
  positions: PositionState[];
  cash: number;
  /** Trades of the plan being checked (shares: + buy, − sell); empty for current holdings. */
  trades: { symbol: string; shares: number; value: number }[];
}

export interface Violation {
  rule: Rule;
  /** Which asset or group, when the rule is about one. */
  subject?: string;
  figure: number;
  limit: number;
}

const TOLERANCE = 1e-9;

export function checkRules(rules: Rule[], state: ComplianceState): Violation[] {
  const invested = state.positions.reduce((sum, p) => sum + p.value, 0);
  const total = invested + state.cash;
  const weight = (value: number) => (total > 0 ? value / total : 0);
  const weightOf = (symbol: string) =>
    weight(state.positions.filter((p) => p.symbol === symbol).reduce((sum, p) => sum + p.value, 0));
  const groupWeight = (field: GroupField, value: string) =>
    weight(state.positions.filter((p) => p.attributes[field] === value).reduce((sum, p) => sum + p.value, 0));
  const violations: Violation[] = [];
  const breach = (rule: Rule, figure: number, limit: number, subject?: string) =>
    violations.push({ rule, figure, limit, ...(subject !== undefined ? { subject } : {}) });

  for (const rule of rules) {
    switch (rule.kind) {
      case 'max-weight': {
        const w = weightOf(rule.symbol);
        if (w > rule.limit + TOLERANCE) breach(rule, w, rule.limit, rule.symbol);
        break;
      }
      case 'min-weight': {
        const w = weightOf(rule.symbol);
        if (w < rule.limit - TOLERANCE) breach(rule, w, rule.limit, rule.symbol);
        break;
      }
      case 'max-group-weight': {
        const w = groupWeight(rule.field, rule.value);
        if (w > rule.limit + TOLERANCE) breach(rule, w, rule.limit, rule.value);
        break;
      }
      case 'min-group-weight': {
        const w = groupWeight(rule.field, rule.value);
        if (w < rule.limit - TOLERANCE) breach(rule, w, rule.limit, rule.value);
        break;
      }
      case 'restricted':
        for (const trade of state.trades)
          if (trade.shares > 0 && rule.symbols.includes(trade.symbol)) breach(rule, trade.shares, 0, trade.symbol);
        break;
      case 'excluded':
        for (const p of state.positions)
          if (p.quantity > 0 && rule.symbols.includes(p.symbol)) breach(rule, p.quantity, 0, p.symbol);
        break;
      case 'min-cash': {
        const w = weight(state.cash);
        if (w < rule.limit - TOLERANCE) breach(rule, w, rule.limit);
        break;
      }
      case 'max-turnover': {
        // One-way turnover: the larger of buys and sells, as a share of the household's value.
        const buys = state.trades.filter((t) => t.shares > 0).reduce((sum, t) => sum + Math.abs(t.value), 0);
        const sells = state.trades.filter((t) => t.shares < 0).reduce((sum, t) => sum + Math.abs(t.value), 0);
        const turnover = weight(Math.max(buys, sells));
        if (turnover > rule.limit + TOLERANCE) breach(rule, turnover, rule.limit);
        break;
      }
      case 'max-positions': {
        const held = new Set(state.positions.filter((p) => p.quantity > 0).map((p) => p.symbol)).size;
        if (held > rule.limit) breach(rule, held, rule.limit);
        break;
      }
      case 'no-short':
        for (const p of state.positions) if (p.quantity < 0) breach(rule, p.quantity, 0, p.symbol);
        break;
      case 'no-leverage':
        if (state.cash < -TOLERANCE) breach(rule, state.cash, 0);
        break;
      case 'liquidity':
        for (const trade of state.trades) {
          const adv = state.positions.find((p) => p.symbol === trade.symbol)?.averageDailyVolume;
          if (!adv) continue;
          const share = Math.abs(trade.shares) / adv;
          if (share > rule.maxShareOfVolume + TOLERANCE) breach(rule, share, rule.maxShareOfVolume, trade.symbol);
        }
        break;
      case 'wash-sale':
        break;
    }
  }
  return violations;
}
