/**
 * The Backtest page's state: the data and assets, the strategies to compare (presets and built
 * ones, at most six), costs, taxes, cash flows and benchmark; the run in a worker; saved runs in
 * IndexedDB; parameter sweeps on the worker pool and bootstrap robustness, each with progress
 * and cancel. Finance happens in core (through the worker); this class only holds choices and
 * results.
 */
import type { PriceTable } from '../core/returns/return-table';
import {
  solversNeeded,
  type BacktestConfig,
  type BacktestReport,
  type RunIssue,
  type StrategyConfig,
  type WeightMethod
} from '../core/backtest/backtest-config';
import { PRESET_IDS, PRESET_TITLES, presetStrategy, type PresetId } from '../core/backtest/presets';
import { sweepVariants, type SweepGrid, type SweepRow } from '../core/backtest/sweep';
import type { RobustnessReport } from '../core/backtest/block-bootstrap';
import type { CalendarPeriod } from '../core/backtest/calendar';
import { equityCsv, metricsCsv, sweepCsv } from '../core/backtest/backtest-export';
import type { BacktestRunRecord, PortfolioRecord } from '../db/schema';
import { DEMO_DATASETS, loadDataset, parsePriceFile, type DemoDataset } from '../services/optimize-service';
import { STORED_PRICES } from './optimize.svelte';
import {
  bootstrapInWorker,
  runBacktestInWorker,
  sweepVariantsInPool,
  type OwnModels
} from '../services/backtest-service';
import { activeModel } from './active-models';
import { AbortError, type Progress } from '../services/worker-bridge';
import { describeBacktestIssue, describeCsvError } from '../messages/en';
import { appRepositories } from './database';
import { storedPriceTable } from './stored-prices';

export const MAX_STRATEGIES = 6;

/** A strategy built on the page: one choice per step of the stack. */
export interface BuiltStrategy {
  name: string;
  when: 'never' | CalendarPeriod | 'bands' | 'hybrid' | 'signal';
  period: CalendarPeriod;
  band: number;
  top: number | null;
  weights: 'fixed' | WeightMethod;
  lookback: number;
  trade: 'full' | 'edge' | 'partial';
  partial: number;
}

export function builtToConfig(built: BuiltStrategy, assets: readonly string[]): StrategyConfig {
  const targets = Object.fromEntries(assets.map((a) => [a, 1 / assets.length]));
  const bands = { absolute: built.band };
  const rebalance: StrategyConfig['rebalance'] =
    built.when === 'never'
      ? 'never'
      : built.when === 'bands'
        ? { bands, ...(built.trade === 'edge' ? { to: 'edge' as const } : {}) }
        : built.when === 'hybrid'
          ? { every: built.period, bands }
          : built.when === 'signal'
            ? built.top
              ? { onSelectionChange: true as const }
              : { every: 'month' as const }
            : { every: built.when };
  return {
    name: built.name,
    targets,
    rebalance,
    ...(built.top ? { select: { top: built.top } } : {}),
    ...(built.weights !== 'fixed' ? { weights: { method: built.weights, lookback: built.lookback } } : {}),
    ...(built.trade === 'partial' ? { trade: { partial: built.partial } } : {})
  };
}

export type Job = 'run' | 'sweep' | 'bootstrap';

export class BacktestState {
  datasets = DEMO_DATASETS;
  datasetId = $state(DEMO_DATASETS[0].id);
  prices = $state.raw<PriceTable | undefined>(undefined);
  datasetError = $state<string | undefined>(undefined);
  loadingDataset = $state(false);
  /** How many price series are stored on this device (imported on the Data page). */
  storedCount = $state(0);
  /** The name of the user's own file, or of the stored prices, when that is the data. */
  sourceName = $state<string | undefined>(undefined);
  /** Assets the strategies hold. */
  assets = $state<string[]>([]);
  portfolios = $state.raw<PortfolioRecord[]>([]);
  assetMessage = $state<string | undefined>(undefined);

  presets = $state<PresetId[]>(['buy-and-hold', '60-40-calendar', 'threshold-5-25']);
  growth = $state<string | undefined>(undefined);
  defensive = $state<string | undefined>(undefined);
  built = $state<BuiltStrategy[]>([]);

