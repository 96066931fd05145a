/**
 * Wash sales: a sale at a loss is a wash sale when the same security — or one the user declared
 * substantially identical (a substitute group) — is bought within `windowDays` (default 30)
 * before or after it, in any account of the household, tax-advantaged ones included. The loss is
 * then disallowed in proportion to the replacement shares (at most the shares sold).
 */

export interface LossSale {
  id: string;
  account: string;
  symbol: string;
  date: string;
  quantity: number;
  /** Negative for a loss; gains are never wash sales. */
  gain: number;
}

export interface Purchase {
  account: string;
  symbol: string;
  date: string;
  quantity: number;
}

export interface WashSale {
  saleId: string;
  purchase: Purchase;
  daysApart: number;
  /** The part of the loss that cannot be claimed now (a positive amount). */
  disallowedLoss: number;
}

const DAY = 86_400_000;
const dayOf = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);

/** Symbols counted as the same security: each symbol with the members of its groups. */
function sameSecurity(groups: string[][]): (a: string, b: string) => boolean {
  return (a, b) => a === b || groups.some((group) => group.includes(a) && group.includes(b));
}

export function findWashSales(
  sales: LossSale[],
  purchases: Purchase[],
  options: { windowDays?: number; substitutes?: string[][] } = {}
): WashSale[] {
  const window = options.windowDays ?? 30;
  const same = sameSecurity(options.substitutes ?? []);
  const found: WashSale[] = [];
  for (const sale of sales) {
    if (!(sale.gain < 0) || sale.quantity <= 0) continue;
    const saleDay = dayOf(sale.date);
    // Each replacement share washes one sold share, nearest purchases first.
    const matches = purchases
      .filter((p) => same(p.symbol, sale.symbol) && Math.abs(dayOf(p.date) - saleDay) <= window)
      .sort((a, b) => Math.abs(dayOf(a.date) - saleDay) - Math.abs(dayOf(b.date) - saleDay));
    let unmatched = sale.quantity;
    for (const purchase of matches) {
      if (unmatched <= 0) break;
      const shares = Math.min(unmatched, purchase.quantity);
      unmatched -= shares;
      found.push({
        saleId: sale.id,
        purchase,
        daysApart: dayOf(purchase.date) - saleDay,
        disallowedLoss: (-sale.gain * shares) / sale.quantity
      });
    }
  }
  return found;
}
