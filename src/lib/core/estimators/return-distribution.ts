/**
 * The one frozen hand-off from estimation to optimization (style.md, pattern 2): asset ids,
 * expected returns, the annualised covariance and, for scenario-based optimizers (CVaR, CDaR,
 * semivariance), the return table they were estimated from. Optimizers take this and nothing
 * else, so estimators can be swapped freely.
 */
import type { ReturnTable } from '../returns/return-table';
import { expectedReturns, type ExpectedReturnsConfig } from './expected-returns/expected-returns';
import { riskModel, type RiskModelConfig } from './risk-models/risk-model';
import type { EstimationWarning } from './warnings';
import { blackLittermanPosterior, marketImpliedPrior } from '../optimizers/black-litterman';

export interface ReturnDistribution {
  readonly assets: readonly string[];
  /** Annualised expected returns, one per asset. */
  readonly mu: Float64Array;
  /** Annualised covariance, N×N row-major. */
  readonly cov: Float64Array;
  /** Periods per year the estimates were annualised with. */
  readonly frequency: number;
  /** The returns behind the estimates (needed by scenario-based optimizers). */
  readonly returns?: ReturnTable;
  readonly warnings: readonly EstimationWarning[];
  /** When Black–Litterman replaced μ: the market-implied prior and the posterior (= mu), for display. */
  readonly blackLitterman?: { prior: Float64Array; posterior: Float64Array };
}

export interface EstimationConfig {
  expectedReturns: ExpectedReturnsConfig;
  riskModel: RiskModelConfig;
  frequency?: number;
  /** Replace μ and Σ by the Black–Litterman posterior built on the estimated Σ. */
  blackLitterman?: BlackLittermanConfig;
}

export interface BlackLittermanConfig {
  /** Market capitalisation per asset id (relative sizes are enough). */
  marketCaps: Record<string, number>;
  riskAversion: number;
  tau?: number;
  /** {assets: {"A": 1}} is absolute; {assets: {"A": 1, "B": -1}} says A beats B. */
  views: { assets: Record<string, number>; return: number; confidence?: number }[];
}

/** Why a Black–Litterman configuration cannot be used, in words; undefined when it can. */
export function checkBlackLitterman(config: BlackLittermanConfig, assets: readonly string[]): string | undefined {
  const missing = assets.filter((asset) => !(config.marketCaps[asset] > 0));
  if (missing.length > 0) return `Black–Litterman needs a positive market cap for ${missing.join(', ')}`;
  if (!(config.riskAversion > 0)) return 'Black–Litterman needs a positive risk aversion';
  if (config.views.length === 0) return 'Black–Litterman needs at least one view';
  for (const [k, view] of config.views.entries()) {
    const unknown = Object.keys(view.assets).filter((asset) => !assets.includes(asset));
    if (unknown.length > 0)
      return `view ${k + 1} names ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not among the assets`;
    if (!Number.isFinite(view.return)) return `view ${k + 1} needs an expected return`;
    if (view.confidence !== undefined && !(view.confidence >= 0 && view.confidence <= 1))
      return `view ${k + 1}: confidence must be between 0 and 100 %`;
  }
  return undefined;
}

export function makeReturnDistribution(fields: ReturnDistribution): ReturnDistribution {
  return Object.freeze({
    ...fields,
    assets: Object.freeze([...fields.assets]),
    warnings: Object.freeze([...fields.warnings])
  });
}

/** Estimates μ and Σ from returns with the configured estimators. */
export function estimate(
  returns: ReturnTable,
  config: EstimationConfig,
  warnings: EstimationWarning[] = []
): ReturnDistribution {
  const frequency = config.frequency ?? 252;
  let mu = expectedReturns(config.expectedReturns, returns, frequency);
  const risk = riskModel(config.riskModel, returns, { frequency });
  let cov = risk.cov;
  let shown: ReturnDistribution['blackLitterman'];
  const bl = config.blackLitterman;
  if (bl && !checkBlackLitterman(bl, returns.assets)) {
    const n = returns.assets.length;
    const prior = marketImpliedPrior(
      returns.assets.map((asset) => bl.marketCaps[asset]),
      bl.riskAversion,
      risk.cov
    );
    const posterior = blackLittermanPosterior({
      cov: risk.cov,
      n,
      prior,
      tau: bl.tau,
      views: bl.views.map((view) => ({
        picks: Object.fromEntries(
          Object.entries(view.assets).map(([asset, weight]) => [returns.assets.indexOf(asset), weight])
        ),
        expectedReturn: view.return,
        confidence: view.confidence
      }))
    });
    if (posterior.ok) {
      mu = posterior.value.mu;
      cov = posterior.value.cov;
      shown = { prior, posterior: mu };
    } else {
      warnings = [...warnings, { code: 'black-litterman-not-applied', reason: posterior.error.message }];
    }
  }
  return makeReturnDistribution({
    assets: returns.assets,
    mu,
    cov,
    frequency,
    returns,
    warnings: [...warnings, ...risk.warnings],
    ...(shown ? { blackLitterman: shown } : {})
  });
}
