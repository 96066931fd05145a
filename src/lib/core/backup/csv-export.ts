/**
 * CSV export that spreadsheet programs cannot turn into formulas: a cell starting with
 * "=", "+", "-", "@", a tab, a carriage return or NUL is prefixed with an apostrophe (OWASP's
 * advice), except plain numbers such as "-12.5", which stay numbers. Fields with the delimiter,
 * quotes or line breaks are quoted.
 */

const DANGEROUS_FIRST = new Set(['=', '+', '-', '@', '\t', '\r', '\u0000']);
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

export function escapeCsvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (DANGEROUS_FIRST.has(text.charAt(0)) && !(typeof value === 'number' || PLAIN_NUMBER.test(text))) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((row) => row.map(escapeCsvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Price series as a long CSV (date, symbol, close), in pieces of about 1 MB so a large store
 * becomes a Blob without one giant string. Reading it back gives the same series.
 */
export function priceSeriesCsv(series: { symbol: string; days: Int32Array; closes: Float64Array }[]): string[] {
  const pieces: string[] = ['date,symbol,close\r\n'];
  let piece = '';
  for (const s of series) {
    const symbol = escapeCsvCell(s.symbol);
    for (let t = 0; t < s.days.length; t++) {
      piece += `${new Date(s.days[t] * 86_400_000).toISOString().slice(0, 10)},${symbol},${s.closes[t]}\r\n`;
      if (piece.length > 1_000_000) {
        pieces.push(piece);
        piece = '';
      }
    }
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/** The columns of a transactions export: the import's own, so the file reads back the same. */
export const TRANSACTION_CSV_COLUMNS = [
  'date',
  'account',
  'type',
  'symbol',
  'quantity',
  'price',
  'fees',
  'amount',
  'currency',
  'lot',
  'to account'
];

export function transactionsCsv(
  rows: {
    date: string;
    account: string;
    type: string;
    symbol: string | null;
    quantity: number | null;
    price: number | null;
    fees: number;
    amount: number | null;
    currency: string | null;
    lot: string | null;
    toAccount: string | null;
  }[]
): string {
  return toCsv(
    TRANSACTION_CSV_COLUMNS,
    rows.map((t) => [
      t.date,
      t.account,
      t.type,
      t.symbol,
      t.quantity,
      t.price,
      t.fees,
      t.amount,
      t.currency,
      t.lot,
      t.toAccount
    ])
  );
}
