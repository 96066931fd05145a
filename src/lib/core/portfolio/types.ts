/**
 * Plain portfolio data as the core sees it: what a user entered, already read from storage.
 * Weights are fractions (0.25 = 25 %); money is in the currency named beside it.
 */

export const ASSET_CLASSES = ['equity', 'bond', 'real-estate', 'commodity', 'cash-equivalent', 'other'] as const;

export type AssetClass = (typeof ASSET_CLASSES)[number];

export interface Holding {
  symbol: string;
  name: string;
  assetClass: AssetClass;
  /** Units held; may be fractional (fund units), never negative. */
  quantity: number;
  /** Latest price per unit in the holding's own currency; null until the user enters one. */
  price: number | null;
  /** ISO 4217 code, e.g. "USD". */
  currency: string;
  /** Target weight as a fraction of the whole portfolio, cash included. */
  targetWeight: number;
  /** Trades happen in multiples of this many units (1 = whole shares). */
  lotSize: number;
}

export interface Portfolio {
  name: string;
  baseCurrency: string;
  /** Cash in the base currency. */
  cash: number;
  /** Target weight of cash; holdings' targets plus this sum to 1. */
  cashTarget: number;
  /** Units of base currency per unit of each other currency, e.g. { EUR: 1.08 } for base USD. */
  fxRates: Record<string, number>;
  holdings: Holding[];
}
