/**
 * The Optimize page's state: which data set, which estimators, objective and constraints, and
 * the report computed in the optimizer worker; "use as targets" writes weights to a portfolio.
 */
import type { ObjectiveConfig, OptimizeFailure, OptimizeReport } from '../core/optimizers/optimize-request';
import { forecastInWorker, modelCard } from '../services/signals-service';
import type { PriceTable } from '../core/returns/return-table';
import type { ExpectedReturnsConfig } from '../core/estimators/expected-returns/expected-returns';
import type { RiskModelConfig } from '../core/estimators/risk-models/risk-model';
import { cleanWeights } from '../core/optimizers/clean-weights';
import { periodsPerYear, selectAssets } from '../core/returns/return-table';
import type { ValidationIssue } from '../core/portfolio/validation-issue';
import type { PortfolioRecord } from '../db/schema';
import {
  DEMO_DATASETS,
  loadDataset,
  optimizeInWorker,
  parsePriceFile,
  type DemoDataset
} from '../services/optimize-service';
import { describeCsvError } from '../messages/en';
import type { Progress } from '../services/worker-bridge';
import { appRepositories, guardStorage } from './database';
import { storedPriceTable } from './stored-prices';
import { activeModel, verdictFor, type ModelVerdict } from './active-models';

export type ObjectiveKind = ObjectiveConfig['kind'];

export interface TargetsSnapshot {
  portfolioId: number;
  portfolioName: string;
  targets: Record<string, number>;
  cashTarget: number;
}

/** The data-set choice that means "the prices imported on the Data page". */
export const STORED_PRICES = 'stored';

/** Headline views: the annual return tilt at a score of ±1, and their Idzorek confidence. */
export const SENTIMENT_TILT = 0.1;
export const SENTIMENT_CONFIDENCE = 0.05;
/** The confidence of views from a forecaster of the user's own, which Keel has no record of. */
export const UNCALIBRATED_VIEW_CONFIDENCE = 0.05;

export class OptimizeState {
  datasets = DEMO_DATASETS;
  datasetId = $state(DEMO_DATASETS[0].id);
  prices = $state.raw<PriceTable | undefined>(undefined);
  /** A sentence saying why the data could not be read. */
  datasetError = $state.raw<string | undefined>(undefined);
  /** The name of the user's own file, when one is loaded. */
  fileName = $state<string | undefined>(undefined);
  /** How many price series are stored on this device (imported on the Data page). */
  storedCount = $state(0);
  loadingDataset = $state(false);

  mu = $state<ExpectedReturnsConfig['kind']>('cagr');
  cov = $state<string>('ledoit-wolf');
  objective = $state<ObjectiveKind>('max-sharpe');
  riskFreeRate = $state(0.02);
  riskAversion = $state(1);
  targetVolatility = $state(0.15);
  targetReturn = $state(0.1);
  lowerBound = $state(0);
  upperBound = $state(1);

  /** Assets of the data set left out of the optimization. */
  excluded = $state<string[]>([]);
  /** Group limits as typed: a name, member symbols separated by commas, and limits in percent. */
  groups = $state<{ name: string; members: string; min: string; max: string }[]>([]);
  selectionMessage = $state<string | undefined>(undefined);
  groupErrors = $state<string[]>([]);

  /** Risk budgets for risk parity, as typed per asset (blank = 1). */
  riskBudgets = $state<Record<string, string>>({});
  /** Black–Litterman views on top of the estimates. */
  useBlackLitterman = $state(false);
  blRiskAversion = $state(2.5);
  blCaps = $state<Record<string, string>>({});
  blViews = $state<
    { asset: string; versus: string; ret: string; confidence: string; source?: 'forecaster' | 'sentiment' }[]
  >([]);
  /** The forecaster's record, shown beside its views; and what adding them said. */
  forecasterVerdict = $state<ModelVerdict | undefined>(undefined);
  forecastViewsMessage = $state<string | undefined>(undefined);
  addingForecastViews = $state(false);

  running = $state(false);
  progress = $state.raw<Progress | undefined>(undefined);
  report = $state.raw<OptimizeReport | undefined>(undefined);
  failure = $state.raw<OptimizeFailure | undefined>(undefined);

