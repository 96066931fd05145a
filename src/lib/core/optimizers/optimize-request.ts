/**
 * One optimization request as plain data (it crosses to the worker and can be saved), and the
 * function that runs it end to end: prices → returns → estimates → optimizer → frontier and the
 * HRP clustering for the correlation heatmap. Failures come back as values.
 */
import { err, ok, type Result } from '../result';
import type { PriceTable } from '../returns/return-table';
import { returnsFromPrices } from '../returns/returns-from-prices';
import { checkBlackLitterman, estimate, type EstimationConfig } from '../estimators/return-distribution';
import type { EstimationWarning } from '../estimators/warnings';
import { efficientFrontier, type FrontierPoint } from './efficient-frontier';
import { hierarchicalEqualRiskContribution, hierarchicalRiskParity, type LinkageRow } from './hierarchical-risk-parity';
import { optimizeMeanVariance, type MeanVarianceObjective, type OptimizerSolvers } from './mean-variance';
import type { OptimizationError, OptimizationResult } from './optimization-result';
import { portfolioPerformance } from './performance';
import { riskBudgeting } from './risk-parity';
import { minimumCdar, minimumCvar, minimumSemivariance } from './scenario-risk';
import type { WeightConstraints } from './constraints';

export type ObjectiveConfig =
  | MeanVarianceObjective
  | { kind: 'risk-parity'; budgets?: Record<string, number> }
  | { kind: 'hrp' }
  | { kind: 'herc' }
  | { kind: 'min-cvar'; beta?: number }
  | { kind: 'min-cdar'; beta?: number }
  | { kind: 'min-semivariance' };

export interface OptimizeRequest {
  prices: PriceTable;
  estimation: EstimationConfig;
  objective: ObjectiveConfig;
  constraints?: WeightConstraints;
  riskFreeRate?: number;
  frontierPoints?: number;
}

export interface OptimizeReport {
  result: OptimizationResult;
  frontier: FrontierPoint[];
  /** For the heatmap: assets in HRP leaf order, their daily correlation and the linkage. */
  clustering: { order: number[]; correlation: Float64Array; linkage: LinkageRow[] };
  warnings: EstimationWarning[];
  /** Black–Litterman's market-implied prior and posterior expected returns per asset, when used. */
  blackLitterman?: { assets: string[]; prior: number[]; posterior: number[] };
}

export type OptimizeFailure = OptimizationError | { code: 'not-enough-data'; rows: number };

export function runOptimizeRequest(
  request: OptimizeRequest,
  solvers: OptimizerSolvers,
  onProgress: (stage: string, fraction: number) => void = () => {}
): Result<OptimizeReport, OptimizeFailure> {
  const { returns, warnings: returnWarnings } = returnsFromPrices(request.prices);
  if (returns.dates.length < 3) return err({ code: 'not-enough-data', rows: returns.dates.length });
  onProgress('estimating', 0.1);
  if (request.estimation.blackLitterman) {
    const problem = checkBlackLitterman(request.estimation.blackLitterman, returns.assets);
    if (problem) return err({ code: 'invalid-input', message: problem });
  }
  const dist = estimate(returns, request.estimation, returnWarnings);
  const riskFreeRate = request.riskFreeRate ?? 0.02;
  const options = { constraints: request.constraints, riskFreeRate };
  onProgress('clustering', 0.2);
  const hrp = hierarchicalRiskParity(returns);
  onProgress('optimizing', 0.3);

  let result: Result<OptimizationResult, OptimizationError>;
  const objective = request.objective;
  const started = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const elapsed = () => (typeof performance !== 'undefined' ? performance.now() : Date.now()) - started;
  const direct = (weights: Float64Array, engine: string): OptimizationResult => ({
    assets: dist.assets,
    weights,
    performance: portfolioPerformance(weights, dist.mu, dist.cov, riskFreeRate),
    solver: { engine, status: 'optimal', solveMs: elapsed(), iterations: 0 },
    checks: { maxViolation: Math.abs(weights.reduce((s, w) => s + w, 0) - 1), constraint: 'weights sum to 100 %' },
    warnings: request.constraints?.bounds || request.constraints?.groups?.length ? ['constraints-ignored'] : []
  });
  switch (objective.kind) {
    case 'hrp':
      result = ok(direct(hrp.weights, 'hierarchical-risk-parity'));
      break;
    case 'herc':
      result = ok(
        direct(
          hierarchicalEqualRiskContribution(hrp.covariance, dist.assets.length, hrp.linkage),
          'hierarchical-equal-risk-contribution'
        )
      );
      break;
    case 'risk-parity': {
      const budgets = objective.budgets;
      const parity = riskBudgeting(
        dist.cov,
        dist.assets.length,
        budgets ? dist.assets.map((asset) => budgets[asset] ?? 1) : undefined
      );
      result = parity.ok
        ? ok(direct(parity.value.weights, 'newton-risk-budgeting'))
        : parity.error.code === 'invalid-budgets'
          ? err({ code: 'invalid-input', message: parity.error.message })
          : err({ code: 'solver-failed', engine: 'newton-risk-budgeting', status: parity.error.code });
      break;
    }
    case 'min-cvar':
      result = minimumCvar(dist, { ...options, beta: objective.beta }, solvers.lp);
      break;
    case 'min-cdar':
      result = minimumCdar(dist, { ...options, beta: objective.beta }, solvers.lp);
      break;
    case 'min-semivariance':
      result = minimumSemivariance(dist, { ...options, benchmark: 0 }, solvers);
      break;
    default:
      result = optimizeMeanVariance(dist, objective, options, solvers);
  }
  if (!result.ok) return result;
  onProgress('frontier', 0.5);
  const frontier = efficientFrontier(dist, options, solvers, request.frontierPoints ?? 50, (f) =>
    onProgress('frontier', 0.5 + 0.5 * f)
  );
  return ok({
    result: result.value,
    frontier: frontier.ok ? frontier.value : [],
    clustering: { order: hrp.order, correlation: hrp.correlation, linkage: hrp.linkage },
    warnings: [...dist.warnings],
    ...(dist.blackLitterman
      ? {
          blackLitterman: {
            assets: [...dist.assets],
            prior: Array.from(dist.blackLitterman.prior),
            posterior: Array.from(dist.blackLitterman.posterior)
          }
        }
      : {})
  });
}
