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
}

export interface EstimationConfig {
  expectedReturns: ExpectedReturnsConfig;
  riskModel: RiskModelConfig;
  frequency?: number;
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
  const mu = expectedReturns(config.expectedReturns, returns, frequency);
  const risk = riskModel(config.riskModel, returns, { frequency });
  return makeReturnDistribution({
    assets: returns.assets,
    mu,
    cov: risk.cov,
    frequency,
    returns,
    warnings: [...warnings, ...risk.warnings]
  });
}
