/**
 * The page's handle on the optimizer worker, and the loader of the shipped data sets.
 */
import { transfer } from 'comlink';
import type { Result } from '../core/result';
import type { CsvError } from '../core/io/price-csv';
import type { PriceTable } from '../core/returns/return-table';
import type { OptimizeFailure, OptimizeReport, OptimizeRequest } from '../core/optimizers/optimize-request';
import { fetchAppFile } from '../net/app-files';
import type { DemoDataset } from '../demo/datasets';
import { WorkerBridge, type JobOptions } from './worker-bridge';
import type { OptimizeWorkerApi } from '../../../workers/optimize.worker';
import OptimizeWorker from '../../../workers/optimize.worker?worker';

let bridge: WorkerBridge<OptimizeWorkerApi> | undefined;
const optimizeBridge = () =>
  (bridge ??= new WorkerBridge<OptimizeWorkerApi>(() => new OptimizeWorker({ name: 'keel-optimize' })));

export { DEMO_DATASETS, type DemoDataset } from '../demo/datasets';

/** Loads a shipped data set and parses it in the worker. */
export async function loadDataset(
  dataset: DemoDataset,
  options: JobOptions = {}
): Promise<Result<PriceTable, CsvError>> {
  const bytes = await fetchAppFile(dataset.file);
  const text = dataset.file.endsWith('.gz')
    ? await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text()
    : new TextDecoder().decode(bytes);
  // comlink's Remote type distributes Promise over the union; name the result type explicitly.
  return optimizeBridge().run<Result<PriceTable, CsvError>>(
    async (api) => (await api.parsePrices(text)) as Result<PriceTable, CsvError>,
    options
  );
}

/** Parses a price CSV the user chose (plain or .gz) in the worker. */
export async function parsePriceFile(file: File, options: JobOptions = {}): Promise<Result<PriceTable, CsvError>> {
  const text = file.name.endsWith('.gz')
    ? await new Response(file.stream().pipeThrough(new DecompressionStream('gzip'))).text()
    : await file.text();
  return optimizeBridge().run<Result<PriceTable, CsvError>>(
    async (api) => (await api.parsePrices(text)) as Result<PriceTable, CsvError>,
    options
  );
}

/** Runs an optimization in the worker; the price values are transferred, not copied. */
export function optimizeInWorker(
  request: OptimizeRequest,
  options: JobOptions = {}
): Promise<Result<OptimizeReport, OptimizeFailure>> {
  const values = Float64Array.from(request.prices.values);
  const sent = transfer({ ...request, prices: { ...request.prices, values } }, [values.buffer]);
  return optimizeBridge().run<Result<OptimizeReport, OptimizeFailure>>(
    async (api, onProgress) => (await api.optimize(sent, onProgress)) as Result<OptimizeReport, OptimizeFailure>,
    options
  );
}
