/**
 * Importing a price file on the Data page: choose a file → preview and confirm the column
 * mapping → read and check it in the worker (progress, cancel) → review errors and warnings →
 * save every series in one IndexedDB transaction (undo restores what was there before). Nothing
 * is written before "Save". Also lists the stored series for the coverage chart.
 */
import type { DateFormat } from '../core/io/date-format';
import type { PriceMapping, PriceReadResult } from '../core/io/price-file-reader';
import type { PriceSeries } from '../core/prices/price-series';
import type { PriceSeriesSummary, SeriesKind } from '../db/repositories/settings';
import {
  previewPriceFileInWorker,
  pricesCsvInWorker,
  readPriceFileInWorker,
  savePricesInWorker,
  type PricePreview
} from '../services/import-service';
import { appRepositories } from './database';

export type ImportPhase = 'idle' | 'previewing' | 'mapping' | 'reading' | 'review' | 'saving';

/** The key a confirmed mapping is saved under: the header's fields, trimmed. */
export const headerKey = (header: string[]) => header.map((h) => h.trim()).join('\u001f');

interface LastImport {
  message: string;
  /** What the import replaced (restored by undo) and what it added (deleted by undo). */
  previous: PriceSeries[];
  /** Their summaries as they were (source, kind, warnings). */
  summaries: Record<string, PriceSeriesSummary>;
  added: string[];
}

export class PriceImportState {
  phase = $state<ImportPhase>('idle');
  fileName = $state('');
  preview = $state.raw<PricePreview | undefined>(undefined);
  mapping = $state<PriceMapping | undefined>(undefined);
  dateFormat = $state<DateFormat | null>(null);
  /** What the file holds: prices, exchange rates or economic indicators. */
  seriesKind = $state<SeriesKind>('price');
  /** When the mapping came from one saved for the same header: when it was saved. */
  savedMappingAt = $state<number | undefined>(undefined);
  progress = $state(0);
  result = $state.raw<PriceReadResult | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  notice = $state<string | undefined>(undefined);
  lastImport = $state.raw<LastImport | undefined>(undefined);
  stored = $state.raw<PriceSeriesSummary[]>([]);
  private file: File | undefined;
  private controller: AbortController | undefined;

  async load(): Promise<void> {
    const repos = await appRepositories();
    this.stored = await repos.prices.summaries();
  }

  /** Reads the start of the file and proposes a mapping (a saved one for this header wins). */
  async choose(file: File): Promise<void> {
    this.reset();
    this.file = file;
    this.fileName = file.name;
    this.phase = 'previewing';
    try {
      const preview = await previewPriceFileInWorker(file);
      this.preview = preview;
      this.mapping = preview.mapping;
      this.dateFormat = preview.report.dateFormat;
      const saved = (await (await appRepositories()).settings.get('importMappings'))[headerKey(preview.header)];
      if (saved && mappingFits(saved.mapping, preview.header.length)) {
        this.mapping = saved.mapping;
        this.dateFormat = saved.dateFormat ?? this.dateFormat;
        this.savedMappingAt = saved.savedAt;
      }
      this.phase = 'mapping';
    } catch (error) {
      this.phase = 'idle';
      this.error = `${file.name} could not be read: ${(error as Error).message}`;
    }
  }