  portfolios = $state.raw<PortfolioRecord[]>([]);
  targetPortfolioId = $state<number | undefined>(undefined);
  targetIssues = $state.raw<ValidationIssue[]>([]);
  lastTargets = $state.raw<TargetsSnapshot | undefined>(undefined);
  targetsWritten = $state(false);

  private abort: AbortController | undefined;

  get dataset(): DemoDataset {
    return this.datasets.find((d) => d.id === this.datasetId) ?? this.datasets[0];
  }

  async init(): Promise<void> {
    const repos = await appRepositories();
    this.portfolios = await repos.portfolios.list();
    this.targetPortfolioId ??= this.portfolios[0]?.id;
    this.storedCount = (await repos.prices.summaries()).filter((s) => (s.kind ?? 'price') === 'price').length;
    await this.loadData();
  }

  /**
   * Counts loads: a load applies its prices only if no later load started meanwhile (the data
   * set loading at start-up must not overwrite a choice the user made while it ran).
   */
  private loads = 0;

  /** The price series stored on this device, aligned on their common calendar. */
  private async loadStored(load: number): Promise<void> {
    const stored = await storedPriceTable();
    if (load !== this.loads) return;
    if (!stored || stored.count < 2) {
      this.datasetError = 'At least two stored price series are needed; import them on the Data page.';
      return;
    }
    this.prices = stored.table;
    this.fileName = `${stored.count} price series stored on this device`;
    this.excluded = [];
    this.selectionMessage = undefined;
  }

  async loadData(): Promise<void> {
    const load = ++this.loads;
    this.loadingDataset = true;
    this.datasetError = undefined;
    this.report = undefined;
    this.failure = undefined;
    try {
      if (this.datasetId === STORED_PRICES) {
        await this.loadStored(load);
        return;
      }
      const parsed = await loadDataset(this.dataset);
      if (load !== this.loads) return;
      this.fileName = undefined;
      if (parsed.ok) {
        this.prices = parsed.value;
        this.excluded = [];
        this.selectionMessage = undefined;
      } else this.datasetError = describeCsvError(this.dataset.file, parsed.error);
    } catch (error) {
      this.datasetError = (error as Error).message;
    } finally {
      if (load === this.loads) this.loadingDataset = false;
    }
  }

  /** Loads the user's own price CSV; what was loaded before stays if this one is unreadable. */
  async loadFile(file: File): Promise<void> {
    const load = ++this.loads;
    this.loadingDataset = true;
    this.datasetError = undefined;
    try {
      const parsed = await parsePriceFile(file);
      if (load !== this.loads) return;
      if (!parsed.ok) {
        this.datasetError = describeCsvError(file.name, parsed.error);
        return;
      }
      if (parsed.value.dates.length < 4) {
        this.datasetError = `${file.name} has ${parsed.value.dates.length} dates; at least four are needed.`;
        return;
      }
      this.prices = parsed.value;
      this.excluded = [];
      this.selectionMessage = undefined;
      this.fileName = file.name;
      this.report = undefined;
      this.failure = undefined;
    } catch (error) {
      this.datasetError = `${file.name} could not be read: ${(error as Error).message}`;
    } finally {
      if (load === this.loads) this.loadingDataset = false;
    }
  }

  private riskModel(): RiskModelConfig {
    switch (this.cov) {
      case 'ledoit-wolf':
        return { kind: 'ledoit-wolf', target: 'constant-variance' };
      case 'ledoit-wolf-single-factor':
        return { kind: 'ledoit-wolf', target: 'single-factor' };
      case 'ledoit-wolf-constant-correlation':
        return { kind: 'ledoit-wolf', target: 'constant-correlation' };
      default:
        return { kind: this.cov } as RiskModelConfig;
    }
  }

