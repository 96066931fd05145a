/**
 * The AI signals page's state: the price data, the forecaster's and the regime model's readings
 * of it with their explanations, headline scores, and the four model cards (whose out-of-sample
 * verdicts the page shows next to each output). The models run in the signals worker; this class
 * holds choices and results only.
 */
import type { ModelKind } from '../core/ml/contracts';
import { monthStarts } from '../core/ml/forecaster';
import type { ForecastReport, RegimeReport } from '../core/ml/predictions';
import type { SentimentResult } from '../core/ml/sentiment';
import { periodsPerYear, type PriceTable } from '../core/returns/return-table';
import { describeCsvError } from '../messages/en';
import { DEMO_DATASETS, loadDataset, parsePriceFile } from '../services/optimize-service';
import {
  builtInModel,
  forecastInWorker,
  loadModel,
  modelCard,
  regimesInWorker,
  sentimentInWorker,
  type ModelCardSummary
} from '../services/signals-service';
import { appRepositories } from './database';
import { storedPriceTable } from './stored-prices';
import type { ModelRecord } from '../db/schema';
import { checkModelFile, type ModelRef } from '../services/signals-service';
import { STORED_PRICES } from './optimize.svelte';

export const MODEL_KINDS_SHOWN: readonly ModelKind[] = ['forecaster', 'regimes', 'policy', 'sentiment'];

/** One headline line: "AAPL: text" names the asset; a line without a known prefix has none. */
export interface Headline {
  asset?: string;
  text: string;
}

export function parseHeadlines(text: string, assets: readonly string[]): Headline[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^([A-Za-z0-9.^-]{1,12})\s*[:|]\s*(.+)$/.exec(line);
      return match && assets.includes(match[1].toUpperCase())
        ? { asset: match[1].toUpperCase(), text: match[2] }
        : { text: line };
    });
}

export class SignalsState {
  datasets = DEMO_DATASETS;
  datasetId = $state(DEMO_DATASETS[0].id);
  storedCount = $state(0);
  prices = $state.raw<PriceTable | undefined>(undefined);
  sourceName = $state<string | undefined>(undefined);
  datasetError = $state<string | undefined>(undefined);
  loadingDataset = $state(false);

  cards = $state.raw<Partial<Record<ModelKind, ModelCardSummary>>>({});
  cardError = $state<string | undefined>(undefined);
  /** The card shown in the dialog. */
  openCard = $state<ModelKind | undefined>(undefined);

  /** Model loading: which one and, after, how long it took. */
  modelStatus = $state<string | undefined>(undefined);
  forecast = $state.raw<ForecastReport | undefined>(undefined);
  forecastError = $state<string | undefined>(undefined);
  /** The asset whose forecast the explanation chart shows. */
  explained = $state<string | undefined>(undefined);
  regimes = $state.raw<RegimeReport[]>([]);
  regimeError = $state<string | undefined>(undefined);
  computing = $state(false);

  headlineText = $state('');
  headlines = $state.raw<Headline[]>([]);
  sentiment = $state.raw<SentimentResult[]>([]);
  sentimentError = $state<string | undefined>(undefined);
  scoring = $state(false);

  /** The user's own models (bytes included: they are handed to the worker). */
  userModels = $state.raw<ModelRecord[]>([]);
  /** Which user model replaces the built-in one, per kind. */
  active = $state.raw<Partial<Record<ModelKind, number>>>({});
  importKind = $state<ModelKind>('forecaster');
  importError = $state<string | undefined>(undefined);
  importMessage = $state<string | undefined>(undefined);
  importing = $state(false);
  lastDeleted = $state.raw<ModelRecord | undefined>(undefined);
  private deletedWasInUse = false;

  private loads = 0;
  /** The runtime and forecaster loading, started by init; the first computation reports its time. */
  private warming: ReturnType<typeof loadModel> | undefined;

  get dataset() {
    return this.datasets.find((d) => d.id === this.datasetId) ?? this.datasets[0];
  }

  get dataName(): string {
    return this.sourceName ?? this.dataset.title;
  }

  /** The latest regime reading (the page's headline). */
  get currentRegime(): RegimeReport | undefined {
    return this.regimes.at(-1);
  }

