/** One handle on every repository over one open database. */
import type { KeelDb } from '../open';
import { HoldingRepository } from './holdings';
import { PortfolioRepository } from './portfolios';
import { PriceSeriesRepository } from './price-series';
import { SettingsRepository } from './settings';
import { AuditLogRepository } from './audit-log';
import { PlanRepository } from './plans';
import { HouseholdRepository } from './household';
import { BacktestRunRepository } from './backtest-runs';
import { ModelRepository } from './models';

export interface Repositories {
  db: KeelDb;
  portfolios: PortfolioRepository;
  holdings: HoldingRepository;
  prices: PriceSeriesRepository;
  settings: SettingsRepository;
  audit: AuditLogRepository;
  plans: PlanRepository;
  household: HouseholdRepository;
  backtestRuns: BacktestRunRepository;
  models: ModelRepository;
}

export function repositories(db: KeelDb): Repositories {
  const audit = new AuditLogRepository(db);
  return {
    audit,
    plans: new PlanRepository(db, audit),
    household: new HouseholdRepository(db),
    backtestRuns: new BacktestRunRepository(db),
    models: new ModelRepository(db),
    db,
    portfolios: new PortfolioRepository(db),
    holdings: new HoldingRepository(db),
    prices: new PriceSeriesRepository(db),
    settings: new SettingsRepository(db)
  };
}
