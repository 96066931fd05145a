/**
 * Which tax lots a sale draws on, and the gain it realises. Methods:
 *
 * - `hifo` (default): highest cost per share first — the smallest gain (or largest loss);
 * - `fifo` / `lifo`: oldest / newest acquired first;
 * - `tax-aware`: losses first (short-term before long-term, largest loss per share first),
 *   then long-term gains, smallest per share first, and short-term gains only when nothing
 *   else is left — "avoid realising short-term gains unless needed";
 * - `specific`: the named lot only.
 *
 * A lot is long-term when held more than `longTermDays` (default 365) days on the sale date.
 * Costs are totals per lot, in the asset's currency; a partial sale takes cost pro rata.
 */
import { err, ok, type Result } from '../result';

export type LotMethod = 'hifo' | 'fifo' | 'lifo' | 'tax-aware' | 'specific';

export interface TaxLot {
  id: string;
  quantity: number;
  /** Total cost of the lot. */
  costBasis: number;
  /** ISO date. */
  acquired: string;
}

export interface LotSale {
  lotId: string;
  quantity: number;
  cost: number;
  proceeds: number;
  gain: number;
  term: 'short' | 'long';
}

export interface LotSelection {
  sales: LotSale[];
  shortTermGain: number;
  longTermGain: number;
}

export type LotSelectionError =
  { code: 'not-enough-held'; held: number; wanted: number } | { code: 'unknown-lot'; lotId: string };

const DAY = 86_400_000;
const daysHeld = (acquired: string, on: string) =>
  Math.round((Date.parse(`${on}T00:00:00Z`) - Date.parse(`${acquired}T00:00:00Z`)) / DAY);

export function selectLots(
  lots: TaxLot[],
  quantity: number,
  price: number,
  saleDate: string,
  method: LotMethod = 'hifo',
  options: { lotId?: string; longTermDays?: number } = {}
): Result<LotSelection, LotSelectionError> {
  const longTermDays = options.longTermDays ?? 365;
  const term = (lot: TaxLot): 'short' | 'long' => (daysHeld(lot.acquired, saleDate) > longTermDays ? 'long' : 'short');
  const perShare = (lot: TaxLot) => (lot.quantity > 0 ? lot.costBasis / lot.quantity : 0);
  let candidates = lots.filter((lot) => lot.quantity > 0);
  if (method === 'specific') {
    candidates = candidates.filter((lot) => lot.id === options.lotId);
    if (candidates.length === 0) return err({ code: 'unknown-lot', lotId: options.lotId ?? '' });
  }
  const held = candidates.reduce((sum, lot) => sum + lot.quantity, 0);
  if (quantity > held + 1e-9) return err({ code: 'not-enough-held', held, wanted: quantity });

  const byDate = (a: TaxLot, b: TaxLot) => (a.acquired < b.acquired ? -1 : a.acquired > b.acquired ? 1 : 0);
  const ordered = [...candidates];
  if (method === 'fifo') ordered.sort(byDate);
  else if (method === 'lifo') ordered.sort((a, b) => byDate(b, a));
  else if (method === 'hifo') ordered.sort((a, b) => perShare(b) - perShare(a) || byDate(a, b));
  else if (method === 'tax-aware') {
    // Rank: 0 short-term loss, 1 long-term loss, 2 long-term gain, 3 short-term gain; within a
    // rank, the lowest gain per share (largest loss) first.
    const rank = (lot: TaxLot) => {
      const loss = perShare(lot) >= price;
      return loss ? (term(lot) === 'short' ? 0 : 1) : term(lot) === 'long' ? 2 : 3;
    };
    ordered.sort((a, b) => rank(a) - rank(b) || perShare(b) - perShare(a) || byDate(a, b));
  }

  const sales: LotSale[] = [];
  let remaining = quantity;
  for (const lot of ordered) {
    if (remaining <= 1e-12) break;
    const part = Math.min(lot.quantity, remaining);
    const cost = perShare(lot) * part;
    const proceeds = price * part;
    sales.push({ lotId: lot.id, quantity: part, cost, proceeds, gain: proceeds - cost, term: term(lot) });
    remaining -= part;
  }
  const sum = (which: 'short' | 'long') =>
    sales.filter((s) => s.term === which).reduce((total, s) => total + s.gain, 0);
  return ok({ sales, shortTermGain: sum('short'), longTermGain: sum('long') });
}

/**
 * The tax a set of sales would cost at the given rates: gains and losses of each term net
 * first, then a net loss of one term offsets a net gain of the other; a remaining net loss
 * costs no tax (and is not refunded here). Tax-deferred and tax-free accounts pass rate 0.
 */
export function estimateTax(selection: LotSelection, rates: { shortTerm: number; longTerm: number }): number {
  let short = selection.shortTermGain;
  let long = selection.longTermGain;
  if (short < 0 && long > 0) {
    long = Math.max(0, long + short);
    short = 0;
  } else if (long < 0 && short > 0) {
    short = Math.max(0, short + long);
    long = 0;
  }
  return Math.max(0, short) * rates.shortTerm + Math.max(0, long) * rates.longTerm;
}