  start = $state('');
  end = $state('');
  initialValue = $state(10_000);
  bps = $state(10);
  /** The planner's commission per trade and spread; 0 leaves plain bps. */
  perTrade = $state(0);
  spreadBps = $state(0);
  execution = $state<'next-close' | 'same-close'>('next-close');
  wholeShares = $state(false);
  cashRate = $state(0);
  benchmark = $state('');
  flowEvery = $state<'none' | CalendarPeriod>('none');
  flowAmount = $state(0);
  flowIndexedTo = $state('');
  taxOn = $state(false);
  shortTermRate = $state(0.3);
  longTermRate = $state(0.15);

  running = $state<Job | undefined>(undefined);
  progress = $state.raw<Progress | undefined>(undefined);
  report = $state.raw<BacktestReport | undefined>(undefined);
  reportConfig = $state.raw<BacktestConfig | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  logScale = $state(true);
  /** The strategy whose weights and trades the charts show. */
  focus = $state(0);
  savedRuns = $state.raw<BacktestRunRecord[]>([]);
  lastDeleted = $state.raw<BacktestRunRecord | undefined>(undefined);
  savedMessage = $state<string | undefined>(undefined);

  sweepBase = $state(0);
  sweepBands = $state('0.02, 0.05, 0.1, 0.15, 0.2');
  sweepFrequencies = $state<(CalendarPeriod | 'none')[]>(['none', 'month', 'quarter']);
  sweepLookbacks = $state('252');
  sweepCosts = $state('0, 10, 25, 50');
  sweepRows = $state.raw<SweepRow[] | undefined>(undefined);
  sweepStatus = $state<string | undefined>(undefined);
  sweepSort = $state<{ key: keyof SweepRow; descending: boolean }>({ key: 'sharpe', descending: true });

  paths = $state(200);
  blockLength = $state(21);
  seed = $state(1);
  goal = $state(10_000);
  robustness = $state.raw<RobustnessReport | undefined>(undefined);
  bootstrapStatus = $state<string | undefined>(undefined);

  private abort: AbortController | undefined;
  private loads = 0;

  get dataset(): DemoDataset {
    return this.datasets.find((d) => d.id === this.datasetId) ?? this.datasets[0];
  }

  get strategies(): StrategyConfig[] {
    return [
      ...this.presets.map((id) => presetStrategy(id, this.assets, { growth: this.growth, defensive: this.defensive })),
      ...this.built.map((b) => builtToConfig(b, this.assets))
    ];
  }

  get strategyCount(): number {
    return this.presets.length + this.built.length;
  }

  async init(): Promise<void> {
    const repos = await appRepositories();
    this.portfolios = await repos.portfolios.list();
    this.savedRuns = await repos.backtestRuns.list();
    this.storedCount = (await repos.prices.summaries()).filter((s) => (s.kind ?? 'price') === 'price').length;
    await this.loadData();
  }

  /** Where the prices came from, in words (a demo data set, a file, the stored series). */
  get dataName(): string {
    return this.sourceName ?? this.dataset.title;
  }

  private usePrices(prices: PriceTable, preferred: string[]): void {
    this.prices = prices;
    const chosen = preferred.filter((c) => prices.assets.includes(c));
    this.assets = chosen.length >= 2 ? chosen : prices.assets.slice(0, 5);
    this.growth = this.assets[0];
    this.defensive = this.assets[1];
    this.benchmark = '';
    this.flowIndexedTo = '';
    this.start = this.firstCommonDate() ?? prices.dates[0];
    this.end = prices.dates[prices.dates.length - 1];
    this.goal = this.initialValue;
    this.report = undefined;
    this.sweepRows = undefined;
    this.robustness = undefined;
  }

  /** The user's own price CSV; what was loaded before stays if this one cannot be read. */
  async loadFile(file: File): Promise<void> {
    const load = ++this.loads;
    this.loadingDataset = true;
    this.datasetError = undefined;
    try {
      const parsed = await parsePriceFile(file);
      if (load !== this.loads) return;
      if (!parsed.ok) this.datasetError = `The data could not be read: ${describeCsvError(file.name, parsed.error)}.`;
      else if (parsed.value.dates.length < 3)
        this.datasetError = `${file.name} has ${parsed.value.dates.length} dates; a backtest needs at least three.`;
      else {
        this.sourceName = file.name;
        this.usePrices(parsed.value, []);
      }
    } catch (error) {
      this.datasetError = `${file.name} could not be read: ${(error as Error).message}`;
    } finally {
      if (load === this.loads) this.loadingDataset = false;
    }
  }

