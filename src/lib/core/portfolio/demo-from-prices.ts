/**
 * A demo portfolio from a price data set: equal target weights over the chosen columns, whole
 * units bought with a round budget at the latest prices, the rest in cash. Prices in another
 * currency convert with the data set's own latest exchange rate.
 */
import type { PriceTable } from '../returns/return-table';
import type { AssetClass, Portfolio } from './types';

export interface DemoAsset {
  column: string;
  name: string;
  assetClass: AssetClass;
  currency: string;
}

export interface DemoSpec {
  name: string;
  baseCurrency: string;
  budget: number;
  assets: DemoAsset[];
  /** Columns holding "base currency per unit" rates, by currency. */
  fxColumns?: Record<string, string>;
}

function latest(prices: PriceTable, column: string): number | undefined {
  const j = prices.assets.indexOf(column);
  if (j < 0) return undefined;
  const n = prices.assets.length;
  for (let t = prices.dates.length - 1; t >= 0; t--) {
    const value = prices.values[t * n + j];
    if (!Number.isNaN(value)) return value;
  }
  return undefined;
}

export function demoPortfolioFromPrices(prices: PriceTable, spec: DemoSpec): Portfolio | { missing: string } {
  const fxRates: Record<string, number> = {};
  for (const [currency, column] of Object.entries(spec.fxColumns ?? {})) {
    const rate = latest(prices, column);
    if (rate === undefined) return { missing: column };
    fxRates[currency] = rate;
  }
  const weight = 1 / spec.assets.length;
  let cash = spec.budget;
  const holdings = [];
  for (const asset of spec.assets) {
    const price = latest(prices, asset.column);
    if (price === undefined) return { missing: asset.column };
    const basePrice = asset.currency === spec.baseCurrency ? price : price * (fxRates[asset.currency] ?? Number.NaN);
    if (!(basePrice > 0)) return { missing: `${asset.currency} exchange rate` };
    const quantity = Math.floor((spec.budget * weight) / basePrice);
    cash -= quantity * basePrice;
    holdings.push({
      symbol: asset.column,
      name: asset.name,
      assetClass: asset.assetClass,
      quantity,
      price,
      currency: asset.currency,
      targetWeight: weight,
      lotSize: 1
    });
  }
  // Equal weights may not sum to exactly 1 in floating point; give the residue to cash.
  const targetSum = holdings.reduce((s, h) => s + h.targetWeight, 0);
  return {
    name: spec.name,
    baseCurrency: spec.baseCurrency,
    cash: Math.round(cash * 100) / 100,
    cashTarget: Math.max(0, 1 - targetSum),
    fxRates,
    holdings
  };
}
