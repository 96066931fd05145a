/**
 * Reads a price file row by row — wide (a date column, then one column per asset) or long
 * (date, symbol, price) — checking every row the way an import must, and, when asked, keeping
 * the prices as typed arrays per asset. Rows arrive from CsvStreamTokenizer, so a 50 MB file is
 * never held as rows; the first 2,000 rows are buffered only to decide the date format and the
 * decimal separator once per file.
 */
import { ArrayRowView, type CsvRowView, type CsvTokenError } from './csv-tokenizer';
import { detectDateFormat, parseDateCell, type DateFormat } from './date-format';
import { detectDecimalSeparator, type DecimalSeparator } from './number-format';
import type { CheckIssue, PriceCheckOptions, PriceCheckReport } from './check-prices';
import { dayNumber, type PriceSeries } from '../prices/price-series';
import { currencyPair } from '../prices/fx';

/** Which columns hold what: confirmed by the user before an import (column indices). */
export type PriceMapping =
  { format: 'wide'; date: number; assets: number[] } | { format: 'long'; date: number; symbol: number; price: number };

export interface PriceReadOptions extends PriceCheckOptions {
  /** The columns to read; proposed from the header when absent (see proposeMapping). */
  mapping?: PriceMapping;
  /** Keep the prices (an import), not only the checks. */
  collect?: boolean;
  /**
   * What the series are: prices (the default), exchange rates (columns or symbols must be
   * currency pairs, stored as "EUR/USD"), or economic indicators (zero and negative values
   * allowed, no warnings about large moves).
   */
  seriesKind?: 'price' | 'fx' | 'indicator';
}

export interface PriceReadResult {
  report: PriceCheckReport;
  header: string[];
  mapping: PriceMapping | undefined;
  /** One series per asset with at least one price (only when `collect`). */
  series: PriceSeries[];
  /** Warnings that concern each asset: its own, and those of the dates it shares in a wide file. */
  warningsBySeries: Record<string, number>;
}

/** Recognises a long file by its header: date, symbol and close, optionally an adjusted close. */
export function longFormatColumns(
  header: string[]
): { date: number; symbol: number; close: number; adjusted: number; volume: number } | undefined {
  const names = header.map((h) =>
    h
      .toLowerCase()
      .replace(/[\s_]+/g, ' ')
      .trim()
  );
  const find = (...candidates: string[]) => names.findIndex((name) => candidates.includes(name));
  const date = find('date', 'day', 'time', 'timestamp');
  const symbol = find('symbol', 'ticker', 'asset', 'isin');
  const close = find('close', 'price', 'last');
  if (date < 0 || symbol < 0 || close < 0) return undefined;
  return {
    date,
    symbol,
    close,
    adjusted: find('adj close', 'adjusted close', 'adjclose', 'adj. close'),
    volume: find('volume')
  };
}

/**
 * The mapping a header suggests: long when it names date, symbol and close (the adjusted close
 * is preferred: returns are computed from it), else wide with the first column as the date.
 */
export function proposeMapping(header: string[]): PriceMapping {
  const long = longFormatColumns(header);
  if (long)
    return {
      format: 'long',
      date: long.date,
      symbol: long.symbol,
      price: long.adjusted >= 0 ? long.adjusted : long.close
    };
  return { format: 'wide', date: 0, assets: header.map((_, i) => i).slice(1) };
}

/**
 * Rows buffered to decide the date format; the decimal separator looks at the price cells of the
 * first 500 rows, or of fewer rows once 20,000 cells are in (a file with many columns). When the
 * rows so far all have ISO dates the format is settled (ISO is never ambiguous): buffering stops.
 */
const SAMPLE_ROWS = 2000;
const DECIMAL_SAMPLE_ROWS = 500;
const DECIMAL_SAMPLE_CELLS = 20_000;
const DAY = 86_400_000;

class GrowingArray<T extends Float64Array | Int32Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = value;
  }
  /** Room for at least `size` entries (doubling), for callers that write `data` directly. */
  reserve(size: number): void {
    if (size <= this.data.length) return;
    const bigger = this.make(Math.max(64, this.data.length * 2, size));
    bigger.set(this.data);
    this.data = bigger;
  }
  trimmed(): T {
    return this.data.slice(0, this.length) as T;
  }
}
const growingFloats = () => new GrowingArray(new Float64Array(64), (size) => new Float64Array(size));
const growingDays = () => new GrowingArray(new Int32Array(64), (size) => new Int32Array(size));

