/**
 * The IndexedDB schema, version by version. Records are plain data; holdings are stored as tax
 * lots (quantity, cost basis, acquired date) per account, asset metadata once per symbol, target
 * weights per portfolio and symbol, price series in chunks of typed arrays.
 */
import type { DBSchema } from 'idb';
import type { AssetClass } from '../core/portfolio/types';

export const DB_NAME = 'keel';
export const CURRENT_VERSION = 6;

export type AccountKind = 'taxable' | 'tax-deferred' | 'tax-free';

export interface PortfolioRecord {
  id: number;
  name: string;
  baseCurrency: string;
  cash: number;
  cashTarget: number;
  fxRates: Record<string, number>;
  createdAt: number;
  updatedAt: number;
}

export interface AccountRecord {
  id: number;
  portfolioId: number;
  name: string;
  kind: AccountKind;
  /** The currency the account is kept in (its cash, its statements); since version 3. */
  currency: string;
}

export interface AssetRecord {
  symbol: string;
  name: string;
  assetClass: AssetClass;
  currency: string;
  lotSize: number;
  /** Latest price per unit in `currency`, as entered or imported. */
  price: number | null;
  /** ISO date of that price, when known. */
  priceDate: string | null;
}

export interface LotRecord {
  id: number;
  portfolioId: number;
  accountId: number;
  symbol: string;
  quantity: number;
  /** Total cost of the lot in the asset's currency, when known. */
  costBasis: number | null;
  /** ISO date the lot was acquired, when known. */
  acquired: string | null;
}

export interface TargetRecord {
  portfolioId: number;
  symbol: string;
  weight: number;
}

/** Prices of one symbol for up to CHUNK_DAYS consecutive entries. */
export interface PriceChunkRecord {
  symbol: string;
  /** Day number (days since 1970-01-01) of the first entry. */
  chunkStart: number;
  days: Int32Array;
  closes: Float64Array;
}

/** One imported transaction, kept as the user's record of how the lots came about. */
export interface TransactionRecord {
  id: number;
  portfolioId: number;
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
}

export type PlanStatus = 'draft' | 'approved' | 'executed' | 'discarded';

/** A rebalancing plan and its life: drafted, approved, executed with fills, or discarded. */
export interface PlanRecord {
  id: number;
  portfolioId: number;
  createdAt: number;
  status: PlanStatus;
  /** The planner input it was made from and the plan itself, as plain data. */
  input: unknown;
  plan: unknown;
  /** Fills entered at execution: per trade index, quantity and price actually traded. */
  fills?: { quantity: number; price: number }[];
}

/** One entry of the append-only, hash-chained audit log (core/audit/audit-chain.ts). */
export interface AuditRecord {
  seq: number;
  time: string;
  kind: string;
  payload: unknown;
  previous: string;
  hash: string;
}

/** A saved backtest: what was run (config, data set) and its report, as plain data. */
export interface BacktestRunRecord {
  id: number;
  name: string;
  createdAt: number;
  /** Where the prices came from, in words (a demo data set's title, a file's name). */
  dataset: string;
  config: unknown;
  report: unknown;
}

/** A user's own ONNX model (since version 6), checked against its kind's contract when imported. */
export interface ModelRecord {
  id: number;
  /** The contract it matches: forecaster, regimes, policy or sentiment. */
  kind: string;
  name: string;
  bytes: Uint8Array;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  importedAt: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

export interface KeelSchema extends DBSchema {
  portfolios: { key: number; value: PortfolioRecord };
  accounts: { key: number; value: AccountRecord; indexes: { byPortfolio: number } };
  assets: { key: string; value: AssetRecord };
  lots: {
    key: number;
    value: LotRecord;
    indexes: { byPortfolio: number; byPortfolioSymbol: [number, string] };
  };
  targets: { key: [number, string]; value: TargetRecord; indexes: { byPortfolio: number } };
  priceSeries: { key: [string, number]; value: PriceChunkRecord; indexes: { bySymbol: string } };
  settings: { key: string; value: SettingRecord };
  transactions: { key: number; value: TransactionRecord; indexes: { byPortfolio: number } };
  plans: { key: number; value: PlanRecord; indexes: { byPortfolio: number } };
  auditLog: { key: number; value: AuditRecord };
  backtestRuns: { key: number; value: BacktestRunRecord };
  models: { key: number; value: ModelRecord };
}

/** Version 1 (first release): one flat record per holding. Kept for migrations and their tests. */
export interface HoldingRecordV1 {
  id: number;
  portfolioId: number;
  symbol: string;
  name: string;
  assetClass: AssetClass;
  quantity: number;
  price: number | null;
  currency: string;
  targetWeight: number;
}

export interface PortfolioRecordV1 {
  id: number;
  name: string;
  baseCurrency: string;
  cash: number;
  createdAt: number;
}
