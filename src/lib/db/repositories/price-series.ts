/**
 * Price series stored per symbol as chunks of typed arrays (day numbers + closes), not one record
 * per price: a long daily history is a handful of records, cheap to store and to load.
 */
import type { PriceSeries } from '../../core/prices/price-series';
import type { KeelDb } from '../open';
import type { PriceChunkRecord } from '../schema';
import type { PriceSeriesSummary, SeriesKind } from './settings';

export type { PriceSeries } from '../../core/prices/price-series';

/** How a write describes what it stores (see putMany). */
export interface PutOptions {
  /** Where the series came from: a file name, "price source host", … */
  source?: string;
  /** Symbols to delete in the same transaction. */
  remove?: string[];
  /** Import warnings per symbol. */
  warnings?: Record<string, number>;
  kind?: SeriesKind;
  /** Summaries to keep as they were (undo puts back what an import replaced). */
  summaries?: Record<string, PriceSeriesSummary>;
}

/** One collator for every sort: String.localeCompare builds one per call (600 symbols: ~20 ms). */
const BY_SYMBOL = new Intl.Collator('en');

/** Entries per chunk: about 16 years of daily closes, 64 KiB of closes. */
export const CHUNK_DAYS = 4096;
/** Write requests issued together (~1.5 MB of copies at most before the page runs again). */
const WRITE_BATCH = 8;

/** Concatenates a symbol's chunks (already in date order) into one series. */
function joinChunks(symbol: string, chunks: PriceChunkRecord[]): PriceSeries | undefined {
  if (chunks.length === 0) return undefined;
  const length = chunks.reduce((sum, chunk) => sum + chunk.days.length, 0);
  const days = new Int32Array(length);
  const closes = new Float64Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    days.set(chunk.days, offset);
    closes.set(chunk.closes, offset);
    offset += chunk.days.length;
  }
  return { symbol, days, closes };
}

export class PriceSeriesRepository {
  constructor(private readonly db: KeelDb) {}

  /** Replaces the whole series of a symbol in one transaction. */
  put(series: PriceSeries, options: PutOptions = {}): Promise<void> {
    return this.putMany([series], options);
  }

  /**
   * Replaces several series and deletes others in one transaction (all or nothing), keeping the
   * summaries the Data page lists (settings "priceIndex") in step in the same transaction.
   */
  async putMany(all: PriceSeries[], options: PutOptions = {}): Promise<void> {
    const { source = 'import', remove = [], warnings = {}, kind = 'price', summaries = {} } = options;
    for (const series of all) {
      if (series.days.length !== series.closes.length) {
        throw new Error(
          `Price series ${series.symbol}: ${series.days.length} dates but ${series.closes.length} closes`
        );
      }
    }
    const tx = this.db.transaction(['priceSeries', 'settings'], 'readwrite');
    const store = tx.objectStore('priceSeries');
    const settings = tx.objectStore('settings');
    const index = ((await settings.get('priceIndex'))?.value ?? {}) as Record<string, PriceSeriesSummary>;
    const importedAt = Date.now();
    // Requests go out in batches, each issued when the previous batch has succeeded: the
    // transaction stays open (a success callback keeps it active), and the page gets the main
    // thread back between batches, since each put copies its chunk synchronously.
    // A failed request aborts the transaction: nothing of this call is kept.
    tx.done.catch(() => undefined);
    let batch: Promise<unknown>[] = [];
    try {
      const flush = async () => {
        if (batch.length >= WRITE_BATCH) {
          await Promise.all(batch);
          batch = [];
        }
      };
      for (const symbol of remove) {
        batch.push(store.delete(IDBKeyRange.bound([symbol, -Infinity], [symbol, Infinity])));
        delete index[symbol];
        await flush();
      }
      for (const series of all) {
        batch.push(store.delete(IDBKeyRange.bound([series.symbol, -Infinity], [series.symbol, Infinity])));
        for (let start = 0; start < series.days.length; start += CHUNK_DAYS) {
          const end = Math.min(series.days.length, start + CHUNK_DAYS);
          batch.push(
            store.put({
              symbol: series.symbol,
              chunkStart: series.days[start],
              days: series.days.slice(start, end),
              closes: series.closes.slice(start, end)
            })
          );
          await flush();
        }
        const count = series.days.length;
        const kept = summaries[series.symbol];
        if (count > 0 && kept) index[series.symbol] = kept;
        else if (count > 0)
          index[series.symbol] = {
            symbol: series.symbol,
            from: series.days[0],
            to: series.days[count - 1],
            count,
            source,
            importedAt,
            warnings: warnings[series.symbol] ?? 0,
            kind
          };
        else delete index[series.symbol];
      }
      batch.push(settings.put({ key: 'priceIndex', value: index }));
      await Promise.all([...batch, tx.done]);
    } catch (error) {
      // The requests still pending fail with the abort; that is expected, not a new error.
      for (const request of batch) request.catch(() => undefined);
      try {
        tx.abort();
      } catch {
        // Already aborted by the failed request.
      }
      throw error;
    }
  }

  /** Deletes the series of these symbols (and their summaries) in one transaction. */
  deleteMany(symbols: string[]): Promise<void> {
    return this.putMany([], { remove: symbols });
  }

  /** The summaries of every stored series, by symbol (cheap: no prices are read). */
  async summaries(): Promise<PriceSeriesSummary[]> {
    const record = await this.db.get('settings', 'priceIndex');
    const index = (record?.value ?? {}) as Record<string, PriceSeriesSummary>;
    return Object.values(index).sort((a, b) => BY_SYMBOL.compare(a.symbol, b.symbol));
  }

  /** Several series at once, in one read transaction. */
  async getMany(symbols: string[]): Promise<(PriceSeries | undefined)[]> {
    const tx = this.db.transaction('priceSeries', 'readonly');
    const chunksPerSymbol = await Promise.all(
      symbols.map((symbol) => tx.store.getAll(IDBKeyRange.bound([symbol, -Infinity], [symbol, Infinity])))
    );
    await tx.done;
    return symbols.map((symbol, k) => joinChunks(symbol, chunksPerSymbol[k]));
  }

  /** The whole series of a symbol, or undefined when none is stored. */
  async get(symbol: string): Promise<PriceSeries | undefined> {
    // Keys sort by [symbol, chunkStart], so chunks come back in date order.
    const chunks = await this.db.getAll('priceSeries', IDBKeyRange.bound([symbol, -Infinity], [symbol, Infinity]));
    return joinChunks(symbol, chunks);
  }
}