  async loadData(): Promise<void> {
    const load = ++this.loads;
    this.loadingDataset = true;
    this.datasetError = undefined;
    try {
      if (this.datasetId === STORED_PRICES) {
        const stored = await storedPriceTable();
        if (load !== this.loads) return;
        if (!stored) {
          this.datasetError = 'No price series are stored on this device; import them on the Data page.';
          return;
        }
        this.sourceName = `${stored.count} price series stored on this device`;
        this.usePrices(stored.table, []);
        return;
      }
      const parsed = await loadDataset(this.dataset);
      if (load !== this.loads) return;
      if (!parsed.ok) {
        this.datasetError = `The data set could not be read: ${describeCsvError(this.dataset.file, parsed.error)}.`;
        return;
      }
      this.sourceName = undefined;
      this.usePrices(
        parsed.value,
        this.dataset.demo.assets.map((a) => a.column)
      );
    } catch (error) {
      this.datasetError = (error as Error).message;
    } finally {
      if (load === this.loads) this.loadingDataset = false;
    }
  }

  /** The first date every chosen asset has a price (strategies buy them all on the start bar). */
  firstCommonDate(): string | undefined {
    const prices = this.prices;
    if (!prices) return undefined;
    const columns = this.assets.map((a) => prices.assets.indexOf(a));
    const n = prices.assets.length;
    const t = prices.dates.findIndex((_, row) => columns.every((j) => Number.isFinite(prices.values[row * n + j])));
    return t >= 0 ? prices.dates[t] : undefined;
  }

  toggleAsset(asset: string, on: boolean): void {
    this.assets = on ? [...this.assets, asset] : this.assets.filter((a) => a !== asset);
    if (!this.assets.includes(this.growth ?? '')) this.growth = this.assets[0];
    if (!this.assets.includes(this.defensive ?? '')) this.defensive = this.assets[1];
    const common = this.firstCommonDate();
    if (common && this.start < common) this.start = common;
  }

  /** Takes the assets of a saved portfolio that the data set has prices for. */
  async usePortfolioAssets(portfolioId: number): Promise<void> {
    const repos = await appRepositories();
    const symbols = (await repos.holdings.list(portfolioId)).map((h) => h.symbol);
    const known = symbols.filter((s) => this.prices?.assets.includes(s));
    const missing = symbols.filter((s) => !known.includes(s));
    if (known.length === 0) {
      this.assetMessage = `None of that portfolio's holdings (${symbols.join(', ') || 'none'}) are in this data set.`;
      return;
    }
    this.assets = known;
    this.growth = known[0];
    this.defensive = known[1];
    const common = this.firstCommonDate();
    if (common && this.start < common) this.start = common;
    this.assetMessage =
      missing.length > 0
        ? `Using ${known.join(', ')}; ${missing.join(', ')} ${missing.length === 1 ? 'has' : 'have'} no prices in this data set.`
        : `Using the portfolio's ${known.length} holdings.`;
  }

  togglePreset(id: PresetId, on: boolean): void {
    if (on && this.strategyCount >= MAX_STRATEGIES) return;
    this.presets = on
      ? PRESET_IDS.filter((p) => p === id || this.presets.includes(p))
      : this.presets.filter((p) => p !== id);
  }

  addBuilt(strategy: BuiltStrategy): void {
    if (this.strategyCount >= MAX_STRATEGIES) return;
    this.built = [...this.built, strategy];
  }

  removeBuilt(index: number): void {
    this.built = this.built.filter((_, i) => i !== index);
  }

  config(): BacktestConfig {
    return {
      prices: this.dataName,
      start: this.start || undefined,
      end: this.end || undefined,
      initialValue: this.initialValue,
      costs: {
        bps: this.bps,
        ...(this.perTrade > 0 ? { perTrade: this.perTrade } : {}),
        ...(this.spreadBps > 0 ? { spreadBps: this.spreadBps } : {})
      },
      execution: this.execution,
      wholeShares: this.wholeShares,
      cashRate: this.cashRate,
      ...(this.benchmark ? { benchmark: this.benchmark } : {}),
      ...(this.flowEvery !== 'none' && this.flowAmount !== 0
        ? {
            flows: {
              every: this.flowEvery,
              amount: this.flowAmount,
              ...(this.flowIndexedTo ? { indexedTo: this.flowIndexedTo } : {})
            }
          }
        : {}),
      ...(this.taxOn ? { tax: { shortTerm: this.shortTermRate, longTerm: this.longTermRate } } : {}),
      strategies: this.strategies
    };
  }

  /** Why the current choices cannot run, in a sentence; undefined when they can. */
  get blocker(): string | undefined {
    if (!this.prices) return 'The data set is not loaded yet.';
    if (this.assets.length === 0) return 'Choose at least one asset.';
    if (this.strategyCount === 0) return 'Choose at least one strategy.';
    if (this.start && this.end && this.start >= this.end) return 'The start date must be before the end date.';
    return undefined;
  }

