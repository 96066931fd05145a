/**
 * The checks of a price file (wide or long) as a report: every problem with its line and
 * column; errors block an import, warnings do not. The reading itself is price-file-reader.ts.
 */
import { tokenizeCsv } from './csv-tokenizer';
import type { DateFormat } from './date-format';
import { PriceFileReader, type PriceReadOptions, type PriceReadResult } from './price-file-reader';

export { longFormatColumns, proposeMapping, type PriceMapping } from './price-file-reader';

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
  | 'extreme-move'
  // Holdings and transactions files
  | 'missing-column'
  | 'missing-value'
  | 'negative-quantity'
  | 'bad-currency'
  | 'currency-assumed'
  | 'unknown-type'
  | 'unknown-symbol'
  | 'oversell'
  | 'unknown-lot'
  | 'not-a-currency-pair';

/** What a checked file holds. */
export type CheckKind = 'prices' | 'holdings' | 'transactions';

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
  kind: CheckKind;
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

/** Checks a whole price text at once (the command line, tests); imports stream instead. */
export function checkPriceFile(text: string, options: PriceReadOptions = {}): PriceCheckReport {
  return readPriceText(text, options).report;
}

/** Tokenizes and reads a whole text: the report and, with `collect`, the prices. */
export function readPriceText(text: string, options: PriceReadOptions = {}): PriceReadResult {
  const reader = new PriceFileReader(options);
  const { errors, delimiter } = tokenizeCsv(text, undefined, (row) => reader.row(row));
  return reader.finish(errors, delimiter);
}
