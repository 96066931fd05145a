/**
 * Price series stored per symbol as chunks of typed arrays (day numbers + closes), not one record
 * per price: a long daily history is a handful of records, cheap to store and to load.
 */
import type { KeelDb } from '../open';
import type { PriceChunkRecord } from '../schema';

/** Entries per chunk: about 16 years of daily closes, 64 KiB of closes. */
export const CHUNK_DAYS = 4096;

export interface PriceSeries {
  symbol: string;
  /** Day numbers (days since 1970-01-01), strictly increasing. */
  days: Int32Array;
  closes: Float64Array;
}

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
  async put(series: PriceSeries): Promise<void> {
    if (series.days.length !== series.closes.length) {
      throw new Error(`Price series ${series.symbol}: ${series.days.length} dates but ${series.closes.length} closes`);
    }
    const tx = this.db.transaction('priceSeries', 'readwrite');
    for (const key of await tx.store.index('bySymbol').getAllKeys(series.symbol)) await tx.store.delete(key);
    for (let start = 0; start < series.days.length; start += CHUNK_DAYS) {
      const end = Math.min(series.days.length, start + CHUNK_DAYS);
      await tx.store.put({
        symbol: series.symbol,
        chunkStart: series.days[start],
        days: series.days.slice(start, end),
        closes: series.closes.slice(start, end)
      });
    }
    await tx.done;
  }

  /** Replaces several series in one transaction (all or nothing). */
  async putMany(all: PriceSeries[]): Promise<void> {
    for (const series of all) {
      if (series.days.length !== series.closes.length) {
        throw new Error(
          `Price series ${series.symbol}: ${series.days.length} dates but ${series.closes.length} closes`
        );
      }
    }
    const tx = this.db.transaction('priceSeries', 'readwrite');
    const writes: Promise<unknown>[] = [];
    for (const series of all) {
      writes.push(tx.store.delete(IDBKeyRange.bound([series.symbol, -Infinity], [series.symbol, Infinity])));
      for (let start = 0; start < series.days.length; start += CHUNK_DAYS) {
        const end = Math.min(series.days.length, start + CHUNK_DAYS);
        writes.push(
          tx.store.put({
            symbol: series.symbol,
            chunkStart: series.days[start],
            days: series.days.slice(start, end),
            closes: series.closes.slice(start, end)
          })
        );
      }
    }
    // Issue every request at once; IndexedDB runs them in order within the transaction.
    await Promise.all([...writes, tx.done]);
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