  private objectiveConfig(): ObjectiveConfig {
    switch (this.objective) {
      case 'max-sharpe':
        return { kind: 'max-sharpe', riskFreeRate: this.riskFreeRate };
      case 'max-quadratic-utility':
        return { kind: 'max-quadratic-utility', riskAversion: this.riskAversion };
      case 'efficient-risk':
        return { kind: 'efficient-risk', targetVolatility: this.targetVolatility };
      case 'efficient-return':
        return { kind: 'efficient-return', targetReturn: this.targetReturn };
      case 'risk-parity':
        return {
          kind: 'risk-parity',
          budgets: Object.fromEntries(
            this.selectedAssets.map((asset) => [asset, Number(this.riskBudgets[asset] || '1')])
          )
        };
      default:
        return { kind: this.objective } as ObjectiveConfig;
    }
  }

  get selectedAssets(): string[] {
    return (this.prices?.assets ?? []).filter((asset) => !this.excluded.includes(asset));
  }

  toggleAsset(asset: string, included: boolean): void {
    this.excluded = included ? this.excluded.filter((a) => a !== asset) : [...this.excluded, asset];
  }

  selectAll(): void {
    this.excluded = [];
    this.selectionMessage = undefined;
  }

  /** Keeps only the data set's assets that the chosen portfolio holds. */
  async selectHeld(): Promise<void> {
    const portfolioId = this.targetPortfolioId;
    if (!this.prices || portfolioId === undefined) return;
    const repos = await appRepositories();
    const held = (await repos.holdings.list(portfolioId)).map((h) => h.symbol.toUpperCase());
    const inData = this.prices.assets.filter((asset) => held.includes(asset.toUpperCase()));
    const portfolio = this.portfolios.find((p) => p.id === portfolioId);
    if (inData.length < 2) {
      this.selectionMessage = `Only ${inData.length} of ${portfolio?.name ?? 'the portfolio'}'s holdings ${inData.length === 1 ? 'is' : 'are'} in this data set; an optimization needs at least two. Choose assets below or load a price file with the holdings' histories.`;
      return;
    }
    this.excluded = this.prices.assets.filter((asset) => !inData.includes(asset));
    this.selectionMessage = `Using the ${inData.length} assets of ${portfolio?.name ?? 'the portfolio'} found in this data set.`;
  }

  addView(): void {
    const first = this.selectedAssets[0] ?? '';
    this.blViews = [...this.blViews, { asset: first, versus: '', ret: '10', confidence: '' }];
  }

  /**
   * The forecaster's next-month forecasts for the selected assets as absolute views (× 12, a
   * year), with the Idzorek confidence its card derives from its out-of-sample rank IC. They
   * replace earlier forecaster views and stay editable; nothing happens until the user asks.
   */
  async addForecastViews(): Promise<void> {
    const prices = this.prices;
    if (!prices) return;
    if (periodsPerYear(prices.dates) < 200) {
      this.forecastViewsMessage =
        'The forecaster reads daily prices (its features span 21 to 252 trading days); this data set is not daily.';
      return;
    }
    this.addingForecastViews = true;
    this.forecastViewsMessage = undefined;
    try {
      const model = await activeModel('forecaster');
      const card = model.own ? undefined : await modelCard('forecaster');
      this.forecasterVerdict = await verdictFor('forecaster', model);
      const report = await forecastInWorker(model.ref, prices);
      const selected = this.selectedAssets;
      const forecasts = report.forecasts.filter((f) => selected.includes(f.asset));
      if (forecasts.length === 0) {
        this.forecastViewsMessage = 'None of the selected assets has the year of prices the forecaster needs.';
        return;
      }
      // Our card derives a confidence from our forecaster's out-of-sample rank IC; a model of the
      // user's own has no such record here, so its views start low and stay editable.
      const confidence = card ? (card.usage?.viewConfidence ?? 0) : UNCALIBRATED_VIEW_CONFIDENCE;
      this.useBlackLitterman = true;
      this.blViews = [
        ...this.blViews.filter((v) => v.source !== 'forecaster'),
        ...forecasts.map((f) => ({
          asset: f.asset,
          versus: '',
          ret: (f.returnForecast * 12 * 100).toFixed(2),
          confidence: (confidence * 100).toFixed(1),
          source: 'forecaster' as const
        }))
      ];
      const skipped = this.selectedAssets.filter((a) => !forecasts.some((f) => f.asset === a));
      const basis = card
        ? 'from its out-of-sample rank IC'
        : `a low default: your model "${model.own!.name}" has no out-of-sample record in Keel`;
      this.forecastViewsMessage = `Added ${forecasts.length} views from ${card ? 'the forecaster' : 'your forecaster'} (as of ${report.date}, confidence ${(confidence * 100).toFixed(1)} %, ${basis})${skipped.length > 0 ? `; no forecast for ${skipped.join(', ')}` : ''}.`;
    } catch (error) {
      this.forecastViewsMessage = `The forecaster could not run: ${(error as Error).message}`;
    } finally {
      this.addingForecastViews = false;
    }
  }