interface SymbolState {
  lastDate: string;
  lastPrice: number;
  /** Every accepted date's day number and line, increasing: a repeat is found by bisection. */
  seenDays: GrowingArray<Int32Array>;
  seenLines: GrowingArray<Int32Array>;
  days: GrowingArray<Int32Array>;
  closes: GrowingArray<Float64Array>;
}

/** The line where a symbol's date first appeared, by bisection over its increasing days. */
function findLine(state: SymbolState, day: number): number | undefined {
  const days = state.seenDays.data;
  let lo = 0;
  let hi = state.seenDays.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid] === day) return state.seenLines.data[mid];
    if (days[mid] < day) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export class PriceFileReader {
  private readonly limit: number;
  private readonly errors: CheckIssue[] = [];
  private readonly warnings: CheckIssue[] = [];
  private errorCount = 0;
  private warningCount = 0;
  private header: string[] | undefined;
  private headerLine = 1;
  private mapping: PriceMapping | undefined;
  private sample: ArrayRowView[] = [];
  private decided = false;
  /** The date format could not be decided: rows are counted, not read. */
  private blocked = false;
  private rows = 0;
  private decimal: DecimalSeparator = '.';
  private dateFormat: DateFormat | null;
  private from: string | null = null;
  private to: string | null = null;
  // Wide files
  private assets: string[] = [];
  private previousDate: string | undefined;
  private previousTime = Number.NaN;
  private readonly firstLine = new Map<string, number>();
  private last = new Float64Array(0);
  private wideDays = growingDays();
  private wideColumns: GrowingArray<Float64Array>[] = [];
  // Long files
  private readonly symbols = new Map<string, SymbolState>();

  private readonly extreme: number;
  private readonly allowNonPositive: boolean;

  constructor(private readonly options: PriceReadOptions = {}) {
    this.limit = options.limit ?? 100;
    this.extreme = options.seriesKind === 'indicator' ? Number.POSITIVE_INFINITY : (options.extremeMove ?? 0.5);
    this.allowNonPositive = options.seriesKind === 'indicator';
    this.dateFormat = options.dateFormat ?? null;
  }

  private error(issue: CheckIssue): void {
    this.errorCount++;
    if (this.errors.length < this.limit) this.errors.push(issue);
  }

  /** The asset a warning being raised concerns (undefined: the whole row, every asset). */
  private warningAsset: string | undefined;
  private fileWarnings = 0;
  private readonly assetWarnings = new Map<string, number>();

  private warn(issue: CheckIssue): void {
    if (this.warningAsset === undefined) this.fileWarnings++;
    else this.assetWarnings.set(this.warningAsset, (this.assetWarnings.get(this.warningAsset) ?? 0) + 1);
    this.warningCount++;
    if (this.warnings.length < this.limit) this.warnings.push(issue);
  }

  /** Feed one tokenized row (the header first); the view is only read, never kept. */
  row(row: CsvRowView): void {
    if (!this.header) {
      this.start(
        row.toArray().map((name) => name.trim()),
        row.line
      );
      return;
    }
    this.rows++;
    if (!this.decided) {
      this.sample.push(new ArrayRowView(row.toArray(), row.line));
      if (this.sample.length >= SAMPLE_ROWS || (this.decimalSampleFull() && this.isoSoFar())) this.decide();
      return;
    }
    if (this.blocked) return;
    if (this.mapping!.format === 'wide') this.wideRow(row);
    else this.longRow(row);
  }

  /** Ends the file: the report, and the series when collecting. */
  finish(tokenErrors: CsvTokenError[], delimiter: string): PriceReadResult {
    if (this.header && !this.decided) this.decide();
    const errors: CheckIssue[] = tokenErrors.map((e) => ({
      line: e.line,
      column: `column ${e.column}`,
      code: e.code,
      details: {}
    }));
    if (!this.header) errors.push({ line: 1, column: '', code: 'empty-file', details: {} });
    const errorCount = errors.length + this.errorCount;
    const long = this.mapping?.format === 'long';
    const report: PriceCheckReport = {
      ok: errorCount === 0,
      kind: 'prices',
      rows: this.rows,
      assets: long ? (this.blocked ? [] : [...this.symbols.keys()]) : this.assets,
      from: this.blocked ? null : this.from,
      to: this.blocked ? null : this.to,
      errors: [...errors, ...this.errors].slice(0, this.limit),
      warnings: this.warnings,
      errorCount,
      warningCount: this.warningCount,
      delimiter,
      decimal: this.decimal,
      dateFormat: this.blocked ? null : this.dateFormat
    };
    const series = this.collected();
    const warningsBySeries = Object.fromEntries(
      series.map((s) => [s.symbol, this.fileWarnings + (this.assetWarnings.get(s.symbol) ?? 0)])
    );
    return { report, header: this.header ?? [], mapping: this.mapping, series, warningsBySeries };
  }

  private collected(): PriceSeries[] {
    if (!this.options.collect || this.blocked || !this.mapping) return [];
    const series: PriceSeries[] = [];
    if (this.mapping.format === 'long') {
      for (const [symbol, state] of this.symbols) {
        if (state.days.length > 0) series.push({ symbol, days: state.days.trimmed(), closes: state.closes.trimmed() });
      }
      return series;
    }
    const days = this.wideDays.data;
    this.assets.forEach((symbol, j) => {
      const column = this.wideColumns[j].data;
      let count = 0;
      for (let t = 0; t < this.wideDays.length; t++) if (!Number.isNaN(column[t])) count++;
      if (count === 0) return;
      const out = { symbol, days: new Int32Array(count), closes: new Float64Array(count) };
      let k = 0;
      for (let t = 0; t < this.wideDays.length; t++) {
        if (Number.isNaN(column[t])) continue;
        out.days[k] = days[t];
        out.closes[k++] = column[t];
      }
      series.push(out);
    });
    return series;
  }

  private start(header: string[], line: number): void {
    this.header = header;
    this.headerLine = line;
    this.mapping = this.options.mapping ?? proposeMapping(header);
    if (this.mapping.format === 'long') return;
    this.assets = this.mapping.assets.map((column) => header[column] ?? `column ${column + 1}`);
    if (this.options.seriesKind === 'fx') {
      this.assets = this.assets.map((name) => {
        const pair = currencyPair(name);
        if (!pair) this.error({ line, column: name, code: 'not-a-currency-pair', details: { value: name } });
        return pair ?? name;
      });
    }
    if (this.assets.length === 0)
      this.error({ line, column: header[this.mapping.date] || 'date', code: 'no-assets', details: {} });
    const seen = new Set<string>();
    for (const asset of this.assets) {
      if (seen.has(asset)) this.error({ line, column: asset, code: 'duplicate-asset', details: { value: asset } });
      seen.add(asset);
    }
    this.last = new Float64Array(this.assets.length).fill(Number.NaN);
    if (this.options.collect) this.wideColumns = this.assets.map(() => growingFloats());
  }

  private decimalSampleFull(): boolean {
    const perRow = this.mapping!.format === 'wide' ? Math.max(1, this.mapping!.assets.length) : 1;
    const rows = Math.min(DECIMAL_SAMPLE_ROWS, Math.ceil(DECIMAL_SAMPLE_CELLS / perRow));
    return this.sample.length === rows;
  }

  /** Whether the date format is settled already: given by the caller, or ISO in every row so far. */
  private isoSoFar(): boolean {
    if (this.dateFormat) return true;
    const column = this.mapping!.date;
    return this.sample.every((row) => parseDateCell(row.fields[column] ?? '', 'iso') !== undefined);
  }

  /** Decides decimal separator and date format from the buffered rows, then reads them. */
  private decide(): void {
    this.decided = true;
    const mapping = this.mapping!;
    const sample = this.sample;
    this.sample = [];
    const priceCells = (
      mapping.format === 'wide'
        ? sample
            .slice(0, DECIMAL_SAMPLE_ROWS)
            .flatMap((row) => mapping.assets.map((column) => row.fields[column] ?? ''))
        : sample.slice(0, DECIMAL_SAMPLE_ROWS).map((row) => row.fields[mapping.price] ?? '')
    ).slice(0, DECIMAL_SAMPLE_CELLS);
    this.decimal = detectDecimalSeparator(priceCells);
    const dateColumnName = this.header![mapping.date] || 'date';
    if (!this.dateFormat) {
      const detected = detectDateFormat(sample.map((row) => row.fields[mapping.date] ?? ''));
      if ('format' in detected) this.dateFormat = detected.format;
      else {
        const ambiguous = 'ambiguous' in detected;
        this.error({
          line: sample[0]?.line ?? this.headerLine + 1,
          column: dateColumnName,
          code: ambiguous ? 'ambiguous-date-format' : 'unknown-date-format',
          details: ambiguous
            ? { formats: (detected as { ambiguous: DateFormat[] }).ambiguous.join(', ') }
            : { value: sample[0]?.fields[mapping.date] ?? '' }
        });
        this.blocked = true;
        return;
      }
    }
    for (const row of sample) {
      if (mapping.format === 'wide') this.wideRow(row);
      else this.longRow(row);
    }
  }

  private checkWeekend(line: number, column: string, date: string, time: number): void {
    const weekday = new Date(time).getUTCDay();
    if (weekday === 0 || weekday === 6)
      this.warn({
        line,
        column,
        code: 'weekend-date',
        details: { value: date, day: weekday === 0 ? 'Sunday' : 'Saturday' }
      });
  }

  /** A price cell: NaN for empty, undefined after reporting an error, else the price. */
  private price(row: CsvRowView, k: number, column: string): number | undefined {
    const value = row.number(k, this.decimal);
    const line = row.line;
    if (value === undefined) {
      this.error({ line, column, code: 'bad-number', details: { value: row.field(k).slice(0, 40) } });
      return undefined;
    }
    if (Number.isNaN(value)) return value;
    if (value <= 0 && !this.allowNonPositive) {
      this.error({ line, column, code: 'non-positive-price', details: { value } });
      return undefined;
    }
    return value;
  }

  private extremeMove(line: number, column: string, value: number, previous: number): void {
    const extreme = this.extreme;
    if (!Number.isNaN(previous) && Math.abs(value / previous - 1) > extreme)
      this.warn({ line, column, code: 'extreme-move', details: { value, previous, change: value / previous - 1 } });
  }

  /** Whether a row has as many fields as the header; an error naming the line when not. */
  private fieldCountMatches(row: CsvRowView): boolean {
    const expected = this.header!.length;
    if (row.length === expected) return true;
    this.error({ line: row.line, column: '', code: 'wrong-field-count', details: { expected, found: row.length } });
    return false;
  }

  /** A row's date as ISO, or undefined after an error naming the line and column. */
  private rowDate(row: CsvRowView, column: number, columnName: string): string | undefined {
    const cell = row.field(column);
    const date = parseDateCell(cell, this.dateFormat!);
    if (!date)
      this.error({
        line: row.line,
        column: columnName,
        code: 'bad-date',
        details: { value: cell.slice(0, 40), format: this.dateFormat! }
      });
    return date;
  }

  private wideRow(row: CsvRowView): void {
    const line = row.line;
    const header = this.header!;
    const mapping = this.mapping as Extract<PriceMapping, { format: 'wide' }>;
    const dateColumn = header[mapping.date] || 'date';
    if (!this.fieldCountMatches(row)) return;
    const date = this.rowDate(row, mapping.date, dateColumn);
    if (!date) return;
    const day = dayNumber(date);
    const time = day * DAY;
    let accepted = false;
    if (this.firstLine.has(date))
      this.error({
        line,
        column: dateColumn,
        code: 'duplicate-date',
        details: { value: date, firstLine: this.firstLine.get(date)! }
      });
    else if (this.previousDate !== undefined && date < this.previousDate) {
      this.error({
        line,
        column: dateColumn,
        code: 'date-out-of-order',
        details: { value: date, previous: this.previousDate }
      });
    } else {
      accepted = true;
      this.checkWeekend(line, dateColumn, date, time);
      const maxGap = this.options.maxGapDays ?? 10;
      if (!Number.isNaN(this.previousTime) && (time - this.previousTime) / DAY > maxGap) {
        this.warn({
          line,
          column: dateColumn,
          code: 'long-gap',
          details: { value: date, previous: this.previousDate!, days: Math.round((time - this.previousTime) / DAY) }
        });
      }
      this.previousDate = date;
      this.previousTime = time;
      if (this.from === null) this.from = date;
      this.to = date;
    }
    if (!this.firstLine.has(date)) this.firstLine.set(date, line);
    const collect = accepted && this.options.collect;
    const at = this.wideDays.length;
    if (collect) {
      this.wideDays.push(day);
      if (at === this.wideColumns[0]?.data.length) for (const column of this.wideColumns) column.reserve(at + 1);
    }
    const columns = mapping.assets;
    const last = this.last;
    const extreme = this.extreme;
    const decimal = this.decimal;
    for (let j = 0; j < columns.length; j++) {
      let value = row.number(columns[j], decimal);
      // Anything but an ordinary price (not a number, ≤ 0) goes the slow way with its error.
      if (value === undefined || value <= 0) value = this.price(row, columns[j], this.assets[j]);
      if (collect) this.wideColumns[j].data[at] = value ?? Number.NaN;
      if (value === undefined || value !== value) continue;
      const previous = last[j];
      // The common case (no previous price or an ordinary move) costs one comparison.
      if (previous === previous && Math.abs(value / previous - 1) > extreme) {
        this.warningAsset = this.assets[j];
        this.extremeMove(line, this.assets[j], value, previous);
        this.warningAsset = undefined;
      }
      last[j] = value;
    }
  }

  /**
   * Long files: dates must increase within each symbol and not repeat for it; prices follow the
   * same rules as in wide files.
   */
  private longRow(row: CsvRowView): void {
    const line = row.line;
    this.warningAsset = undefined;
    const header = this.header!;
    const mapping = this.mapping as Extract<PriceMapping, { format: 'long' }>;
    const dateColumn = header[mapping.date];
    if (!this.fieldCountMatches(row)) return;
    let symbol = row.field(mapping.symbol).trim();
    if (this.options.seriesKind === 'fx') {
      const pair = currencyPair(symbol);
      if (!pair) {
        this.error({ line, column: header[mapping.symbol], code: 'not-a-currency-pair', details: { value: symbol } });
        return;
      }
      symbol = pair;
    }
    const date = this.rowDate(row, mapping.date, dateColumn);
    if (!date) return;
    const priceColumn = header[mapping.price];
    const value = row.number(mapping.price, this.decimal);
    if (value === undefined) {
      this.error({
        line,
        column: priceColumn,
        code: 'bad-number',
        details: { value: row.field(mapping.price).slice(0, 40) }
      });
      return;
    }
    let seen = this.symbols.get(symbol);
    if (!seen) {
      seen = {
        lastDate: '',
        lastPrice: Number.NaN,
        seenDays: growingDays(),
        seenLines: growingDays(),
        days: growingDays(),
        closes: growingFloats()
      };
      this.symbols.set(symbol, seen);
    }
    const day = dayNumber(date);
    if (seen.lastDate !== '' && date <= seen.lastDate) {
      const firstLine = findLine(seen, day);
      if (firstLine !== undefined)
        this.error({
          line,
          column: dateColumn,
          code: 'duplicate-date',
          details: { value: `${date} (${symbol})`, firstLine }
        });
      else
        this.error({
          line,
          column: dateColumn,
          code: 'date-out-of-order',
          details: { value: `${date} (${symbol})`, previous: seen.lastDate }
        });
      return;
    }
    seen.seenDays.push(day);
    seen.seenLines.push(line);
    this.warningAsset = symbol;
    this.checkWeekend(line, dateColumn, date, day * DAY);
    seen.lastDate = date;
    if (this.from === null || date < this.from) this.from = date;
    if (this.to === null || date > this.to) this.to = date;
    if (Number.isNaN(value)) return;
    if (value <= 0 && !this.allowNonPositive) {
      this.error({ line, column: priceColumn, code: 'non-positive-price', details: { value } });
      return;
    }
    this.extremeMove(line, priceColumn, value, seen.lastPrice);
    this.warningAsset = undefined;
    seen.lastPrice = value;
    if (this.options.collect) {
      seen.days.push(day);
      seen.closes.push(value);
    }
  }
}
