/**
 * Settings: small named values (first-run choice, theme, …). Reads fall back to a default when a
 * value is missing or of the wrong type, so a damaged record never breaks the app.
 */
import type { KeelDb } from '../open';

/** What a stored series is: prices, exchange rates (named EUR/USD), or economic indicators. */
export type SeriesKind = 'price' | 'fx' | 'indicator';

/** What the Data page lists about one stored price series, without loading it. */
export interface PriceSeriesSummary {
  symbol: string;
  /** Day numbers of the first and last price. */
  from: number;
  to: number;
  count: number;
  /** Where it came from (a file name or "price source"), and when. */
  source: string;
  importedAt: number;
  /** Warnings the import reported for this series (0 when none, absent for older records). */
  warnings?: number;
  /** Absent in records written before kinds existed: prices. */
  kind?: SeriesKind;
}

/** A column mapping the user confirmed for a file header, offered again for the same header. */
export interface SavedMapping {
  mapping: import('../../core/io/price-file-reader').PriceMapping;
  dateFormat: import('../../core/io/date-format').DateFormat | null;
  savedAt: number;
}

export interface Settings {
  /** Which of the user's own models (by id) replaces a built-in one, per model kind. */
  activeModels: Record<string, number>;
  /** Headline sentiment per asset saved on the Signals page, offered as low-confidence views. */
  sentimentViews: { asset: string; score: number; headlines: number; savedAt: number }[];
  /** Whether the first-run choice (demo or empty) has been made. */
  onboarded: boolean;
  /** The portfolio opened last. */
  lastPortfolioId: number | null;
  /** Summaries of the stored price series, kept in step with them (see price-series.ts). */
  priceIndex: Record<string, PriceSeriesSummary>;
  /** Confirmed import mappings by header (the header's fields joined by U+001F). */
  importMappings: Record<string, SavedMapping>;
  /** How holdings and transactions files were read, by header (offered again for the same header). */
  positionMappings: Record<
    string,
    {
      kind: 'holdings' | 'transactions';
      columns: Record<string, number>;
      dateFormat: import('../../core/io/date-format').DateFormat | null;
      savedAt: number;
    }
  >;
  /** The opt-in price source: off until the user turns it on. */
  priceSource: import('../../net/price-source').PriceSourceConfig;
  /** Every request the price source made, newest last (the last 200). */
  networkLog: import('../../net/price-source').NetworkLogEntry[];
  /** The plan page's policy, costs, taxes, rules and account cash, by portfolio id. */
  plannerSettings: Record<string, import('../../core/planner/from-household').PlannerSettings>;
}

export const DEFAULT_SETTINGS: Settings = {
  activeModels: {},
  sentimentViews: [],
  onboarded: false,
  lastPortfolioId: null,
  priceIndex: {},
  importMappings: {},
  positionMappings: {},
  priceSource: { enabled: false, template: '', format: 'csv', approvedHosts: [] },
  networkLog: [],
  plannerSettings: {}
};

export class SettingsRepository {
  constructor(private readonly db: KeelDb) {}

  async get<K extends keyof Settings>(key: K): Promise<Settings[K]> {
    const record = await this.db.get('settings', key);
    const fallback = DEFAULT_SETTINGS[key];
    if (!record) return fallback;
    const value = record.value as Settings[K];
    if (fallback === null) return value;
    return typeof value === typeof fallback ? value : fallback;
  }

  async set<K extends keyof Settings>(key: K, value: Settings[K]): Promise<void> {
    await this.db.put('settings', { key, value });
  }
}
