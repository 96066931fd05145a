/**
 * Importing a holdings or transactions file into one portfolio: read and check it in the
 * import worker, show what it holds and every problem, and on "Replace" swap the portfolio's
 * lots (and, for transactions, its cash) in one transaction; undo puts the old ones back.
 */
import type { DateFormat } from '../core/io/date-format';
import type { PositionsSnapshot } from '../db/repositories/holdings';
import { readPositionsFileInWorker, type PositionsKind, type PositionsRead } from '../services/import-service';
import { latestPrices } from '../core/prices/price-series';
import { appRepositories } from './database';
import { headerKey } from './price-import.svelte';

/** The values of a list without repeats, in first-seen order. */
const distinct = (values: string[]) => values.filter((value, index) => values.indexOf(value) === index);

export class PositionsImportState {
  phase = $state<'idle' | 'reading' | 'review' | 'saving'>('idle');
  fileName = $state('');
  result = $state.raw<PositionsRead | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  lastImport = $state.raw<{ message: string; snapshot: PositionsSnapshot } | undefined>(undefined);
  private file: File | undefined;

  constructor(
    private readonly portfolioId: number,
    private readonly baseCurrency: () => string,
    private readonly changed: () => Promise<void>
  ) {}

  /** The date format the user chose when the file's dates could be read two ways. */
  dateFormat = $state<DateFormat | undefined>(undefined);
  /** Columns the user chose for fields (field → column index, −1 for none). */
  columns = $state<Record<string, number>>({});
  /** When the way of reading came from one saved for this header: when it was saved. */
  savedAt = $state<number | undefined>(undefined);

  /** Reads a newly chosen file; a way of reading saved for the same header is used again. */
  async choose(file: File): Promise<void> {
    this.file = file;
    this.fileName = file.name;
    this.dateFormat = undefined;
    this.columns = {};
    this.savedAt = undefined;
    await this.read(undefined);
    const header = this.result?.header;
    if (!header) return;
    const saved = (await (await appRepositories()).settings.get('positionMappings'))[headerKey(header)];
    if (saved) {
      this.dateFormat = saved.dateFormat ?? undefined;
      this.columns = { ...saved.columns };
      this.savedAt = saved.savedAt;
      await this.read(saved.kind);
    }
  }

  private async read(kind: PositionsKind | undefined): Promise<void> {
    const file = this.file;
    if (!file) return;
    this.error = undefined;
    this.result = undefined;
    this.phase = 'reading';
    try {
      this.result = await readPositionsFileInWorker(file, {
        kind,
        dateFormat: this.dateFormat,
        columns: $state.snapshot(this.columns)
      });
      this.phase = 'review';
    } catch (error) {
      this.phase = 'idle';
      this.error = `${file.name} could not be read: ${(error as Error).message}`;
    }
  }

  /** Reads the same file again with the date format the user chose. */
  async readWithDateFormat(format: DateFormat): Promise<void> {
    this.dateFormat = format;
    await this.read(this.result?.kind);
  }

  /** Reads the same file again with a field taken from another column (−1: none). */
  async readWithColumn(field: string, column: number): Promise<void> {
    this.columns = { ...this.columns, [field]: column };
    await this.read(this.result?.kind);
  }

  /** Reads the same file again as the other kind (the guess from its header was wrong). */
  async readAs(kind: PositionsKind): Promise<void> {
    this.columns = {};
    await this.read(kind);
  }

  /** Cash the import sets: the base-currency cash the transactions leave (never below zero). */
  get cash(): { amount: number | undefined; foreign: string[]; negative: boolean } {
    const result = this.result;
    if (!result || result.kind === 'holdings') return { amount: undefined, foreign: [], negative: false };
    const base = this.baseCurrency();
    const inBase = result.cash.filter((c) => c.currency === '' || c.currency === base);
    const total = Math.round(inBase.reduce((sum, c) => sum + c.amount, 0) * 1e8) / 1e8;
    const foreign = result.cash.filter((c) => !(c.currency === '' || c.currency === base) && c.amount !== 0);
    return {
      amount: Math.max(0, total),
      foreign: foreign.map((c) => `${c.amount} ${c.currency} in ${c.account}`),
      negative: total < 0
    };
  }

  async save(): Promise<void> {
    const result = this.result;
    if (!result || !result.report.ok) return;
    this.phase = 'saving';
    try {
      const repos = await appRepositories();
      const symbols = distinct(result.lots.map((lot) => lot.symbol.trim().toUpperCase()));
      // Symbols with a stored price history get its last close as their price.
      const latest = latestPrices(await repos.prices.getMany(symbols));
      const saved = await repos.holdings.replacePositions(
        this.portfolioId,
        result.lots,
        this.cash.amount,
        latest,
        result.kind === 'transactions' ? result.transactions : undefined
      );
      if (!saved.ok) {
        this.phase = 'review';
        this.error = 'The portfolio no longer exists.';
        return;
      }
      const mappings = await repos.settings.get('positionMappings');
      mappings[headerKey(result.header)] = {
        kind: result.kind,
        columns: $state.snapshot(this.columns),
        dateFormat: this.dateFormat ?? null,
        savedAt: Date.now()
      };
      await repos.settings.set('positionMappings', mappings);
      const accounts = distinct(result.lots.map((lot) => lot.account)).length;
      this.lastImport = {
        message: `Replaced the holdings with ${result.lots.length} lots of ${symbols.length} assets in ${accounts} account${accounts === 1 ? '' : 's'} from ${this.fileName}.`,
        snapshot: saved.value
      };
      this.phase = 'idle';
      this.result = undefined;
      await this.changed();
    } catch (error) {
      this.phase = 'review';
      this.error = `Nothing was changed: the browser refused the write (${(error as Error).name}).`;
    }
  }

  async undo(): Promise<void> {
    const last = this.lastImport;
    if (!last) return;
    await (await appRepositories()).holdings.restorePositions(last.snapshot);
    this.lastImport = undefined;
    await this.changed();
  }

  discard(): void {
    this.phase = 'idle';
    this.result = undefined;
    this.error = undefined;
  }
}