  private describeIssues(issues: RunIssue[]): string {
    return issues.map((i) => describeBacktestIssue(i, this.dataName)).join(' ');
  }

  private begin(job: Job): AbortSignal {
    this.abort?.abort();
    this.abort = new AbortController();
    this.running = job;
    this.progress = undefined;
    this.error = undefined;
    return this.abort.signal;
  }

  cancel(): void {
    this.abort?.abort();
  }

  /**
   * The user's own policy and regime models, when chosen on the Signals page and a strategy runs
   * the learned policy or the regime signal: they replace ours there, and the report says so.
   */
  private async ownModels(config: Pick<BacktestConfig, 'strategies'>): Promise<OwnModels | undefined> {
    if (!solversNeeded(config).policy) return undefined;
    const [policy, regimes] = await Promise.all([activeModel('policy'), activeModel('regimes')]);
    if (!policy.own && !regimes.own) return undefined;
    const named = (own: { name: string; bytes: Uint8Array } | undefined) =>
      own ? { name: own.name, bytes: own.bytes } : undefined;
    return {
      key: `${policy.own?.id ?? 'ours'}/${regimes.own?.id ?? 'ours'}`,
      policy: named(policy.own),
      regimes: named(regimes.own)
    };
  }

  async run(): Promise<void> {
    if (this.blocker || !this.prices) return;
    const signal = this.begin('run');
    const config = this.config();
    try {
      const own = await this.ownModels(config);
      const result = await runBacktestInWorker(config, this.prices, { detail: true, signal, own });
      if (!result.ok) this.error = this.describeIssues(result.error);
      else {
        this.report = result.value;
        this.reportConfig = config;
        this.focus = 0;
        this.savedMessage = undefined;
        this.sweepBase = Math.min(this.sweepBase, result.value.strategies.length - 1);
      }
    } catch (error) {
      if (!(error instanceof AbortError)) this.error = `The backtest failed: ${(error as Error).message}`;
    } finally {
      if (this.running === 'run') this.running = undefined;
    }
  }

  async save(name: string): Promise<void> {
    if (!this.report || !this.reportConfig) return;
    const repos = await appRepositories();
    const record = await repos.backtestRuns.save({
      name: name.trim() || `Backtest of ${this.report.strategies.map((s) => s.name).join(', ')}`,
      dataset: this.dataName,
      config: $state.snapshot(this.reportConfig),
      report: this.report
    });
    this.savedRuns = await repos.backtestRuns.list();
    this.savedMessage = `Saved as “${record.name}”.`;
  }

  openSaved(record: BacktestRunRecord): void {
    this.report = record.report as BacktestReport;
    this.reportConfig = record.config as BacktestConfig;
    this.focus = 0;
    this.savedMessage = `Showing the saved run “${record.name}” (${record.dataset}).`;
  }

  async deleteSaved(id: number): Promise<void> {
    const repos = await appRepositories();
    this.lastDeleted = await repos.backtestRuns.remove(id);
    this.savedRuns = await repos.backtestRuns.list();
  }

  async undoDelete(): Promise<void> {
    if (!this.lastDeleted) return;
    const repos = await appRepositories();
    await repos.backtestRuns.restore(this.lastDeleted);
    this.lastDeleted = undefined;
    this.savedRuns = await repos.backtestRuns.list();
  }

  exportEquityCsv(): Blob | undefined {
    return this.report ? new Blob([equityCsv(this.report)], { type: 'text/csv' }) : undefined;
  }

  exportMetricsCsv(): Blob | undefined {
    return this.report ? new Blob([metricsCsv(this.report)], { type: 'text/csv' }) : undefined;
  }

  exportJson(): Blob | undefined {
    return this.report
      ? new Blob([JSON.stringify({ config: this.reportConfig, ...this.report }, null, 2)], { type: 'application/json' })
      : undefined;
  }

