/**
 * The efficient frontier as a curve: efficient-return portfolios at evenly spaced target returns
 * from the minimum-volatility portfolio's return to the highest return the constraints allow.
 */
import { err, ok, type Result } from '../result';
import type { ReturnDistribution } from '../estimators/return-distribution';
import { weightSpace } from './constraints';
import { maximumReturn, optimizeMeanVariance, type MeanVarianceOptions, type OptimizerSolvers } from './mean-variance';
import type { OptimizationError } from './optimization-result';
import { diagnoseWeights } from './doctor';

export interface FrontierPoint {
  expectedReturn: number;
  volatility: number;
  sharpe: number;
  weights: Float64Array;
}

export function efficientFrontier(
  dist: ReturnDistribution,
  options: MeanVarianceOptions,
  solvers: OptimizerSolvers,
  points = 50,
  onProgress?: (fraction: number) => void
): Result<FrontierPoint[], OptimizationError> {
  const minimum = optimizeMeanVariance(dist, { kind: 'min-volatility' }, options, solvers);
  if (!minimum.ok) return minimum;
  const space = weightSpace(dist.assets, options.constraints);
  const highest = maximumReturn(dist, space, solvers.lp);
  if (highest === undefined) return err({ code: 'infeasible', diagnosis: diagnoseWeights(space, solvers.lp) });
  const lowest = minimum.value.performance.expectedReturn;
  const curve: FrontierPoint[] = [{ ...minimum.value.performance, weights: minimum.value.weights }];
  for (let k = 1; k < points; k++) {
    // The last point backs off a hair from the maximum so the QP stays strictly feasible.
    const target = lowest + ((highest - lowest) * k) / (points - 1) - (k === points - 1 ? 1e-9 * Math.abs(highest) : 0);
    const solved = optimizeMeanVariance(dist, { kind: 'efficient-return', targetReturn: target }, options, solvers);
    if (!solved.ok) return solved;
    curve.push({ ...solved.value.performance, weights: solved.value.weights });
    onProgress?.(k / (points - 1));
  }
  return ok(curve);
}
