/**
 * The import worker: reads and checks a file the user chose, off the main thread, and hands the
 * prices back as transferred typed arrays. Cancelling terminates the worker (see worker-bridge).
 */
import { expose, transfer } from 'comlink';
import type { PriceReadOptions } from '../src/lib/core/io/price-file-reader';
import { priceSeriesCsv } from '../src/lib/core/backup/csv-export';
import type { PriceSeries } from '../src/lib/core/prices/price-series';
import { previewPriceFile, readPriceFile } from '../src/lib/import/read-price-file';
import { readPositionsFile, type PositionsOptions } from '../src/lib/import/read-positions-file';
import { openKeelDb } from '../src/lib/db/open';
import { PriceSeriesRepository, type PutOptions } from '../src/lib/db/repositories/price-series';

type Progress = { stage: string; fraction?: number };

const api = {
  /** Stored price series as a long CSV file (built here: a large store is a big file). */
  pricesCsv(series: PriceSeries[]) {
    return new Blob(priceSeriesCsv(series), { type: 'text/csv' });
  },

  /** A holdings or transactions file as lots (and cash), with its checks. */
  readPositions(file: Blob, options: PositionsOptions) {
    return readPositionsFile(file, options);
  },

  /**
   * Writes series to IndexedDB from here: a large import is thousands of chunk copies and
   * megabytes of garbage, which on the page's thread would stall it (one transaction, as
   * PriceSeriesRepository.putMany always does).
   */
  async savePrices(series: PriceSeries[], options: PutOptions) {
    const db = await openKeelDb();
    try {
      await new PriceSeriesRepository(db).putMany(series, options);
    } finally {
      db.close();
    }
  },

  /** The header, the first rows and the proposed column mapping. */
  preview(file: Blob) {
    return previewPriceFile(file);
  },

  /** Reads the whole file; the series' buffers move to the page instead of being copied. */
  async read(file: Blob, options: PriceReadOptions, onProgress?: (progress: Progress) => void) {
    const started = performance.now();
    // Every progress message costs the page a render: a few a second are plenty for a bar.
    let lastReport = -Infinity;
    const read = await readPriceFile(file, { ...options, collect: true }, (fraction) => {
      const now = performance.now();
      if (now - lastReport < 200 && fraction < 1) return;
      lastReport = now;
      void onProgress?.({ stage: 'reading', fraction });
    });
    // The worker's own time (read, check, collect), for the import benchmark.
    const result = { ...read, elapsedMs: performance.now() - started };
    return transfer(
      result,
      result.series.flatMap((series) => [series.days.buffer, series.closes.buffer])
    );
  }
};

export type ImportWorkerApi = typeof api;

expose(api);
