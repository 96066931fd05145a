/**
 * Checks a wide price file (a date column, then one column per asset) the way the import will
 * read it, and reports every problem with its line and column: errors block an import, warnings
 * do not. Decimal separator, delimiter and date format are decided once per file.
 */
import { tokenizeCsv } from './csv-tokenizer';
import { detectDateFormat, parseDateCell, type DateFormat } from './date-format';
import { detectDecimalSeparator, parseNumberCell } from './number-format';

export type CheckCode =
  | 'unclosed-quote'
  | 'nul-byte'
  | 'empty-file'
  | 'no-assets'
  | 'duplicate-asset'
  | 'wrong-field-count'
  | 'unknown-date-format'
  | 'ambiguous-date-format'
  | 'bad-date'
  | 'bad-number'
  | 'duplicate-date'
  | 'date-out-of-order'
  | 'non-positive-price'
  | 'weekend-date'
  | 'long-gap'
  | 'extreme-move';

export interface CheckIssue {
  line: number;
  column: string;
  code: CheckCode;
  /** The facts a sentence needs (value, expected, previous date, …). */
  details: Record<string, string | number>;
}

export interface PriceCheckOptions {
  /** Force a date format (for example after the user resolved an ambiguity). */
  dateFormat?: DateFormat;
  /** Warn about gaps longer than this many calendar days (default 10). */
  maxGapDays?: number;
  /** Warn about one-period moves larger than this fraction (default 0.5: a possible split). */
  extremeMove?: number;
  /** Report at most this many issues per list; the counts stay exact (default 100). */
  limit?: number;
}

export interface PriceCheckReport {
  ok: boolean;
  kind: 'prices';
  rows: number;
  assets: string[];
  from: string | null;
  to: string | null;
  errors: CheckIssue[];
  warnings: CheckIssue[];
  errorCount: number;
  warningCount: number;
  delimiter: string;
  decimal: '.' | ',';
  dateFormat: DateFormat | null;
}

const DAY = 86_400_000;

