/**
 * The price series stored on this device (prices, not exchange rates or indicators), aligned on
 * their common calendar: what the Optimize, Backtest and Signals pages and the dashboard's
 * regime offer as "prices stored on this device".
 */
import { alignSeries } from '../core/prices/price-series';
import type { PriceTable } from '../core/returns/return-table';
import { appRepositories } from './database';

export async function storedPriceTable(): Promise<{ table: PriceTable; count: number } | undefined> {
  const repos = await appRepositories();
  const symbols = (await repos.prices.summaries()).filter((s) => (s.kind ?? 'price') === 'price').map((s) => s.symbol);
  const series = (await repos.prices.getMany(symbols)).filter((s) => s !== undefined);
  return series.length > 0 ? { table: alignSeries(series), count: series.length } : undefined;
}
