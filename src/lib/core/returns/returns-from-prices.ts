/**
 * Prices → returns (reference-definitions.md §0): simple returns p_t/p_{t-1} − 1 without
 * forward-filling, so a missing price gives missing returns; rows where every return is missing
 * (the first row) are dropped. `log: true` gives log(1 + simple).
 *
 * Leading gaps (an asset not yet listed) are normal. A gap inside an asset's history is reported
 * as a warning naming the asset and the date, because it silently shortens that asset's sample.
 */
import type { EstimationWarning } from '../estimators/warnings';
import type { PriceTable, ReturnTable } from './return-table';

export interface ReturnsOptions {
  log?: boolean;
}

export interface ReturnsResult {
  returns: ReturnTable;
  warnings: EstimationWarning[];
}

export function returnsFromPrices(prices: PriceTable, options: ReturnsOptions = {}): ReturnsResult {
  const n = prices.assets.length;
  const rows = prices.dates.length;
  const warnings: EstimationWarning[] = [];

  for (let j = 0; j < n; j++) {
    let first = -1;
    let last = -1;
    for (let t = 0; t < rows; t++) {
      if (!Number.isNaN(prices.values[t * n + j])) {
        if (first < 0) first = t;
        last = t;
      }
    }
    for (let t = first + 1; first >= 0 && t < last; t++) {
      if (Number.isNaN(prices.values[t * n + j])) {
        warnings.push({ code: 'interior-gap', asset: prices.assets[j], date: prices.dates[t] });
      }
    }
  }

  const kept: number[] = [];
  const values: number[] = [];
  for (let t = 1; t < rows; t++) {
    let any = false;
    const row = new Array<number>(n);
    for (let j = 0; j < n; j++) {
      const before = prices.values[(t - 1) * n + j];
      const now = prices.values[t * n + j];
      let r = now / before - 1;
      if (!Number.isFinite(r)) r = Number.NaN;
      else if (options.log) r = Math.log1p(r);
      row[j] = r;
      if (!Number.isNaN(r)) any = true;
    }
    if (any) {
      kept.push(t);
      values.push(...row);
    }
  }
  return {
    returns: { assets: [...prices.assets], dates: kept.map((t) => prices.dates[t]), values: Float64Array.from(values) },
    warnings
  };
}
