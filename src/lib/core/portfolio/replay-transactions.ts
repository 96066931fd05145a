/**
 * Replays transactions, oldest first, into holdings as tax lots per account, cash per account
 * and currency, and realised gains. Sales draw on lots first in, first out, or on the lot
 * acquired on the date a row names. A sale of more than is held, or of something never bought in
 * that account, is an error naming the row — never a silent negative position.
 */
import type { IssueCollector } from '../io/record-file';
import type { Transaction } from '../io/transactions-file';

export interface ReplayLot {
  account: string;
  symbol: string;
  quantity: number;
  /** Cost of the remaining quantity, in the transaction currency. */
  costBasis: number;
  acquired: string;
  currency: string | null;
}

export interface RealisedGain {
  line: number;
  date: string;
  account: string;
  symbol: string;
  quantity: number;
  acquired: string;
  proceeds: number;
  cost: number;
  gain: number;
}

export interface ReplayResult {
  lots: ReplayLot[];
  /** Cash by account and currency ('' where the file gave no currency: the base currency). */
  cash: { account: string; currency: string; amount: number }[];
  realised: RealisedGain[];
}

/** Money is kept to 8 decimal places: sums of decimal amounts do not drift (0.1 + 0.2 is 0.3). */
const money = (value: number) => Math.round(value * 1e8) / 1e8;
const EPSILON = 1e-9;

export function replayTransactions(
  transactions: Transaction[],
  issues: IssueCollector,
  options: { columns?: { symbol: string; quantity: string; lot: string } } = {}
): ReplayResult {
  const column = options.columns ?? { symbol: 'symbol', quantity: 'quantity', lot: 'lot' };
  // Oldest first; rows of the same day keep the file's order (broker exports are often newest first).
  const ordered = [...transactions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const lots = new Map<string, ReplayLot[]>();
  const key = (account: string, symbol: string) => `${account}\u001f${symbol}`;
  const cash = new Map<string, { account: string; currency: string; amount: number }>();
  const realised: RealisedGain[] = [];
  const addCash = (account: string, currency: string | null, amount: number) => {
    const k = `${account}\u001f${currency ?? ''}`;
    const entry = cash.get(k) ?? { account, currency: currency ?? '', amount: 0 };
    entry.amount = money(entry.amount + amount);
    cash.set(k, entry);
  };
  const held = (account: string, symbol: string) =>
    (lots.get(key(account, symbol)) ?? []).reduce((sum, lot) => sum + lot.quantity, 0);

  /** Takes `quantity` out of an account's lots (FIFO or one named lot); undefined after an error. */
  const take = (t: Transaction, action: string): ReplayLot[] | undefined => {
    const symbol = t.symbol!;
    const quantity = t.quantity!;
    const list = lots.get(key(t.account, symbol));
    if (!list || list.length === 0) {
      const everHeld = lots.has(key(t.account, symbol));
      issues.error({
        line: t.line,
        column: everHeld ? column.quantity : column.symbol,
        code: everHeld ? 'oversell' : 'unknown-symbol',
        details: everHeld
          ? { value: symbol, account: t.account, quantity, held: 0, date: t.date }
          : { value: symbol, account: t.account, action }
      });
      return undefined;
    }
    const available = held(t.account, symbol);
    if (quantity > available + EPSILON) {
      issues.error({
        line: t.line,
        column: column.quantity,
        code: 'oversell',
        details: { value: symbol, account: t.account, quantity, held: available, date: t.date }
      });
      return undefined;
    }
    const sources = t.lot ? list.filter((lot) => lot.acquired === t.lot) : list;
    if (t.lot && sources.reduce((sum, lot) => sum + lot.quantity, 0) < quantity - EPSILON) {
      issues.error({
        line: t.line,
        column: column.lot,
        code: 'unknown-lot',
        details: { value: symbol, account: t.account, lot: t.lot }
      });
      return undefined;
    }
    const taken: ReplayLot[] = [];
    let remaining = quantity;
    for (const lot of sources) {
      if (remaining <= EPSILON) break;
      const part = Math.min(lot.quantity, remaining);
      const cost = lot.quantity > 0 ? (lot.costBasis * part) / lot.quantity : 0;
      taken.push({ ...lot, quantity: part, costBasis: money(cost) });
      lot.quantity -= part;
      lot.costBasis = money(lot.costBasis - cost);
      remaining -= part;
    }
    lots.set(
      key(t.account, symbol),
      list.filter((lot) => lot.quantity > EPSILON)
    );
    return taken;
  };

  for (const t of ordered) {
    switch (t.type) {
      case 'buy': {
        const cost = money(t.quantity! * t.price! + t.fees);
        const list = lots.get(key(t.account, t.symbol!)) ?? [];
        list.push({
          account: t.account,
          symbol: t.symbol!,
          quantity: t.quantity!,
          costBasis: cost,
          acquired: t.date,
          currency: t.currency
        });
        lots.set(key(t.account, t.symbol!), list);
        addCash(t.account, t.currency, -cost);
        break;
      }
      case 'sell': {
        const taken = take(t, 'sold');
        if (!taken) break;
        const proceeds = money(t.quantity! * t.price! - t.fees);
        addCash(t.account, t.currency, proceeds);
        for (const lot of taken) {
          const share = money((proceeds * lot.quantity) / t.quantity!);
          realised.push({
            line: t.line,
            date: t.date,
            account: t.account,
            symbol: lot.symbol,
            quantity: lot.quantity,
            acquired: lot.acquired,
            proceeds: share,
            cost: lot.costBasis,
            gain: money(share - lot.costBasis)
          });
        }
        break;
      }
      case 'dividend':
        if (!lots.has(key(t.account, t.symbol!))) {
          issues.error({
            line: t.line,
            column: column.symbol,
            code: 'unknown-symbol',
            details: { value: t.symbol!, account: t.account, action: 'paying a dividend' }
          });
          break;
        }
        addCash(t.account, t.currency, t.amount! - t.fees);
        break;
      case 'interest':
      case 'deposit':
        addCash(t.account, t.currency, t.amount! - t.fees);
        break;
      case 'withdrawal':
      case 'fee':
        addCash(t.account, t.currency, -(t.amount! + t.fees));
        break;
      case 'split': {
        const list = lots.get(key(t.account, t.symbol!));
        if (!list || list.length === 0) {
          issues.error({
            line: t.line,
            column: column.symbol,
            code: 'unknown-symbol',
            details: { value: t.symbol!, account: t.account, action: 'split' }
          });
          break;
        }
        for (const lot of list) lot.quantity *= t.quantity!;
        break;
      }
      case 'transfer': {
        const taken = take(t, 'transferred');
        if (!taken) break;
        const list = lots.get(key(t.toAccount!, t.symbol!)) ?? [];
        // Lots keep their cost and date: a transfer between own accounts realises nothing.
        for (const lot of taken) list.push({ ...lot, account: t.toAccount! });
        list.sort((a, b) => (a.acquired < b.acquired ? -1 : a.acquired > b.acquired ? 1 : 0));
        lots.set(key(t.toAccount!, t.symbol!), list);
        if (t.fees) addCash(t.account, t.currency, -t.fees);
        break;
      }
    }
  }
  return {
    lots: [...lots.values()].flat(),
    cash: [...cash.values()],
    realised
  };
}