  /**
   * Headline sentiment saved on the Signals page as absolute views: a tilt of ±SENTIMENT_TILT a year
   * scaled by the bullish-minus-bearish score, at a fixed low confidence — a heuristic, stated as
   * such, for users who want headlines to lean on the prior a little.
   */
  async addSentimentViews(): Promise<void> {
    const repos = await appRepositories();
    const saved = (await repos.settings.get('sentimentViews')).filter((v) => this.selectedAssets.includes(v.asset));
    if (saved.length === 0) {
      this.forecastViewsMessage =
        'No headline sentiment is saved for the selected assets: score headlines that name them on the Signals page ("AAPL: …") and save it there.';
      return;
    }
    this.useBlackLitterman = true;
    this.blViews = [
      ...this.blViews.filter((v) => v.source !== 'sentiment'),
      ...saved.map((v) => ({
        asset: v.asset,
        versus: '',
        ret: (v.score * SENTIMENT_TILT * 100).toFixed(2),
        confidence: (SENTIMENT_CONFIDENCE * 100).toFixed(0),
        source: 'sentiment' as const
      }))
    ];
    this.forecastViewsMessage = `Added ${saved.length} headline-sentiment views (±${SENTIMENT_TILT * 100} % a year at full conviction, confidence ${SENTIMENT_CONFIDENCE * 100} %).`;
  }

  removeView(index: number): void {
    this.blViews = this.blViews.filter((_, i) => i !== index);
  }

  private blackLittermanConfig() {
    if (!this.useBlackLitterman) return undefined;
    return {
      riskAversion: this.blRiskAversion,
      marketCaps: Object.fromEntries(
        this.selectedAssets.map((asset) => [asset, Number(this.blCaps[asset] ?? '1') || 0])
      ),
      views: this.blViews.map((view) => ({
        assets: view.versus ? { [view.asset]: 1, [view.versus]: -1 } : { [view.asset]: 1 },
        return: Number(view.ret) / 100,
        confidence: view.confidence.trim() === '' ? undefined : Number(view.confidence) / 100
      }))
    };
  }

  addGroup(): void {
    this.groups = [...this.groups, { name: `Group ${this.groups.length + 1}`, members: '', min: '', max: '' }];
  }

  removeGroup(index: number): void {
    this.groups = this.groups.filter((_, i) => i !== index);
  }

  /** Turns the typed groups into group limits, or lists what is wrong with them. */
  private parseGroups(): { name: string; members: string[]; lower?: number; upper?: number }[] | undefined {
    const errors: string[] = [];
    const selected = this.selectedAssets;
    const parsed = this.groups.map((group) => {
      const members = group.members
        .split(',')
        .map((m) => m.trim())
        .filter((m) => m !== '');
      const unknown = members.filter((m) => !selected.includes(m));
      if (members.length === 0) errors.push(`${group.name}: name at least one asset.`);
      if (unknown.length > 0)
        errors.push(
          `${group.name}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the chosen assets.`
        );
      const limit = (text: string, label: string) => {
        if (text.trim() === '') return undefined;
        const value = Number(text) / 100;
        if (!Number.isFinite(value)) errors.push(`${group.name}: the ${label} "${text}" is not a number.`);
        return value;
      };
      return { name: group.name, members, lower: limit(group.min, 'minimum'), upper: limit(group.max, 'maximum') };
    });
    this.groupErrors = errors;
    return errors.length > 0 ? undefined : parsed;
  }

