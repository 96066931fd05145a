/**
 * The list of portfolios and the first-run choice. Mutations go through the repositories; the
 * list is reloaded after each one so the screen shows what is stored, not what we hoped.
 */
import type { ValidationIssue } from '../core/portfolio/validation-issue';
import type { PortfolioRecord } from '../db/schema';
import type { PortfolioSnapshot } from '../db/repositories/portfolios';
import { createHouseholdFrom, createPortfolioFrom } from '../db/seed';
import { SIX_FUND_DEMO } from '../demo/six-fund-portfolio';
import { DEMO_HOUSEHOLD, DEMO_HOUSEHOLD_NAME } from '../demo/demo-household';
import { appRepositories, guardStorage } from './database';

export class PortfolioListState {
  portfolios = $state.raw<PortfolioRecord[]>([]);
  onboarded = $state(true);
  loaded = $state(false);
  /** The last deleted portfolio, kept so the deletion can be undone. */
  lastDeleted = $state.raw<PortfolioSnapshot | undefined>(undefined);

  async load(): Promise<void> {
    const repos = await appRepositories();
    this.portfolios = await repos.portfolios.list();
    this.onboarded = (await repos.settings.get('onboarded')) || this.portfolios.length > 0;
    this.loaded = true;
  }

  /** Creates the six-fund demo portfolio; returns its id, or why it could not be saved. */
  async createDemo(): Promise<{ id?: number; issues: ValidationIssue[] }> {
    const repos = await appRepositories();
    const created = await guardStorage(() => createPortfolioFrom(repos, SIX_FUND_DEMO));
    if (!created.ok) return { issues: created.error };
    await repos.settings.set('onboarded', true);
    await this.load();
    return { id: created.value, issues: [] };
  }

  /** Creates the demo household (three accounts, lots, rules); returns its id. */
  async createDemoHousehold(): Promise<{ id?: number; issues: ValidationIssue[] }> {
    const repos = await appRepositories();
    const created = await guardStorage(() => createHouseholdFrom(repos, DEMO_HOUSEHOLD_NAME, DEMO_HOUSEHOLD));
    if (!created.ok) return { issues: created.error };
    await repos.settings.set('onboarded', true);
    await this.load();
    return { id: created.value, issues: [] };
  }

  async create(name: string, cash: number): Promise<{ id?: number; issues: ValidationIssue[] }> {
    const repos = await appRepositories();
    const created = await guardStorage(() => repos.portfolios.create({ name, cash, cashTarget: 1 }));
    if (!created.ok) return { issues: created.error };
    await repos.settings.set('onboarded', true);
    await this.load();
    return { id: created.value, issues: [] };
  }

  async startEmpty(): Promise<void> {
    const repos = await appRepositories();
    await repos.settings.set('onboarded', true);
    this.onboarded = true;
  }

  async remove(id: number): Promise<void> {
    const repos = await appRepositories();
    this.lastDeleted = await repos.portfolios.delete(id);
    await this.load();
  }

  async undoRemove(): Promise<void> {
    if (!this.lastDeleted) return;
    const repos = await appRepositories();
    await repos.portfolios.restore(this.lastDeleted);
    this.lastDeleted = undefined;
    await this.load();
  }
}