  async init(): Promise<void> {
    // Start the model runtime while the data loads: it is the slow part of the first forecast.
    this.warming = loadModel(this.refFor('forecaster'));
    this.warming.catch(() => undefined);
    void this.loadCards();
    const repos = await appRepositories();
    this.userModels = await repos.models.list();
    const active = await repos.settings.get('activeModels');
    this.active = Object.fromEntries(
      Object.entries(active).filter(([, id]) => this.userModels.some((m) => m.id === id))
    ) as Partial<Record<ModelKind, number>>;
    this.storedCount = (await repos.prices.summaries()).filter((s) => (s.kind ?? 'price') === 'price').length;
    await this.loadData();
  }

  async loadCards(): Promise<void> {
    try {
      const entries = await Promise.all(MODEL_KINDS_SHOWN.map(async (kind) => [kind, await modelCard(kind)] as const));
      this.cards = Object.fromEntries(entries);
    } catch (error) {
      this.cardError = `The model cards could not be read: ${(error as Error).message}`;
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
        await this.usePrices(stored.table);
        return;
      }
      const parsed = await loadDataset(this.dataset);
      if (load !== this.loads) return;
      if (!parsed.ok) {
        this.datasetError = `The data set could not be read: ${describeCsvError(this.dataset.file, parsed.error)}.`;
        return;
      }
      this.sourceName = undefined;
      await this.usePrices(parsed.value);
    } catch (error) {
      this.datasetError = (error as Error).message;
    } finally {
      if (load === this.loads) this.loadingDataset = false;
    }
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
      else {
        this.sourceName = file.name;
        await this.usePrices(parsed.value);
      }
    } catch (error) {
      this.datasetError = `${file.name} could not be read: ${(error as Error).message}`;
    } finally {
      if (load === this.loads) this.loadingDataset = false;
    }
  }

  private async usePrices(prices: PriceTable): Promise<void> {
    this.prices = prices;
    this.forecast = undefined;
    this.regimes = [];
    await this.computeSignals();
  }

  /** Forecasts at the last date and the regime at each month's first trading day. */
  async computeSignals(): Promise<void> {
    const prices = this.prices;
    if (!prices) return;
    if (periodsPerYear(prices.dates) < 200) {
      this.forecastError =
        'The models read daily prices (their features span 21 to 252 trading days); this data set is not daily.';
      this.regimeError = undefined;
      return;
    }
    this.computing = true;
    this.forecastError = undefined;
    this.regimeError = undefined;
    try {
      this.modelStatus = 'Loading the models…';
      const loaded = await (this.warming ?? loadModel(this.refFor('forecaster')));
      this.warming = undefined;
      this.modelStatus = loaded.wasOpen
        ? 'Models ready.'
        : `Models loaded on this device in ${Math.round(loaded.ms)} ms.`;
      try {
        this.forecast = await forecastInWorker(this.refFor('forecaster'), prices);
        if (this.forecast.forecasts.length === 0)
          this.forecastError = 'No asset has the 253 days of prices the forecaster needs.';
        this.explained = [...this.forecast.forecasts].sort((a, b) => b.returnForecast - a.returnForecast)[0]?.asset;
      } catch (error) {
        this.forecastError = `The forecaster failed: ${(error as Error).message}`;
      }
      try {
        const starts = monthStarts(prices.dates);
        const last = prices.dates.length - 1;
        const bars = starts.at(-1) === last ? starts : [...starts, last];
        this.regimes = await regimesInWorker(this.refFor('regimes'), prices, bars);
        if (this.regimes.length === 0)
          this.regimeError = 'The regime model needs a year of prices of at least two assets.';
      } catch (error) {
        this.regimeError = `The regime model failed: ${(error as Error).message}`;
      }
    } catch (error) {
      this.modelStatus = undefined;
      this.forecastError = `The models could not be loaded: ${(error as Error).message}`;
    } finally {
      this.computing = false;
    }
  }

  async scoreHeadlines(): Promise<void> {
    const headlines = parseHeadlines(this.headlineText, this.prices?.assets ?? []);
    if (headlines.length === 0) {
      this.sentimentError = 'Paste at least one headline (one per line; "AAPL: …" ties it to an asset).';
      return;
    }
    this.scoring = true;
    this.sentimentError = undefined;
    try {
      this.sentiment = await sentimentInWorker(
        this.refFor('sentiment'),
        headlines.map((h) => h.text)
      );
      this.headlines = headlines;
    } catch (error) {
      this.sentimentError = `The sentiment model failed: ${(error as Error).message}`;
    } finally {
      this.scoring = false;
    }
  }

  /** Mean bullish-minus-bearish score per asset over the scored headlines that name it. */
  get sentimentByAsset(): { asset: string; score: number; headlines: number }[] {
    const by: Record<string, number[]> = {};
    this.headlines.forEach((h, i) => {
      const r = this.sentiment[i];
      if (h.asset && r) (by[h.asset] ??= []).push(r.scores.bullish - r.scores.bearish);
    });
    return Object.entries(by).map(([asset, scores]) => ({
      asset,
      score: scores.reduce((a, b) => a + b, 0) / scores.length,
      headlines: scores.length
    }));
  }

  /** The user's model of a kind when one is chosen, else the built-in one. */
  refFor(kind: ModelKind): ModelRef {
    const id = this.active[kind];
    const own = id !== undefined ? this.userModels.find((m) => m.id === id) : undefined;
    return own ? { key: `user:${own.id}`, kind, bytes: own.bytes } : builtInModel(kind);
  }

  /** The user's model in use for a kind, if any (the page then shows no card verdict). */
  userModelFor(kind: ModelKind): ModelRecord | undefined {
    const id = this.active[kind];
    return id !== undefined ? this.userModels.find((m) => m.id === id) : undefined;
  }

  /**
   * Imports an .onnx file for the chosen kind: checked against the contract and loaded once in
   * the worker before it is stored; a mismatch is explained and nothing is saved.
   */
  async importModel(file: File): Promise<void> {
    const kind = this.importKind;
    this.importing = true;
    this.importError = undefined;
    this.importMessage = undefined;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const check = await checkModelFile(bytes, kind);
      if (!check.ok) {
        this.importError = `${file.name} was not stored. ${check.message}`;
        return;
      }
      const repos = await appRepositories();
      const saved = await repos.models.add({ kind, name: file.name, bytes });
      this.userModels = [...this.userModels, saved];
      await this.useModel(kind, saved.id);
      this.importMessage = `${file.name} matches the ${kind} contract; it is stored on this device and now in use.`;
    } catch (error) {
      this.importError = `${file.name} was not stored: ${(error as Error).message}`;
    } finally {
      this.importing = false;
    }
  }

  /** Uses a stored model for its kind (or the built-in one with `undefined`), and recomputes. */
  async useModel(kind: ModelKind, id: number | undefined): Promise<void> {
    const next = { ...this.active };
    if (id === undefined) delete next[kind];
    else next[kind] = id;
    this.active = next;
    const repos = await appRepositories();
    await repos.settings.set('activeModels', next as Record<string, number>);
    if (kind === 'forecaster' || kind === 'regimes') await this.computeSignals();
    if (kind === 'sentiment' && this.sentiment.length > 0) await this.scoreHeadlines();
  }

  async removeModel(id: number): Promise<void> {
    const repos = await appRepositories();
    const removed = await repos.models.remove(id);
    if (!removed) return;
    this.userModels = this.userModels.filter((m) => m.id !== id);
    this.lastDeleted = removed;
    const kind = removed.kind as ModelKind;
    this.deletedWasInUse = this.active[kind] === id;
    if (this.deletedWasInUse) await this.useModel(kind, undefined);
  }

  async undoRemove(): Promise<void> {
    const record = this.lastDeleted;
    if (!record) return;
    const repos = await appRepositories();
    await repos.models.restore(record);
    this.userModels = [...this.userModels, record].sort((a, b) => a.id - b.id);
    this.lastDeleted = undefined;
    // Undo puts everything back: a model that was in use is in use again.
    if (this.deletedWasInUse) await this.useModel(record.kind as ModelKind, record.id);
  }

  sentimentSaved = $state<string | undefined>(undefined);

  /** Keeps the per-asset sentiment for the Optimize page, which may add it as low-confidence views. */
  async saveSentimentViews(): Promise<void> {
    const byAsset = this.sentimentByAsset;
    if (byAsset.length === 0) return;
    const repos = await appRepositories();
    await repos.settings.set(
      'sentimentViews',
      byAsset.map((a) => ({ ...a, savedAt: Date.now() }))
    );
    this.sentimentSaved = `Saved the sentiment of ${byAsset.map((a) => a.asset).join(', ')}; on the Optimize page, "Add headline-sentiment views" uses it.`;
  }

  /** Reads headlines from a text or CSV file (one per line) into the box. */
  async loadHeadlineFile(file: File): Promise<void> {
    const text = await file.text();
    if (text.includes('\u0000')) {
      this.sentimentError = `${file.name} is not a text file.`;
      return;
    }
    this.headlineText = text;
    this.sentimentError = undefined;
  }
}
