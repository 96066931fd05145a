/**
 * One asset's price history as two typed arrays: day numbers (days since 1970-01-01, strictly
 * increasing) and closes. This is how imported prices travel (transferred from the import worker)
 * and how they are stored (chunked, see db/repositories/price-series.ts).
 */
import type { PriceTable } from '../returns/return-table';

export interface PriceSeries {
  symbol: string;
  days: Int32Array;
  closes: Float64Array;
}

const DAY_MS = 86_400_000;

/** "2024-03-01" → its day number; NaN when the text is not an ISO date. */
export function dayNumber(iso: string): number {
  // A fast path for exactly YYYY-MM-DD (every date the readers produce), else Date.parse.
  if (iso.length === 10 && iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45) {
    const year = Number(iso.slice(0, 4));
    const month = Number(iso.slice(5, 7));
    const day = Number(iso.slice(8, 10));
    if (Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day))
      return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
  }
  const time = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(time) ? Number.NaN : Math.round(time / DAY_MS);
}

/** A day number → "2024-03-01". */
export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Several series → one wide table over the union of their days (NaN where a series has no
 * price that day), in the order given. The returns code then handles leading gaps and reports
 * interior ones, exactly as for a wide CSV.
 */
export function alignSeries(series: PriceSeries[]): PriceTable {
  const allDays = new Set<number>();
  for (const s of series) for (const day of s.days) allDays.add(day);
  const days = Int32Array.from(allDays).sort();
  const index = new Map<number, number>();
  days.forEach((day, i) => index.set(day, i));
  const width = series.length;
  const values = new Float64Array(days.length * width).fill(Number.NaN);
  series.forEach((s, j) => {
    for (let t = 0; t < s.days.length; t++) values[index.get(s.days[t])! * width + j] = s.closes[t];
  });
  return { assets: series.map((s) => s.symbol), dates: Array.from(days, isoDate), values };
}

/** The last close and its date of each series that has one, by symbol. */
export function latestPrices(series: (PriceSeries | undefined)[]): Map<string, { price: number; date: string }> {
  const latest = new Map<string, { price: number; date: string }>();
  for (const s of series) {
    if (!s || s.days.length === 0) continue;
    const last = s.days.length - 1;
    latest.set(s.symbol, { price: s.closes[last], date: isoDate(s.days[last]) });
  }
  return latest;
}