  async run(): Promise<void> {
    if (!this.prices) return;
    const groups = this.parseGroups();
    if (!groups) return;
    const assets = this.selectedAssets;
    if (assets.length < 2) {
      this.selectionMessage = 'Choose at least two assets.';
      return;
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.running = true;
    this.report = undefined;
    this.failure = undefined;
    this.targetsWritten = false;
    try {
      const outcome = await optimizeInWorker(
        {
          prices: assets.length === this.prices.assets.length ? this.prices : selectAssets(this.prices, assets),
          estimation: {
            expectedReturns: { kind: this.mu } as ExpectedReturnsConfig,
            riskModel: this.riskModel(),
            frequency: periodsPerYear(this.prices.dates),
            blackLitterman: this.blackLittermanConfig()
          },
          objective: this.objectiveConfig(),
          constraints: { bounds: [this.lowerBound, this.upperBound], groups },
          riskFreeRate: this.riskFreeRate
        },
        { signal: abort.signal, onProgress: (p) => (this.progress = p) }
      );
      if (outcome.ok) this.report = outcome.value;
      else this.failure = outcome.error;
    } catch (error) {
      if ((error as Error).name !== 'AbortError')
        this.failure = { code: 'invalid-input', message: (error as Error).message };
    } finally {
      if (this.abort === abort) {
        this.running = false;
        this.progress = undefined;
        this.abort = undefined;
      }
    }
  }

  cancel(): void {
    this.abort?.abort();
  }

  /**
   * Writes the cleaned weights as the chosen portfolio's targets (cash target 0). Assets the
   * portfolio does not hold are added with quantity 0 at their latest price. Undo restores the
   * previous targets.
   */
  async useAsTargets(): Promise<void> {
    const report = this.report;
    const prices = this.prices;
    const portfolioId = this.targetPortfolioId;
    if (!report || !prices || portfolioId === undefined) return;
    const repos = await appRepositories();
    const portfolio = await repos.portfolios.get(portfolioId);
    if (!portfolio) {
      this.targetIssues = [{ code: 'unknown-portfolio', field: 'portfolio', value: portfolioId }];
      return;
    }
    const holdings = await repos.holdings.list(portfolioId);
    const before: TargetsSnapshot = {
      portfolioId,
      portfolioName: portfolio.name,
      targets: Object.fromEntries(holdings.map((h) => [h.symbol, h.targetWeight])),
      cashTarget: portfolio.cashTarget
    };
    const weights = cleanWeights(report.result.weights);
    const n = prices.assets.length;
    const issues: ValidationIssue[] = [];
    for (let i = 0; i < report.result.assets.length; i++) {
      const symbol = report.result.assets[i].toUpperCase();
      if (weights[i] <= 0 || holdings.some((h) => h.symbol === symbol)) continue;
      let price = Number.NaN;
      for (let t = prices.dates.length - 1; t >= 0 && Number.isNaN(price); t--) price = prices.values[t * n + i];
      const saved = await guardStorage(() =>
        repos.holdings.save(portfolioId, {
          symbol,
          name: symbol,
          assetClass: 'equity',
          quantity: 0,
          price,
          currency: portfolio.baseCurrency,
          lotSize: 1
        })
      );
      if (!saved.ok) issues.push(...saved.error);
    }
    if (issues.length > 0) {
      this.targetIssues = issues;
      return;
    }
    const targets: Record<string, number> = Object.fromEntries(holdings.map((h) => [h.symbol, 0]));
    report.result.assets.forEach((asset, i) => {
      if (weights[i] > 0) targets[asset.toUpperCase()] = weights[i];
    });
    const written = await guardStorage(() => repos.portfolios.setTargets(portfolioId, targets, 0));
    if (!written.ok) {
      this.targetIssues = written.error;
      return;
    }
    this.targetIssues = [];
    this.lastTargets = before;
    this.targetsWritten = true;
  }

  async undoTargets(): Promise<void> {
    const snapshot = this.lastTargets;
    if (!snapshot) return;
    const repos = await appRepositories();
    await guardStorage(() => repos.portfolios.setTargets(snapshot.portfolioId, snapshot.targets, snapshot.cashTarget));
    this.lastTargets = undefined;
    this.targetsWritten = false;
  }
}
