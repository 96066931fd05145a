/**
 * The page's handle on the import worker: preview a chosen file, then read it with the confirmed
 * mapping. Cancelling (an AbortSignal) terminates the worker at once; nothing is stored here.
 */
import { transfer } from 'comlink';
import type { PriceReadOptions, PriceReadResult } from '../core/io/price-file-reader';
import type { PriceSeries } from '../core/prices/price-series';
import type { PutOptions } from '../db/repositories/price-series';
import type { PricePreview } from '../import/read-price-file';
import { WorkerBridge, type JobOptions } from './worker-bridge';
import type { ImportWorkerApi } from '../../../workers/import.worker';
import ImportWorker from '../../../workers/import.worker?worker';

let bridge: WorkerBridge<ImportWorkerApi> | undefined;
const importBridge = () =>
  (bridge ??= new WorkerBridge<ImportWorkerApi>(() => new ImportWorker({ name: 'keel-import' }), 30_000));

export type { PricePreview } from '../import/read-price-file';
export type { PositionsKind, PositionsOptions, PositionsRead } from '../import/read-positions-file';
import type { PositionsOptions, PositionsRead } from '../import/read-positions-file';

export function readPositionsFileInWorker(
  file: Blob,
  how: PositionsOptions,
  options: JobOptions = {}
): Promise<PositionsRead> {
  return importBridge().run<PositionsRead>(
    async (api) => (await api.readPositions(file, how)) as PositionsRead,
    options
  );
}

/** Builds the long CSV of these series in the worker; their buffers move there (not copied). */
export function pricesCsvInWorker(series: PriceSeries[]): Promise<Blob> {
  const sent = transfer(
    series,
    series.flatMap((s) => [s.days.buffer, s.closes.buffer])
  );
  return importBridge().run<Blob>(async (api) => (await api.pricesCsv(sent)) as Blob);
}

/**
 * Stores series in one transaction from the import worker; their buffers move there (the
 * caller's arrays are empty afterwards).
 */
export function savePricesInWorker(series: PriceSeries[], options: PutOptions): Promise<void> {
  const sent = transfer(
    series,
    series.flatMap((s) => [s.days.buffer, s.closes.buffer])
  );
  return importBridge().run<void>(async (api) => {
    await api.savePrices(sent, options);
  });
}

export function previewPriceFileInWorker(file: Blob, options: JobOptions = {}): Promise<PricePreview> {
  return importBridge().run<PricePreview>(async (api) => (await api.preview(file)) as PricePreview, options);
}

/** The prices and report, and how long the worker itself took. */
export type WorkerReadResult = PriceReadResult & { elapsedMs: number };

export function readPriceFileInWorker(
  file: Blob,
  readOptions: PriceReadOptions,
  options: JobOptions = {}
): Promise<WorkerReadResult> {
  return importBridge().run<WorkerReadResult>(
    async (api, onProgress) => (await api.read(file, readOptions, onProgress)) as WorkerReadResult,
    options
  );
}
