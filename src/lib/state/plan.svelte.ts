/**
 * The plan page's state: the household as the planner sees it, the saved policy and rules, the
 * current plan and its lifecycle (draft → approved → executed or discarded), skip-a-trade, and
 * the exports. Planning runs in the rebalance worker; this class only moves data.
 */
import type { Rule } from '../core/compliance/rules';
import { executionChanges, type Fill, type FillProblem } from '../core/planner/execute-plan';
import {
  DEFAULT_PLANNER_SETTINGS,
  cashByAccount,
  plannerInputFromHousehold,
  plannerLotId,
  type HouseholdInputProblem,
  type HouseholdRecords,
  type PlannerSettings
} from '../core/planner/from-household';
import { orderListCsv } from '../core/planner/order-list';
import type { HouseholdPlan, PresetOutcome } from '../core/planner/plan-household';
import type { AccountType, PlannerInput, TradeKey } from '../core/planner/planner-input';
import type { AccountRecord, PlanRecord } from '../db/schema';
import type { ExecutionSnapshot } from '../db/repositories/household';
import { planHouseholdInWorker, planWithoutInWorker } from '../services/rebalance-service';
import { appRepositories } from './database';

export interface SkipComparison {
  index: number;
  key: TradeKey;
  plan: HouseholdPlan;
  change: { driftAfter: number; cost: number; tax: number; trades: number };
}