  /** The sweep grid as typed, or a sentence naming the field that cannot be read. */
  grid(): SweepGrid | string {
    const list = (text: string, field: string, scale = 1) => {
      const parts = text
        .split(/[,\s]+/)
        .filter(Boolean)
        .map((p) => Number(p) * scale);
      if (parts.length === 0) return `${field}: give at least one value.`;
      const bad = parts.findIndex((p) => !Number.isFinite(p) || p < 0);
      return bad >= 0
        ? `${field}: "${text.split(/[,\s]+/).filter(Boolean)[bad]}" is not a non-negative number.`
        : parts;
    };
    const bands = list(this.sweepBands, 'Band widths');
    const lookbacks = list(this.sweepLookbacks, 'Lookbacks');
    const costs = list(this.sweepCosts, 'Costs');
    for (const value of [bands, lookbacks, costs]) if (typeof value === 'string') return value;
    if (this.sweepFrequencies.length === 0) return 'Frequencies: choose at least one (or “none”).';
    if ((lookbacks as number[]).some((l) => !Number.isInteger(l) || l < 2))
      return 'Lookbacks: each must be a whole number of bars, at least 2.';
    return {
      bands: bands as number[],
      frequencies: [...this.sweepFrequencies],
      lookbacks: lookbacks as number[],
      costs: costs as number[]
    };
  }

  get sweepSize(): number {
    const grid = this.grid();
    return typeof grid === 'string'
      ? 0
      : grid.bands.length * grid.frequencies.length * grid.lookbacks.length * grid.costs.length;
  }

  async sweep(): Promise<void> {
    if (this.blocker || !this.prices) return;
    const grid = this.grid();
    if (typeof grid === 'string') {
      this.sweepStatus = grid;
      return;
    }
    const base = this.strategies[this.sweepBase] ?? this.strategies[0];
    const variants = sweepVariants(base, grid);
    const signal = this.begin('sweep');
    this.sweepRows = undefined;
    this.sweepStatus = `Running ${variants.length} variants of “${base.name}”…`;
    const started = performance.now();
    try {
      const own = await this.ownModels({ strategies: variants.map((v) => v.strategy) });
      const rows = await sweepVariantsInPool(this.config(), this.prices, variants, {
        signal,
        own,
        onProgress: (p) => (this.progress = { stage: `chunk ${p.done} of ${p.total}`, fraction: p.done / p.total })
      });
      this.sweepRows = rows;
      this.sweepStatus = `${rows.length} variants of “${base.name}” in ${((performance.now() - started) / 1000).toFixed(2)} s.`;
    } catch (error) {
      this.sweepStatus =
        error instanceof AbortError
          ? 'Sweep cancelled; no results kept.'
          : `The sweep failed: ${(error as Error).message}`;
    } finally {
      if (this.running === 'sweep') this.running = undefined;
    }
  }

  get sortedSweepRows(): SweepRow[] {
    const { key, descending } = this.sweepSort;
    const value = (row: SweepRow) => {
      const v = row[key];
      return typeof v === 'number' ? v : v === null ? -Infinity : String(v);
    };
    return [...(this.sweepRows ?? [])].sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      const order = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -order : order;
    });
  }

  sortSweep(key: keyof SweepRow): void {
    this.sweepSort = { key, descending: this.sweepSort.key === key ? !this.sweepSort.descending : true };
  }

  exportSweepCsv(): Blob | undefined {
    return this.sweepRows ? new Blob([sweepCsv(this.sweepRows)], { type: 'text/csv' }) : undefined;
  }

  async bootstrap(): Promise<void> {
    if (this.blocker || !this.prices) return;
    if (!(Number.isInteger(this.paths) && this.paths >= 10 && this.paths <= 5000)) {
      this.bootstrapStatus = 'Paths: a whole number from 10 to 5000.';
      return;
    }
    if (!(Number.isInteger(this.blockLength) && this.blockLength >= 1)) {
      this.bootstrapStatus = 'Block length: a whole number of bars, at least 1.';
      return;
    }
    const signal = this.begin('bootstrap');
    this.robustness = undefined;
    this.bootstrapStatus = `Resampling ${this.paths} paths…`;
    try {
      const config = this.config();
      const result = await bootstrapInWorker(
        config,
        this.prices,
        { paths: this.paths, blockLength: this.blockLength, seed: this.seed, goal: this.goal },
        { signal, onProgress: (p) => (this.progress = p), own: await this.ownModels(config) }
      );
      if (!result.ok) this.bootstrapStatus = this.describeIssues(result.error);
      else {
        this.robustness = result.value;
        this.bootstrapStatus = `${result.value.paths} paths of blocks of ${result.value.blockLength} bars, seed ${result.value.seed}.`;
      }
    } catch (error) {
      this.bootstrapStatus =
        error instanceof AbortError ? 'Bootstrap cancelled.' : `The bootstrap failed: ${(error as Error).message}`;
    } finally {
      if (this.running === 'bootstrap') this.running = undefined;
    }
  }
}

export { PRESET_IDS, PRESET_TITLES };
