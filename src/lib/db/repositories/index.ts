/** One handle on every repository over one open database. */
import type { KeelDb } from '../open';
import { HoldingRepository } from './holdings';
import { PortfolioRepository } from './portfolios';
import { PriceSeriesRepository } from './price-series';
import { SettingsRepository } from './settings';

export interface Repositories {
  db: KeelDb;
  portfolios: PortfolioRepository;
  holdings: HoldingRepository;
  prices: PriceSeriesRepository;
  settings: SettingsRepository;
}

export function repositories(db: KeelDb): Repositories {
  return {
    db,
    portfolios: new PortfolioRepository(db),
    holdings: new HoldingRepository(db),
    prices: new PriceSeriesRepository(db),
    settings: new SettingsRepository(db)
  };
}