  /** Reads and checks the whole file in the worker with the confirmed mapping. */
  async read(): Promise<void> {
    if (!this.file || !this.mapping) return;
    this.controller = new AbortController();
    this.phase = 'reading';
    this.progress = 0;
    this.error = undefined;
    this.notice = undefined;
    try {
      this.result = await readPriceFileInWorker(
        this.file,
        {
          mapping: $state.snapshot(this.mapping),
          dateFormat: this.dateFormat ?? undefined,
          seriesKind: this.seriesKind
        },
        { signal: this.controller.signal, onProgress: (p) => (this.progress = p.fraction ?? this.progress) }
      );
      this.phase = 'review';
    } catch (error) {
      this.phase = 'mapping';
      if ((error as Error).name === 'AbortError') this.notice = 'Import cancelled. Nothing was saved.';
      else this.error = `${this.fileName} could not be read: ${(error as Error).message}`;
    } finally {
      this.controller = undefined;
    }
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** Saves every series in one transaction, remembering the mapping for this header. */
  async save(): Promise<void> {
    const result = this.result;
    if (!result || !result.report.ok || result.series.length === 0 || !this.preview) return;
    this.phase = 'saving';
    let saving = false;
    try {
      const repos = await appRepositories();
      const symbols = result.series.map((s) => s.symbol);
      const summaries = Object.fromEntries(
        (await repos.prices.summaries()).filter((s) => symbols.includes(s.symbol)).map((s) => [s.symbol, s])
      );
      // Only series already stored can be replaced (and need keeping for undo): a first import
      // of 600 symbols reads nothing instead of making 600 empty reads.
      const stored = symbols.filter((symbol) => symbol in summaries);
      const found = await repos.prices.getMany(stored);
      const before = symbols.map((symbol) => found[stored.indexOf(symbol)]);
      const points = result.series.reduce((sum, s) => sum + s.days.length, 0);
      // Written by the import worker: the series' buffers move there, so the review cannot be
      // shown again after this line (a failed write asks for the file to be read again).
      saving = true;
      await savePricesInWorker(result.series, {
        source: this.fileName,
        warnings: result.warningsBySeries,
        kind: this.seriesKind
      });
      const mappings = await repos.settings.get('importMappings');
      mappings[headerKey(this.preview.header)] = {
        mapping: $state.snapshot(this.mapping)!,
        dateFormat: this.dateFormat,
        savedAt: Date.now()
      };
      await repos.settings.set('importMappings', mappings);
      const replaced = before.filter((s) => s !== undefined).length;
      this.lastImport = {
        message: `Saved ${symbols.length} price series (${points.toLocaleString('en')} prices) from ${this.fileName}${
          replaced > 0 ? `, replacing the stored history of ${replaced}` : ''
        }.`,
        previous: before.filter((s): s is PriceSeries => s !== undefined),
        summaries,
        added: symbols.filter((_, k) => before[k] === undefined)
      };
      this.reset();
      // Let the page drop the review (hundreds of columns) in one task and list the stored series
      // in the next: together they took ~50 ms of one task on a slow laptop.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await this.load();
    } catch (error) {
      const reason = `the browser refused the write (${(error as Error).name})`;
      if (saving) {
        this.reset();
        this.error = `Nothing was saved: ${reason}. Choose the file again to retry.`;
      } else {
        this.phase = 'review';
        this.error = `Nothing was saved: ${reason}.`;
      }
    }
  }

  /** Puts back what the last import replaced and removes what it added, in one transaction. */
  async undo(): Promise<void> {
    const last = this.lastImport;
    if (!last) return;
    const repos = await appRepositories();
    await repos.prices.putMany(last.previous, { remove: last.added, summaries: last.summaries });
    this.lastImport = undefined;
    this.notice = 'The import was undone.';
    await this.load();
  }

  /** Every stored series as one long CSV (date, symbol, close); the page offers it as a download. */
  async exportCsv(): Promise<Blob> {
    const repos = await appRepositories();
    const symbols = this.stored.map((s) => s.symbol);
    const series = (await repos.prices.getMany(symbols)).filter((s): s is PriceSeries => s !== undefined);
    return pricesCsvInWorker(series);
  }

  async remove(symbol: string): Promise<void> {
    const repos = await appRepositories();
    const previous = await repos.prices.get(symbol);
    await repos.prices.deleteMany([symbol]);
    const summary = this.stored.find((s) => s.symbol === symbol);
    if (previous)
      this.lastImport = {
        message: `Deleted the price history of ${symbol}.`,
        previous: [previous],
        summaries: summary ? { [symbol]: summary } : {},
        added: []
      };
    await this.load();
  }

  reset(): void {
    this.phase = 'idle';
    this.preview = undefined;
    this.mapping = undefined;
    this.result = undefined;
    this.savedMappingAt = undefined;
    this.error = undefined;
    this.progress = 0;
    this.file = undefined;
  }
}

/** A saved mapping only applies when every column it names exists. */
function mappingFits(mapping: PriceMapping, columns: number): boolean {
  const used =
    mapping.format === 'wide' ? [mapping.date, ...mapping.assets] : [mapping.date, mapping.symbol, mapping.price];
  return used.every((c) => Number.isInteger(c) && c >= 0 && c < columns);
}