const today = () => new Date().toISOString().slice(0, 10);
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class PlanPage {
  loaded = $state(false);
  missing = $state(false);
  name = $state('');
  baseCurrency = $state('USD');
  accounts = $state.raw<AccountRecord[]>([]);
  records = $state.raw<HouseholdRecords | undefined>(undefined);
  settings = $state<PlannerSettings>(clone(DEFAULT_PLANNER_SETTINGS));
  asOf = $state(today());
  inputProblems = $state.raw<HouseholdInputProblem[]>([]);

  planning = $state(false);
  plan = $state.raw<HouseholdPlan | undefined>(undefined);
  presets = $state.raw<PresetOutcome[]>([]);
  planMs = $state(0);
  record = $state.raw<PlanRecord | undefined>(undefined);
  history = $state.raw<PlanRecord[]>([]);
  skip = $state.raw<SkipComparison | undefined>(undefined);
  skipping = $state(-1);
  fillProblems = $state.raw<FillProblem[]>([]);
  executed = $state.raw<ExecutionSnapshot | undefined>(undefined);
  message = $state('');
  error = $state('');

  constructor(readonly portfolioId: number) {}

  async load(): Promise<void> {
    const repos = await appRepositories();
    const portfolio = await repos.portfolios.get(this.portfolioId);
    if (!portfolio) {
      this.missing = true;
      this.loaded = true;
      return;
    }
    this.name = portfolio.name;
    this.baseCurrency = portfolio.baseCurrency;
    const records = await repos.household.records(this.portfolioId);
    this.records = records;
    this.accounts = records?.accountRecords ?? [];
    const saved = (await repos.settings.get('plannerSettings'))[String(this.portfolioId)];
    const settings = clone(saved ?? DEFAULT_PLANNER_SETTINGS);
    if (records) settings.cashByAccount = cashByAccount(records, settings.cashByAccount);
    this.settings = settings;
    this.history = await repos.plans.list(this.portfolioId);
    this.loaded = true;
  }

  /** The planner input from the household and the settings as edited now. */
  input(extra: Partial<PlannerInput> = {}): PlannerInput | undefined {
    if (!this.records) return undefined;
    const built = plannerInputFromHousehold(
      { ...this.records, accounts: this.accounts.map((a) => ({ name: a.name, kind: a.kind })) },
      $state.snapshot(this.settings) as PlannerSettings,
      this.asOf
    );
    this.inputProblems = built.ok ? [] : built.error;
    return built.ok ? { ...built.value, ...extra } : undefined;
  }

  async setAccountKind(account: AccountRecord, kind: AccountType): Promise<void> {
    const repos = await appRepositories();
    await repos.household.setAccountKind(account.id, kind);
    this.accounts = this.accounts.map((a) => (a.id === account.id ? { ...a, kind } : a));
  }

  /** Saves policy, costs, taxes, rules and account cash; a change of rules goes into the audit log. */
  async saveSettings(): Promise<void> {
    const repos = await appRepositories();
    const all = await repos.settings.get('plannerSettings');
    const before = all[String(this.portfolioId)];
    const settings = $state.snapshot(this.settings) as PlannerSettings;
    await repos.settings.set('plannerSettings', { ...all, [this.portfolioId]: settings });
    if (JSON.stringify(before?.rules ?? []) !== JSON.stringify(settings.rules))
      await repos.audit.append('rules-changed', { portfolioId: this.portfolioId, rules: settings.rules });
    this.message = 'Settings saved.';
  }

  /** The lots a sale in this account and symbol could draw on, as the planner names them. */
  lotsOf(account: string, symbol: string): { id: string; label: string }[] {
    return (this.records?.lots ?? [])
      .filter((l) => l.account === account && l.symbol === symbol)
      .map((l) => ({
        id: plannerLotId(l.id),
        label: `${l.quantity} acquired ${l.acquired ?? 'unknown'}${l.costBasis !== null ? `, cost ${(l.costBasis / l.quantity).toFixed(2)} each` : ''}`
      }));
  }

  /** Chooses the lot a sale draws on (or back to the lot method with ''), then re-plans. */
  async chooseLot(account: string, symbol: string, lotId: string): Promise<void> {
    const key = `${account}/${symbol}`;
    const lots = { ...(this.settings.specificLots ?? {}) };
    if (lotId === '') delete lots[key];
    else lots[key] = lotId;
    this.settings.specificLots = lots;
    if (this.record?.status === 'draft') await this.discard();
    await this.makePlan();
  }

  addRule(rule: Rule): void {
    this.settings.rules = [...this.settings.rules, rule];
  }

  removeRule(index: number): void {
    this.settings.rules = this.settings.rules.filter((_, i) => i !== index);
  }

  async makePlan(): Promise<void> {
    const input = this.input();
    if (!input) return;
    this.planning = true;
    this.error = '';
    this.skip = undefined;
    this.executed = undefined;
    try {
      await this.saveSettings();
      const { plan, presets, planMs } = await planHouseholdInWorker(input, true);
      this.plan = plan;
      this.presets = presets ?? [];
      this.planMs = planMs;
      const repos = await appRepositories();
      this.record = await repos.plans.create(this.portfolioId, input, plan);
      this.history = await repos.plans.list(this.portfolioId);
      this.message = '';
    } catch (error) {
      this.error = `Planning failed: ${(error as Error).message}`;
    } finally {
      this.planning = false;
    }
  }

  /** "What if I skip this trade": re-plans without it in the worker and keeps the comparison. */
  async compareSkip(index: number): Promise<void> {
    const trade = this.plan?.trades[index];
    const input = this.input();
    if (!trade || !input) return;
    this.skipping = index;
    try {
      const key = { account: trade.account, symbol: trade.symbol, side: trade.side };
      const { plan, change } = await planWithoutInWorker(input, key);
      this.skip = { index, key, plan, change };
    } finally {
      this.skipping = -1;
    }
  }

  /** Adopts the plan without the skipped trade as a new draft (the old draft is discarded). */
  async acceptSkip(): Promise<void> {
    if (!this.skip || !this.record) return;
    const repos = await appRepositories();
    const input = this.input({ skip: [this.skip.key] });
    await repos.plans.setStatus(this.record.id, 'discarded');
    this.plan = this.skip.plan;
    this.record = await repos.plans.create(this.portfolioId, input, this.skip.plan);
    this.history = await repos.plans.list(this.portfolioId);
    this.skip = undefined;
  }

  async approve(): Promise<void> {
    if (!this.record) return;
    const repos = await appRepositories();
    this.record = await repos.plans.setStatus(this.record.id, 'approved');
    this.history = await repos.plans.list(this.portfolioId);
  }

  async discard(): Promise<void> {
    if (!this.record) return;
    const repos = await appRepositories();
    this.record = await repos.plans.setStatus(this.record.id, 'discarded');
    this.history = await repos.plans.list(this.portfolioId);
  }

  /** Records the fills: lots, cash and holdings change in one transaction; undo restores them. */
  async execute(fills: Fill[]): Promise<boolean> {
    if (!this.plan || !this.record || this.record.status !== 'approved') return false;
    const changes = executionChanges(this.plan.trades, fills, this.asOf);
    if (!changes.ok) {
      this.fillProblems = changes.error;
      return false;
    }
    this.fillProblems = [];
    const repos = await appRepositories();
    const cash = { ...this.settings.cashByAccount };
    for (const [account, change] of Object.entries(changes.value.cashChange))
      cash[account] = (cash[account] ?? 0) + change;
    const total = Object.values(cash).reduce((a, b) => a + b, 0);
    try {
      this.executed = await repos.household.applyExecution(this.portfolioId, changes.value, total);
    } catch (error) {
      this.error = `The execution was not recorded: ${(error as Error).message}. Nothing was changed.`;
      return false;
    }
    this.settings.cashByAccount = cash;
    await this.saveSettings();
    this.record = await repos.plans.setStatus(this.record.id, 'executed', fills);
    this.history = await repos.plans.list(this.portfolioId);
    this.records = await repos.household.records(this.portfolioId);
    this.message = 'Execution recorded: lots, cash and holdings are updated.';
    return true;
  }

  orderList(): Blob | undefined {
    return this.plan ? new Blob([orderListCsv(this.plan, this.baseCurrency)], { type: 'text/csv' }) : undefined;
  }
}
