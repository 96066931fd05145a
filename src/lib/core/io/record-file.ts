/**
 * Files of records with named columns — holdings and transactions exports from brokers: the
 * header is matched against known names (case, spaces and underscores ignored), every cell is
 * read strictly (numbers with the file's decimal separator, dates in the file's one format,
 * currencies as three-letter codes) and every problem is kept with its line and column. Shared
 * by holdings-file.ts and transactions-file.ts.
 */
import { tokenizeCsv, type CsvRow } from './csv-tokenizer';
import { detectDateFormat, parseDateCell, type DateFormat } from './date-format';
import { detectDecimalSeparator, parseNumberCell, type DecimalSeparator } from './number-format';
import type { CheckIssue, CheckKind, PriceCheckReport } from './check-prices';

export interface ColumnSpec {
  /** Names the header may use for this column (compared in lower case, `_` as space). */
  names: string[];
  required: boolean;
}

/** Collects problems: every one counted, the first `limit` of each list kept. */
export class IssueCollector {
  readonly errors: CheckIssue[] = [];
  readonly warnings: CheckIssue[] = [];
  errorCount = 0;
  warningCount = 0;
  constructor(private readonly limit = 100) {}
  error(issue: CheckIssue): void {
    this.errorCount++;
    if (this.errors.length < this.limit) this.errors.push(issue);
  }
  warn(issue: CheckIssue): void {
    this.warningCount++;
    if (this.warnings.length < this.limit) this.warnings.push(issue);
  }
}

const normalise = (name: string) =>
  name
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();

/** A tokenized record file with its columns found and its formats decided. */
export class RecordFile<K extends string> {
  readonly header: string[];
  readonly rows: CsvRow[];
  readonly columns: Partial<Record<K, number>>;
  readonly delimiter: string;
  readonly decimal: DecimalSeparator;
  readonly dateFormat: DateFormat | null;
  readonly issues: IssueCollector;
  /** False when a required column is missing or the dates cannot be read: no row is usable. */
  readonly usable: boolean;

  constructor(
    text: string,
    specs: Record<K, ColumnSpec>,
    options: {
      dateColumns: K[];
      numberColumns: K[];
      dateFormat?: DateFormat;
      limit?: number;
      /** Columns the user chose (index, or -1 for "not in this file"); the rest found by name. */
      columns?: Partial<Record<K, number>>;
    }
  ) {
    this.issues = new IssueCollector(options.limit);
    const { rows, errors, delimiter } = tokenizeCsv(text);
    this.delimiter = delimiter;
    for (const e of errors)
      this.issues.error({ line: e.line, column: `column ${e.column}`, code: e.code, details: {} });
    this.header = (rows[0]?.fields ?? []).map((h) => h.trim());
    this.rows = rows.slice(1);
    const names = this.header.map(normalise);
    const columns: Partial<Record<K, number>> = {};
    let usable = rows.length > 0;
    if (rows.length === 0) this.issues.error({ line: 1, column: '', code: 'empty-file', details: {} });
    for (const key of Object.keys(specs) as K[]) {
      const chosen = options.columns?.[key];
      const index =
        chosen !== undefined && chosen < names.length
          ? chosen
          : names.findIndex((name) => specs[key].names.includes(name));
      if (index >= 0) columns[key] = index;
      else if (specs[key].required && rows.length > 0) {
        usable = false;
        this.issues.error({
          line: 1,
          column: specs[key].names[0],
          code: 'missing-column',
          details: { value: specs[key].names[0], names: specs[key].names.join(', ') }
        });
      }
    }
    this.columns = columns;
    const cells = (keys: K[]) =>
      keys.flatMap((key) =>
        columns[key] === undefined ? [] : this.rows.slice(0, 500).map((row) => row.fields[columns[key]!] ?? '')
      );
    this.decimal = detectDecimalSeparator(cells(options.numberColumns));
    let dateFormat: DateFormat | null = options.dateFormat ?? null;
    const dateCells = cells(options.dateColumns).filter((cell) => cell.trim() !== '');
    if (!dateFormat && dateCells.length > 0) {
      const detected = detectDateFormat(dateCells);
      if ('format' in detected) dateFormat = detected.format;
      else {
        usable = false;
        const key = options.dateColumns.find((k) => columns[k] !== undefined)!;
        const ambiguous = 'ambiguous' in detected;
        this.issues.error({
          line: this.rows[0]?.line ?? 2,
          column: this.header[columns[key]!],
          code: ambiguous ? 'ambiguous-date-format' : 'unknown-date-format',
          details: ambiguous
            ? { formats: (detected as { ambiguous: DateFormat[] }).ambiguous.join(', ') }
            : { value: dateCells[0] }
        });
      }
    }
    this.dateFormat = dateFormat;
    this.usable = usable;
  }

  /** The raw cell of a column ('' when the column is absent or the row short). */
  cell(row: CsvRow, key: K): string {
    const index = this.columns[key];
    return index === undefined ? '' : (row.fields[index] ?? '').trim();
  }

  columnName(key: K, fallback: string): string {
    const index = this.columns[key];
    return index === undefined ? fallback : this.header[index];
  }

  /** A number cell: undefined (error reported) when unreadable, NaN when empty. */
  number(row: CsvRow, key: K, fallback: string): number | undefined {
    const raw = this.cell(row, key);
    const value = parseNumberCell(raw, this.decimal);
    if (value === undefined)
      this.issues.error({
        line: row.line,
        column: this.columnName(key, fallback),
        code: 'bad-number',
        details: { value: raw.slice(0, 40) }
      });
    return value;
  }

  /** A date cell as ISO: undefined (error reported) when unreadable, null when empty. */
  date(row: CsvRow, key: K, fallback: string): string | null | undefined {
    const raw = this.cell(row, key);
    if (raw === '') return null;
    const date = this.dateFormat ? parseDateCell(raw, this.dateFormat) : undefined;
    if (!date)
      this.issues.error({
        line: row.line,
        column: this.columnName(key, fallback),
        code: 'bad-date',
        details: { value: raw.slice(0, 40), format: this.dateFormat ?? 'iso' }
      });
    return date;
  }

  /** A currency cell: upper-cased three-letter code, null when empty, undefined when invalid. */
  currency(row: CsvRow, key: K, fallback: string): string | null | undefined {
    const raw = this.cell(row, key);
    if (raw === '') return null;
    const code = raw.toUpperCase();
    if (/^[A-Z]{3}$/.test(code)) return code;
    this.issues.error({
      line: row.line,
      column: this.columnName(key, fallback),
      code: 'bad-currency',
      details: { value: raw.slice(0, 40) }
    });
    return undefined;
  }

  /** The report shape `keel check` prints. */
  report(kind: CheckKind, assets: string[], dates: string[]): PriceCheckReport {
    const sorted = [...dates].sort();
    return {
      ok: this.issues.errorCount === 0,
      kind,
      rows: this.rows.length,
      assets,
      from: sorted[0] ?? null,
      to: sorted[sorted.length - 1] ?? null,
      errors: this.issues.errors,
      warnings: this.issues.warnings,
      errorCount: this.issues.errorCount,
      warningCount: this.issues.warningCount,
      delimiter: this.delimiter,
      decimal: this.decimal,
      dateFormat: this.dateFormat
    };
  }
}
