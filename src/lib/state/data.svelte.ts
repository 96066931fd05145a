/**
 * The Data page: the shipped data sets, and "create a demo portfolio" from any of them.
 */
import { demoPortfolioFromPrices } from '../core/portfolio/demo-from-prices';
import { createPortfolioFrom } from '../db/seed';
import { describeIssue, describeCsvError } from '../messages/en';
import { DEMO_DATASETS, loadDataset, type DemoDataset } from '../services/optimize-service';
import { appRepositories, guardStorage } from './database';

export class DataState {
  datasets = DEMO_DATASETS;
  busy = $state<string | undefined>(undefined);
  error = $state<string | undefined>(undefined);

  /** Creates the data set's demo portfolio; returns its id, or undefined with `error` set. */
  async createDemo(dataset: DemoDataset): Promise<number | undefined> {
    this.busy = dataset.id;
    this.error = undefined;
    try {
      const parsed = await loadDataset(dataset);
      if (!parsed.ok) {
        this.error = describeCsvError(dataset.file, parsed.error);
        return undefined;
      }
      const portfolio = demoPortfolioFromPrices(parsed.value, dataset.demo);
      if ('missing' in portfolio) {
        this.error = `${dataset.title} has no latest value for ${portfolio.missing}.`;
        return undefined;
      }
      const repos = await appRepositories();
      const created = await guardStorage(() => createPortfolioFrom(repos, portfolio));
      if (!created.ok) {
        this.error = created.error.map(describeIssue).join(' ');
        return undefined;
      }
      await repos.settings.set('onboarded', true);
      return created.value;
    } finally {
      this.busy = undefined;
    }
  }
}
