/**
 * Settings: small named values (first-run choice, theme, …). Reads fall back to a default when a
 * value is missing or of the wrong type, so a damaged record never breaks the app.
 */
import type { KeelDb } from '../open';

export interface Settings {
  /** Whether the first-run choice (demo or empty) has been made. */
  onboarded: boolean;
  /** The portfolio opened last. */
  lastPortfolioId: number | null;
}

export const DEFAULT_SETTINGS: Settings = { onboarded: false, lastPortfolioId: null };

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
