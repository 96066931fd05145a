/**
 * Reads a holdings or a transactions file the user chose (small files: read at once) and turns
 * either into the same thing: lots per account, and for transactions the cash they leave. Runs
 * in the import worker; the page stores the result only after the user confirms.
 */
import type { PriceCheckReport } from '../core/io/check-prices';
import type { DateFormat } from '../core/io/date-format';
import { tokenizeCsv } from '../core/io/csv-tokenizer';
import { HOLDINGS_COLUMNS, readHoldingsFile, type PositionLot } from '../core/io/holdings-file';
import { TRANSACTIONS_COLUMNS, readTransactionsFile, type Transaction } from '../core/io/transactions-file';

export type PositionsKind = 'holdings' | 'transactions';

export type { PositionLot } from '../core/io/holdings-file';

export interface PositionsRead {
  kind: PositionsKind;
  report: PriceCheckReport;
  lots: PositionLot[];
  /** Cash by account and currency after the transactions ('' = the file named no currency). */
  cash: { account: string; currency: string; amount: number }[];
  /** How many lot sales the replay realised. */
  realisedCount: number;
  header: string[];
  /** Which column each field was read from (fields without a column are absent). */
  columns: Record<string, number>;
  /** The fields of this kind of file, in form order, and whether each is required. */
  fields: { key: string; required: boolean }[];
  /** The transactions themselves, oldest first (empty for a holdings file). */
  transactions: Omit<Transaction, 'line'>[];
}

/** A header with a transaction type column is a transactions file; anything else, holdings. */
export function detectPositionsKind(header: string[]): PositionsKind {
  const names = header.map((h) =>
    h
      .toLowerCase()
      .replace(/[\s_]+/g, ' ')
      .trim()
  );
  return names.some((n) => ['type', 'action', 'transaction type', 'activity', 'activity type'].includes(n))
    ? 'transactions'
    : 'holdings';
}

async function fileText(file: Blob): Promise<string> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const unpacked = (file.stream() as unknown as ReadableStream<BufferSource>).pipeThrough(
      new DecompressionStream('gzip')
    );
    return new Response(unpacked).text();
  }
  return file.text();
}

/** How the user asked to read the file; anything not given is detected. */
export interface PositionsOptions {
  kind?: PositionsKind;
  dateFormat?: DateFormat;
  /** Field → column index (−1: the file has no such column). */
  columns?: Record<string, number>;
}

const fieldsOf = (specs: Record<string, { required: boolean }>) =>
  Object.entries(specs).map(([key, spec]) => ({ key, required: spec.required }));

export async function readPositionsFile(file: Blob, options: PositionsOptions = {}): Promise<PositionsRead> {
  const { kind, dateFormat, columns } = options;
  const text = await fileText(file);
  const chosen = kind ?? detectPositionsKind(tokenizeCsv(text.slice(0, 4096)).rows[0]?.fields ?? []);
  if (chosen === 'holdings') {
    const read = readHoldingsFile(text, { dateFormat, columns });
    const { report, holdings } = read;
    return {
      kind: chosen,
      report,
      header: read.header,
      columns: read.columns as Record<string, number>,
      fields: fieldsOf(HOLDINGS_COLUMNS),
      lots: holdings.map(({ line: _line, ...lot }) => lot),
      cash: [],
      realisedCount: 0,
      transactions: []
    };
  }
  const read = readTransactionsFile(text, { dateFormat, columns });
  const { report, replay, transactions } = read;
  return {
    kind: chosen,
    report,
    header: read.header,
    columns: read.columns as Record<string, number>,
    fields: fieldsOf(TRANSACTIONS_COLUMNS),
    lots: (replay?.lots ?? []).map((lot) => ({ ...lot, costBasis: lot.costBasis })),
    cash: replay?.cash ?? [],
    realisedCount: replay?.realised.length ?? 0,
    transactions: [...transactions]
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      .map(({ line: _line, ...t }) => t)
  };
}
