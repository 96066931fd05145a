/**
 * A transactions file (a broker's activity export): date, account, type, symbol, quantity,
 * price, fees, amount, currency, and optionally the specific lot a sale draws on and the account
 * a transfer goes to. Rows are read and checked here; replay-transactions.ts turns them into
 * holdings and tax lots and finds sales of more than is held.
 */
import type { DateFormat } from './date-format';
import type { PriceCheckReport } from './check-prices';
import { RecordFile, type ColumnSpec } from './record-file';
import { DEFAULT_ACCOUNT } from './holdings-file';
import { replayTransactions, type ReplayResult } from '../portfolio/replay-transactions';

export const TRANSACTION_TYPES = [
  'buy',
  'sell',
  'dividend',
  'interest',
  'deposit',
  'withdrawal',
  'fee',
  'split',
  'transfer'
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export interface Transaction {
  line: number;
  date: string;
  account: string;
  type: TransactionType;
  symbol: string | null;
  /** Shares (buy, sell, transfer) or the split ratio (2 for a 2-for-1 split). */
  quantity: number | null;
  price: number | null;
  fees: number;
  /** Cash amount (dividend, interest, deposit, withdrawal, fee), always positive. */
  amount: number | null;
  currency: string | null;
  /** For a sale from a specific lot: that lot's acquired date. */
  lot: string | null;
  toAccount: string | null;
}

type Column =
  'date' | 'account' | 'type' | 'symbol' | 'quantity' | 'price' | 'fees' | 'amount' | 'currency' | 'lot' | 'toAccount';

const COLUMNS: Record<Column, ColumnSpec> = {
  date: { names: ['date', 'trade date', 'transaction date', 'settlement date'], required: true },
  account: { names: ['account', 'account name', 'account id'], required: false },
  type: { names: ['type', 'action', 'transaction type', 'activity', 'activity type'], required: true },
  symbol: { names: ['symbol', 'ticker', 'isin', 'asset', 'security'], required: false },
  quantity: { names: ['quantity', 'qty', 'shares', 'units', 'ratio'], required: false },
  price: { names: ['price', 'unit price', 'price per share'], required: false },
  fees: { names: ['fees', 'fee', 'commission', 'commissions'], required: false },
  amount: { names: ['amount', 'net amount', 'value', 'total'], required: false },
  currency: { names: ['currency', 'ccy', 'cur'], required: false },
  lot: { names: ['lot', 'lot date', 'specific lot', 'lot acquired'], required: false },
  toAccount: { names: ['to account', 'destination account', 'target account'], required: false }
};

const SYNONYMS: Record<string, TransactionType> = {
  buy: 'buy',
  bought: 'buy',
  purchase: 'buy',
  sell: 'sell',
  sold: 'sell',
  sale: 'sell',
  dividend: 'dividend',
  dividends: 'dividend',
  div: 'dividend',
  interest: 'interest',
  deposit: 'deposit',
  contribution: 'deposit',
  withdrawal: 'withdrawal',
  withdraw: 'withdrawal',
  fee: 'fee',
  fees: 'fee',
  charge: 'fee',
  split: 'split',
  'stock split': 'split',
  transfer: 'transfer'
};

const NEEDS: Record<TransactionType, ('symbol' | 'quantity' | 'price' | 'amount' | 'toAccount')[]> = {
  buy: ['symbol', 'quantity', 'price'],
  sell: ['symbol', 'quantity', 'price'],
  dividend: ['symbol', 'amount'],
  interest: ['amount'],
  deposit: ['amount'],
  withdrawal: ['amount'],
  fee: ['amount'],
  split: ['symbol', 'quantity'],
  transfer: ['symbol', 'quantity', 'toAccount']
};

/** The fields of a transactions file, in the order a mapping form shows them. */
export type TransactionsColumn = Column;
export const TRANSACTIONS_COLUMNS = COLUMNS;

export interface TransactionsRead {
  report: PriceCheckReport;
  header: string[];
  /** Which column each field was read from. */
  columns: Partial<Record<Column, number>>;
  transactions: Transaction[];
  /** Holdings, lots and cash after every transaction (only when no row was unreadable). */
  replay: ReplayResult | undefined;
}

export function readTransactionsFile(
  text: string,
  options: { dateFormat?: DateFormat; limit?: number; columns?: Partial<Record<Column, number>> } = {}
): TransactionsRead {
  const file = new RecordFile<Column>(text, COLUMNS, {
    dateColumns: ['date', 'lot'],
    numberColumns: ['quantity', 'price', 'fees', 'amount'],
    ...options
  });
  const transactions: Transaction[] = [];
  const optionalNumber = (row: Parameters<typeof file.cell>[0], key: Column, name: string) =>
    file.columns[key] === undefined ? Number.NaN : file.number(row, key, name);
  let unreadable = false;
  for (const row of file.usable ? file.rows : []) {
    if (row.fields.length !== file.header.length) {
      file.issues.error({
        line: row.line,
        column: '',
        code: 'wrong-field-count',
        details: { expected: file.header.length, found: row.fields.length }
      });
      unreadable = true;
      continue;
    }
    const rawType = file.cell(row, 'type');
    const type = SYNONYMS[rawType.toLowerCase()];
    if (!type) {
      file.issues.error({
        line: row.line,
        column: file.columnName('type', 'type'),
        code: 'unknown-type',
        details: { value: rawType.slice(0, 40) }
      });
      unreadable = true;
      continue;
    }
    const date = file.date(row, 'date', 'date');
    const lot = file.date(row, 'lot', 'lot');
    const quantity = optionalNumber(row, 'quantity', 'quantity');
    const price = optionalNumber(row, 'price', 'price');
    const fees = optionalNumber(row, 'fees', 'fees');
    const amount = optionalNumber(row, 'amount', 'amount');
    const currency = file.currency(row, 'currency', 'currency');
    if (
      date === undefined ||
      lot === undefined ||
      quantity === undefined ||
      price === undefined ||
      fees === undefined ||
      amount === undefined ||
      currency === undefined
    ) {
      unreadable = true;
      continue;
    }
    if (date === null) {
      file.issues.error({
        line: row.line,
        column: file.columnName('date', 'date'),
        code: 'missing-value',
        details: {}
      });
      unreadable = true;
      continue;
    }
    const symbol = file.cell(row, 'symbol') || null;
    const toAccount = file.cell(row, 'toAccount') || null;
    // A dividend may give shares × price instead of an amount.
    const cash = Number.isNaN(amount)
      ? type === 'dividend' && !Number.isNaN(quantity) && !Number.isNaN(price)
        ? quantity * price
        : Number.NaN
      : Math.abs(amount);
    const present = {
      symbol: symbol !== null,
      quantity: !Number.isNaN(quantity),
      price: !Number.isNaN(price),
      amount: !Number.isNaN(cash),
      toAccount: toAccount !== null
    };
    const missing = NEEDS[type].find((need) => !present[need]);
    if (missing) {
      file.issues.error({
        line: row.line,
        column: file.columnName(missing, missing === 'toAccount' ? 'to account' : missing),
        code: 'missing-value',
        details: { type }
      });
      unreadable = true;
      continue;
    }
    if ((!Number.isNaN(quantity) && quantity <= 0 && type !== 'dividend') || (!Number.isNaN(price) && price < 0)) {
      file.issues.error({
        line: row.line,
        column: quantity <= 0 ? file.columnName('quantity', 'quantity') : file.columnName('price', 'price'),
        code: 'negative-quantity',
        details: { value: quantity <= 0 ? quantity : price }
      });
      unreadable = true;
      continue;
    }
    transactions.push({
      line: row.line,
      date,
      account: file.cell(row, 'account') || DEFAULT_ACCOUNT,
      type,
      symbol,
      quantity: Number.isNaN(quantity) ? null : quantity,
      price: Number.isNaN(price) ? null : price,
      fees: Number.isNaN(fees) ? 0 : Math.abs(fees),
      amount: Number.isNaN(cash) ? null : cash,
      currency,
      lot,
      toAccount
    });
  }
  // Replaying a file with unreadable rows would report sales against a history with holes.
  const replay =
    file.usable && !unreadable
      ? replayTransactions(transactions, file.issues, {
          columns: {
            symbol: file.columnName('symbol', 'symbol'),
            quantity: file.columnName('quantity', 'quantity'),
            lot: file.columnName('lot', 'lot')
          }
        })
      : undefined;
  const symbols = [...new Set(transactions.flatMap((t) => (t.symbol ? [t.symbol] : [])))];
  return {
    report: file.report(
      'transactions',
      symbols,
      transactions.map((t) => t.date)
    ),
    header: file.header,
    columns: file.columns,
    transactions,
    replay
  };
}
