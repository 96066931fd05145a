/**
 * A holdings file (a broker's positions export): account, symbol, quantity, cost basis, acquired
 * date, currency — one row per position or per tax lot. Symbols are kept exactly as written
 * (leading zeros too); amounts are read exactly as decimal text.
 */
import type { DateFormat } from './date-format';
import type { PriceCheckReport } from './check-prices';
import { RecordFile, type ColumnSpec } from './record-file';

export interface HoldingRow {
  line: number;
  account: string;
  symbol: string;
  quantity: number;
  /** Total cost of the position or lot, in `currency`; null when not given. */
  costBasis: number | null;
  acquired: string | null;
  /** Null when the file has no currency: the portfolio's base currency applies. */
  currency: string | null;
}

/** A lot to store, wherever it came from (a holdings row, or transactions replayed). */
export type PositionLot = Omit<HoldingRow, 'line'>;

type Column = 'account' | 'symbol' | 'quantity' | 'costBasis' | 'acquired' | 'currency';

const COLUMNS: Record<Column, ColumnSpec> = {
  account: { names: ['account', 'account name', 'account id'], required: false },
  symbol: { names: ['symbol', 'ticker', 'isin', 'asset', 'security'], required: true },
  quantity: { names: ['quantity', 'qty', 'shares', 'units', 'position'], required: true },
  costBasis: { names: ['cost basis', 'costbasis', 'cost', 'book value', 'total cost'], required: false },
  acquired: {
    names: ['acquired', 'acquired date', 'date acquired', 'purchase date', 'open date', 'date'],
    required: false
  },
  currency: { names: ['currency', 'ccy', 'cur'], required: false }
};

/** The account rows without one belong to. */
export const DEFAULT_ACCOUNT = 'Main';

/** The fields of a holdings file, in the order a mapping form shows them. */
export type HoldingsColumn = Column;
export const HOLDINGS_COLUMNS = COLUMNS;

export function readHoldingsFile(
  text: string,
  options: { dateFormat?: DateFormat; limit?: number; columns?: Partial<Record<Column, number>> } = {}
): { report: PriceCheckReport; holdings: HoldingRow[]; header: string[]; columns: Partial<Record<Column, number>> } {
  const file = new RecordFile<Column>(text, COLUMNS, {
    dateColumns: ['acquired'],
    numberColumns: ['quantity', 'costBasis'],
    ...options
  });
  const holdings: HoldingRow[] = [];
  if (file.usable && file.columns.currency === undefined && file.rows.length > 0)
    file.issues.warn({ line: 1, column: 'currency', code: 'currency-assumed', details: {} });
  for (const row of file.usable ? file.rows : []) {
    if (row.fields.length !== file.header.length) {
      file.issues.error({
        line: row.line,
        column: '',
        code: 'wrong-field-count',
        details: { expected: file.header.length, found: row.fields.length }
      });
      continue;
    }
    const symbol = file.cell(row, 'symbol');
    if (symbol === '') {
      file.issues.error({
        line: row.line,
        column: file.columnName('symbol', 'symbol'),
        code: 'missing-value',
        details: {}
      });
      continue;
    }
    const quantity = file.number(row, 'quantity', 'quantity');
    const cost = file.columns.costBasis === undefined ? Number.NaN : file.number(row, 'costBasis', 'cost basis');
    const acquired = file.date(row, 'acquired', 'acquired');
    const currency = file.currency(row, 'currency', 'currency');
    if (quantity === undefined || cost === undefined || acquired === undefined || currency === undefined) continue;
    if (Number.isNaN(quantity)) {
      file.issues.error({
        line: row.line,
        column: file.columnName('quantity', 'quantity'),
        code: 'missing-value',
        details: {}
      });
      continue;
    }
    if (quantity < 0 || cost < 0) {
      file.issues.error({
        line: row.line,
        column: quantity < 0 ? file.columnName('quantity', 'quantity') : file.columnName('costBasis', 'cost basis'),
        code: 'negative-quantity',
        details: { value: quantity < 0 ? quantity : cost }
      });
      continue;
    }
    holdings.push({
      line: row.line,
      account: file.cell(row, 'account') || DEFAULT_ACCOUNT,
      symbol,
      quantity,
      costBasis: Number.isNaN(cost) ? null : cost,
      acquired,
      currency
    });
  }
  const symbols = [...new Set(holdings.map((h) => h.symbol))];
  const dates = holdings.flatMap((h) => (h.acquired ? [h.acquired] : []));
  return { report: file.report('holdings', symbols, dates), holdings, header: file.header, columns: file.columns };
}
