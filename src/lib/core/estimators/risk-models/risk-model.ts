/**
 * Risk-model configs as plain data (they cross to workers, sit in IndexedDB, appear in scenario
 * files) and one dispatcher that runs any of them: annualised, then PSD-checked and repaired with
 * a warning, as PyPortfolioOpt does for every risk model.
 */
import { repairPositiveSemidefinite, type PsdRepairMethod } from '../../linalg/psd';
import type { ReturnTable } from '../../returns/return-table';
import type { EstimationWarning } from '../warnings';
import { exponentialCovariance } from './exponential-covariance';
import { sampleCovariance } from './sample-covariance';
import { semicovariance } from './semicovariance';
import {
  fixedShrinkage,
  ledoitWolfConstantCorrelation,
  ledoitWolfConstantVariance,
  ledoitWolfSingleFactor,
  oracleApproximatingShrinkage
} from './shrinkage';

export type RiskModelConfig =
  | { kind: 'sample' }
  | { kind: 'semicovariance'; benchmark?: number }
  | { kind: 'exponential'; span?: number }
  | { kind: 'ledoit-wolf'; target?: 'constant-variance' | 'single-factor' | 'constant-correlation' }
  | { kind: 'oracle-approximating' }
  | { kind: 'fixed-shrinkage'; delta?: number };

export const RISK_MODEL_KINDS = [
  'sample',
  'semicovariance',
  'exponential',
  'ledoit-wolf',
  'oracle-approximating',
  'fixed-shrinkage'
] as const;

export interface RiskModelResult {
  /** Annualised N×N covariance, row-major. */
  cov: Float64Array;
  /** The shrinkage intensity, for shrinkage estimators. */
  shrinkage?: number;
  warnings: EstimationWarning[];
}

export interface RiskModelOptions {
  frequency?: number;
  psdRepair?: PsdRepairMethod;
}

function describe(config: RiskModelConfig): string {
  return config.kind === 'ledoit-wolf' ? `ledoit-wolf (${config.target ?? 'constant-variance'})` : config.kind;
}

export function riskModel(
  config: RiskModelConfig,
  returns: ReturnTable,
  options: RiskModelOptions = {}
): RiskModelResult {
  const frequency = options.frequency ?? 252;
  const n = returns.assets.length;
  let cov: Float64Array;
  let shrinkage: number | undefined;
  const annualise = (daily: { cov: Float64Array; shrinkage: number }) => {
    shrinkage = daily.shrinkage;
    return daily.cov.map((value) => value * frequency);
  };
  switch (config.kind) {
    case 'sample':
      cov = sampleCovariance(returns, frequency);
      break;
    case 'semicovariance':
      cov = semicovariance(returns, { benchmark: config.benchmark, frequency });
      break;
    case 'exponential':
      cov = exponentialCovariance(returns, { span: config.span, frequency });
      break;
    case 'ledoit-wolf': {
      const target = config.target ?? 'constant-variance';
      const estimate =
        target === 'single-factor'
          ? ledoitWolfSingleFactor(returns)
          : target === 'constant-correlation'
            ? ledoitWolfConstantCorrelation(returns)
            : ledoitWolfConstantVariance(returns);
      cov = annualise(estimate);
      break;
    }
    case 'oracle-approximating':
      cov = annualise(oracleApproximatingShrinkage(returns));
      break;
    case 'fixed-shrinkage':
      cov = annualise(fixedShrinkage(returns, config.delta ?? 0.2));
      break;
  }
  const warnings: EstimationWarning[] = [];
  const repair = repairPositiveSemidefinite(cov, n, options.psdRepair ?? 'spectral');
  if (repair.repaired) {
    warnings.push({
      code: 'covariance-repaired',
      estimator: describe(config),
      minEigenvalue: repair.minEigenvalue ?? 0
    });
  }
  return { cov: repair.matrix, shrinkage, warnings };
}
