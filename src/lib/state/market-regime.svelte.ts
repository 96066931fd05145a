/**
 * The dashboard's market regime, read on request (it starts the model runtime, which the first
 * page should not load by itself): from the price series stored on this device when they cover
 * a year of daily closes of at least two assets, else from the shipped 20-stock sample.
 */
import type { RegimeReport } from '../core/ml/predictions';
import { periodsPerYear, type PriceTable } from '../core/returns/return-table';
import { describeCsvError } from '../messages/en';
import { DEMO_DATASETS, loadDataset } from '../services/optimize-service';
import { regimesInWorker } from '../services/signals-service';
import { activeModel, verdictFor, type ModelVerdict } from './active-models';
import { storedPriceTable } from './stored-prices';

const YEAR_OF_BARS = 260;

export class MarketRegimeState {
  reading = $state.raw<RegimeReport | undefined>(undefined);
  source = $state<string | undefined>(undefined);
  verdict = $state.raw<ModelVerdict | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  busy = $state(false);

  private async prices(): Promise<{ table: PriceTable; source: string } | { error: string }> {
    const stored = await storedPriceTable();
    if (stored && stored.count >= 2) {
      const { table, count } = stored;
      if (table.dates.length >= YEAR_OF_BARS && periodsPerYear(table.dates) >= 200)
        return { table, source: `your ${count} stored price series` };
    }
    const sample = DEMO_DATASETS.find((d) => d.id === 'skfolio-sp500')!;
    const parsed = await loadDataset(sample);
    if (!parsed.ok) return { error: describeCsvError(sample.file, parsed.error) };
    return { table: parsed.value, source: `the shipped sample of ${sample.assets} US large caps` };
  }

  async read(): Promise<void> {
    this.busy = true;
    this.error = undefined;
    try {
      const prices = await this.prices();
      if ('error' in prices) {
        this.error = `The prices could not be read: ${prices.error}.`;
        return;
      }
      const model = await activeModel('regimes');
      const [reading] = await regimesInWorker(model.ref, prices.table, [prices.table.dates.length - 1]);
      if (!reading) {
        this.error = 'The regime model needs a year of daily prices of at least two assets.';
        return;
      }
      this.reading = reading;
      this.source = prices.source;
      this.verdict = await verdictFor('regimes', model);
    } catch (error) {
      this.error = `The regime model could not run: ${(error as Error).message}`;
    } finally {
      this.busy = false;
    }
  }
}
