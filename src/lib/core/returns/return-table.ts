/**
 * Prices and returns as dense tables: one row per date, one column per asset, row-major
 * `Float64Array`, NaN for "no value". Assets may start on different dates (leading NaNs).
 */

export interface PriceTable {
  assets: string[];
  /** ISO dates, ascending. */
  dates: string[];
  /** dates.length × assets.length, row-major; NaN where an asset has no price. */
  values: Float64Array;
}

export interface ReturnTable {
  assets: string[];
  /** The date each return ends on. */
  dates: string[];
  /** dates.length × assets.length, row-major; NaN where a return is unknown. */
  values: Float64Array;
}

export const rowsOf = (table: { dates: string[] }) => table.dates.length;
export const colsOf = (table: { assets: string[] }) => table.assets.length;

/** The non-NaN values of one column, in date order. */
export function column(table: ReturnTable, asset: number): number[] {
  const n = table.assets.length;
  const out: number[] = [];
  for (let t = 0; t < table.dates.length; t++) {
    const value = table.values[t * n + asset];
    if (!Number.isNaN(value)) out.push(value);
  }
  return out;
}

/** Column `asset` with NaN kept, as a Float64Array view-like copy. */
export function columnWithGaps(table: ReturnTable, asset: number): Float64Array {
  const n = table.assets.length;
  const out = new Float64Array(table.dates.length);
  for (let t = 0; t < out.length; t++) out[t] = table.values[t * n + asset];
  return out;
}

/** The same table with only the named assets, in the given order; unknown names are ignored. */
export function selectAssets(prices: PriceTable, assets: readonly string[]): PriceTable {
  const n = prices.assets.length;
  const columns = assets.map((asset) => prices.assets.indexOf(asset)).filter((j) => j >= 0);
  const values = new Float64Array(prices.dates.length * columns.length);
  for (let t = 0; t < prices.dates.length; t++) {
    columns.forEach((j, k) => (values[t * columns.length + k] = prices.values[t * n + j]));
  }
  return { assets: columns.map((j) => prices.assets[j]), dates: prices.dates, values };
}

/**
 * Periods per year implied by the dates' median spacing: 252 for daily, 52 weekly, 12 monthly,
 * 4 quarterly, 1 yearly (DESIGN.md §4).
 */
export function periodsPerYear(dates: readonly string[]): number {
  if (dates.length < 3) return 252;
  const gaps: number[] = [];
  for (let t = 1; t < dates.length; t++) gaps.push((Date.parse(dates[t]) - Date.parse(dates[t - 1])) / 86_400_000);
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)];
  if (median >= 300) return 1;
  if (median >= 80) return 4;
  if (median >= 25) return 12;
  if (median >= 5) return 52;
  return 252;
}