export function checkPriceFile(text: string, options: PriceCheckOptions = {}): PriceCheckReport {
  const limit = options.limit ?? 100;
  const maxGap = options.maxGapDays ?? 10;
  const extreme = options.extremeMove ?? 0.5;
  const errors: CheckIssue[] = [];
  const warnings: CheckIssue[] = [];
  let errorCount = 0;
  let warningCount = 0;
  const error = (issue: CheckIssue) => {
    errorCount++;
    if (errors.length < limit) errors.push(issue);
  };
  const warn = (issue: CheckIssue) => {
    warningCount++;
    if (warnings.length < limit) warnings.push(issue);
  };

  const { rows, errors: tokenErrors, delimiter } = tokenizeCsv(text);
  for (const e of tokenErrors) error({ line: e.line, column: `column ${e.column}`, code: e.code, details: {} });
  const report = (
    assets: string[],
    dataRows: number,
    from: string | null,
    to: string | null,
    decimal: '.' | ',',
    dateFormat: DateFormat | null
  ): PriceCheckReport => ({
    ok: errorCount === 0,
    kind: 'prices',
    rows: dataRows,
    assets,
    from,
    to,
    errors,
    warnings,
    errorCount,
    warningCount,
    delimiter,
    decimal,
    dateFormat
  });
  if (rows.length === 0) {
    error({ line: 1, column: '', code: 'empty-file', details: {} });
    return report([], 0, null, null, '.', null);
  }
  const header = rows[0].fields.map((name) => name.trim());
  const longColumns = longFormatColumns(header);
  if (longColumns) return checkLongRows(rows, header, longColumns, options, report, error, warn, limit);
  const assets = header.slice(1);
  const dateColumn = header[0] || 'date';
  if (assets.length === 0) error({ line: rows[0].line, column: dateColumn, code: 'no-assets', details: {} });
  const seen = new Set<string>();
  for (const asset of assets) {
    if (seen.has(asset))
      error({ line: rows[0].line, column: asset, code: 'duplicate-asset', details: { value: asset } });
    seen.add(asset);
  }
  const body = rows.slice(1);
  const decimal = detectDecimalSeparator(body.slice(0, 500).flatMap((row) => row.fields.slice(1)));
  let dateFormat: DateFormat | null = options.dateFormat ?? null;
  if (!dateFormat) {
    const detected = detectDateFormat(body.map((row) => row.fields[0] ?? ''));
    if ('format' in detected) dateFormat = detected.format;
    else if ('ambiguous' in detected) {
      error({
        line: body[0]?.line ?? 2,
        column: dateColumn,
        code: 'ambiguous-date-format',
        details: { formats: detected.ambiguous.join(', ') }
      });
      return report(assets, body.length, null, null, decimal, null);
    } else {
      error({
        line: body[0]?.line ?? 2,
        column: dateColumn,
        code: 'unknown-date-format',
        details: { value: body[0]?.fields[0] ?? '' }
      });
      return report(assets, body.length, null, null, decimal, null);
    }
  }

  const firstLine = new Map<string, number>();
  let previousDate: string | undefined;
  let previousTime = Number.NaN;
  const last = new Array<number>(assets.length).fill(Number.NaN);
  let from: string | null = null;
  let to: string | null = null;
  for (const row of body) {
    if (row.fields.length !== header.length) {
      error({
        line: row.line,
        column: '',
        code: 'wrong-field-count',
        details: { expected: header.length, found: row.fields.length }
      });
      continue;
    }
    const date = parseDateCell(row.fields[0], dateFormat);
    if (!date) {
      error({
        line: row.line,
        column: dateColumn,
        code: 'bad-date',
        details: { value: row.fields[0].slice(0, 40), format: dateFormat }
      });
      continue;
    }
    const time = Date.parse(`${date}T00:00:00Z`);
    if (firstLine.has(date))
      error({
        line: row.line,
        column: dateColumn,
        code: 'duplicate-date',
        details: { value: date, firstLine: firstLine.get(date)! }
      });
    else if (previousDate !== undefined && date < previousDate) {
      error({
        line: row.line,
        column: dateColumn,
        code: 'date-out-of-order',
        details: { value: date, previous: previousDate }
      });
    } else {
      const weekday = new Date(time).getUTCDay();
      if (weekday === 0 || weekday === 6)
        warn({
          line: row.line,
          column: dateColumn,
          code: 'weekend-date',
          details: { value: date, day: weekday === 0 ? 'Sunday' : 'Saturday' }
        });
      if (!Number.isNaN(previousTime) && (time - previousTime) / DAY > maxGap) {
        warn({
          line: row.line,
          column: dateColumn,
          code: 'long-gap',
          details: { value: date, previous: previousDate!, days: Math.round((time - previousTime) / DAY) }
        });
      }
      previousDate = date;
      previousTime = time;
      if (from === null) from = date;
      to = date;
    }
    if (!firstLine.has(date)) firstLine.set(date, row.line);
    for (let j = 0; j < assets.length; j++) {
      const cell = row.fields[j + 1];
      const value = parseNumberCell(cell, decimal);
      if (value === undefined) {
        error({ line: row.line, column: assets[j], code: 'bad-number', details: { value: cell.slice(0, 40) } });
        continue;
      }
      if (Number.isNaN(value)) continue;
      if (value <= 0) {
        error({ line: row.line, column: assets[j], code: 'non-positive-price', details: { value } });
        continue;
      }
      if (!Number.isNaN(last[j]) && Math.abs(value / last[j] - 1) > extreme) {
        warn({
          line: row.line,
          column: assets[j],
          code: 'extreme-move',
          details: { value, previous: last[j], change: value / last[j] - 1 }
        });
      }
      last[j] = value;
    }
  }
  return report(assets, body.length, from, to, decimal, dateFormat);
}

interface LongColumns {
  date: number;
  symbol: number;
  close: number;
  adjusted: number;
  volume: number;
}

/** Recognises a long price file: date, symbol, close, and optionally adjusted close and volume. */
export function longFormatColumns(header: string[]): LongColumns | undefined {
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
 * The long format: one row per (date, symbol). Dates must increase within each symbol and not
 * repeat for it; prices follow the same rules as the wide format. The adjusted close, when
 * present, is the price checked (it is what returns are computed from).
 */
function checkLongRows(
  rows: { line: number; fields: string[] }[],
  header: string[],
  columns: LongColumns,
  options: PriceCheckOptions,
  report: (
    assets: string[],
    rows: number,
    from: string | null,
    to: string | null,
    decimal: '.' | ',',
    dateFormat: DateFormat | null
  ) => PriceCheckReport,
  error: (issue: CheckIssue) => void,
  warn: (issue: CheckIssue) => void,
  _limit: number
): PriceCheckReport {
  const body = rows.slice(1);
  const priceColumn = columns.adjusted >= 0 ? columns.adjusted : columns.close;
  const decimal = detectDecimalSeparator(body.slice(0, 500).map((row) => row.fields[priceColumn] ?? ''));
  let dateFormat: DateFormat | null = options.dateFormat ?? null;
  if (!dateFormat) {
    const detected = detectDateFormat(body.map((row) => row.fields[columns.date] ?? ''));
    if ('format' in detected) dateFormat = detected.format;
    else {
      const ambiguous = 'ambiguous' in detected;
      error({
        line: body[0]?.line ?? 2,
        column: header[columns.date],
        code: ambiguous ? 'ambiguous-date-format' : 'unknown-date-format',
        details: ambiguous
          ? { formats: (detected as { ambiguous: DateFormat[] }).ambiguous.join(', ') }
          : { value: body[0]?.fields[columns.date] ?? '' }
      });
      return report([], body.length, null, null, decimal, null);
    }
  }
  const extreme = options.extremeMove ?? 0.5;
  const state = new Map<string, { lastDate: string; lastPrice: number; dates: Map<string, number> }>();
  let from: string | null = null;
  let to: string | null = null;
  for (const row of body) {
    if (row.fields.length !== header.length) {
      error({
        line: row.line,
        column: '',
        code: 'wrong-field-count',
        details: { expected: header.length, found: row.fields.length }
      });
      continue;
    }
    const symbol = row.fields[columns.symbol].trim();
    const date = parseDateCell(row.fields[columns.date], dateFormat);
    if (!date) {
      error({
        line: row.line,
        column: header[columns.date],
        code: 'bad-date',
        details: { value: row.fields[columns.date].slice(0, 40), format: dateFormat }
      });
      continue;
    }
    const value = parseNumberCell(row.fields[priceColumn], decimal);
    if (value === undefined) {
      error({
        line: row.line,
        column: header[priceColumn],
        code: 'bad-number',
        details: { value: row.fields[priceColumn].slice(0, 40) }
      });
      continue;
    }
    let seen = state.get(symbol);
    if (!seen) {
      seen = { lastDate: '', lastPrice: Number.NaN, dates: new Map() };
      state.set(symbol, seen);
    }
    if (seen.dates.has(date)) {
      error({
        line: row.line,
        column: header[columns.date],
        code: 'duplicate-date',
        details: { value: `${date} (${symbol})`, firstLine: seen.dates.get(date)! }
      });
      continue;
    }
    seen.dates.set(date, row.line);
    if (seen.lastDate !== '' && date < seen.lastDate) {
      error({
        line: row.line,
        column: header[columns.date],
        code: 'date-out-of-order',
        details: { value: `${date} (${symbol})`, previous: seen.lastDate }
      });
      continue;
    }
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6)
      warn({
        line: row.line,
        column: header[columns.date],
        code: 'weekend-date',
        details: { value: date, day: weekday === 0 ? 'Sunday' : 'Saturday' }
      });
    seen.lastDate = date;
    if (from === null || date < from) from = date;
    if (to === null || date > to) to = date;
    if (Number.isNaN(value)) continue;
    if (value <= 0) {
      error({ line: row.line, column: header[priceColumn], code: 'non-positive-price', details: { value } });
      continue;
    }
    if (!Number.isNaN(seen.lastPrice) && Math.abs(value / seen.lastPrice - 1) > extreme) {
      warn({
        line: row.line,
        column: header[priceColumn],
        code: 'extreme-move',
        details: { value, previous: seen.lastPrice, change: value / seen.lastPrice - 1 }
      });
    }
    seen.lastPrice = value;
  }
  return report([...state.keys()], body.length, from, to, decimal, dateFormat);
}
