/**
 * Cardinality: at most K holdings, each at least a minimum weight when held — for the
 * mean-variance objectives, by branch and bound over QP relaxations.
 *
 * A node fixes some assets "out" (upper bound 0) and some "in" (lower bound = the minimum
 * position); its relaxation is the ordinary QP with those bounds, whose optimum bounds every
 * completion from below. A relaxation that holds at most K assets, each at least the minimum,
 * is a feasible portfolio. Otherwise branch on the held-but-undecided asset with the smallest
 * weight: first "out", then "in". Depth first, pruning by the best feasible objective. Exact,
 * and fast for portfolio sizes (tens of assets); the node count is reported.
 */
import { err, ok, type Result } from '../result';
import type { ReturnDistribution } from '../estimators/return-distribution';
import {
  optimizeMeanVariance,
  type MeanVarianceObjective,
  type MeanVarianceOptions,
  type OptimizerSolvers
} from './mean-variance';
import type { OptimizationError, OptimizationResult } from './optimization-result';
import { weightSpace } from './constraints';
import { quadraticForm } from '../linalg/dense';

export interface CardinalityLimit {
  maxHoldings: number;
  /** Smallest weight of a held asset (e.g. 0.02); 0 for none. */
  minPosition?: number;
}

export interface CardinalityResult extends OptimizationResult {
  nodes: number;
}

type Objective = Extract<
  MeanVarianceObjective,
  { kind: 'min-volatility' | 'max-quadratic-utility' | 'efficient-return' }
>;

function objectiveValue(dist: ReturnDistribution, objective: Objective, weights: Float64Array, l2: number): number {
  const n = weights.length;
  const variance = quadraticForm(dist.cov, n, weights);
  const l2Term = l2 * weights.reduce((s, w) => s + w * w, 0);
  if (objective.kind === 'max-quadratic-utility') {
    const ret = weights.reduce((s, w, i) => s + w * dist.mu[i], 0);
    return 0.5 * (objective.riskAversion ?? 1) * variance - ret + l2Term;
  }
  return variance + l2Term;
}

export function optimizeWithCardinality(
  dist: ReturnDistribution,
  objective: Objective,
  limit: CardinalityLimit,
  options: MeanVarianceOptions,
  solvers: OptimizerSolvers,
  maxNodes = 20000
): Result<CardinalityResult, OptimizationError> {
  const n = dist.assets.length;
  const K = limit.maxHoldings;
  const minimum = limit.minPosition ?? 0;
  if (!(K >= 1) || !Number.isInteger(K))
    return err({ code: 'invalid-input', message: 'the maximum number of holdings must be a whole number ≥ 1' });
  const space = weightSpace(dist.assets, options.constraints);
  if (space.lower.some((l) => l < 0))
    return err({ code: 'invalid-input', message: 'cardinality limits need long-only bounds' });
  const tolerance = 1e-9;
  let best: { value: number; result: OptimizationResult } | undefined;
  let nodes = 0;
  let lastError: OptimizationError | undefined;

  const solveNode = (state: Int8Array): Result<OptimizationResult, OptimizationError> => {
    const bounds: Record<string, [number, number]> = {};
    dist.assets.forEach((asset, i) => {
      const lower = state[i] === 1 ? Math.max(space.lower[i], minimum) : space.lower[i];
      const upper = state[i] === -1 ? 0 : space.upper[i];
      bounds[asset] = [Math.min(lower, upper), upper];
    });
    return optimizeMeanVariance(
      dist,
      objective,
      { ...options, constraints: { ...options.constraints, bounds } },
      solvers
    );
  };

  // state: 0 undecided, 1 in (≥ minimum), -1 out (= 0)
  const stack: Int8Array[] = [new Int8Array(n)];
  while (stack.length > 0) {
    if (++nodes > maxNodes) break;
    const state = stack.pop()!;
    if (state.reduce((s, v) => s + (v === 1 ? 1 : 0), 0) > K) continue;
    const solved = solveNode(state);
    if (!solved.ok) {
      lastError = solved.error;
      continue;
    }
    const value = objectiveValue(dist, objective, solved.value.weights, options.l2Gamma ?? 0);
    if (best && value >= best.value - tolerance) continue;
    const held = Array.from(solved.value.weights, (w, i) => ({ w, i })).filter(({ w }) => w > tolerance);
    const feasible = held.length <= K && held.every(({ w }) => w >= minimum - tolerance);
    if (feasible) {
      best = { value, result: solved.value };
      continue;
    }
    // Branch on the smallest held, undecided asset.
    const candidates = held.filter(({ i }) => state[i] === 0).sort((a, b) => a.w - b.w);
    if (candidates.length === 0) continue;
    const { i } = candidates[0];
    const inBranch = Int8Array.from(state);
    inBranch[i] = 1;
    const outBranch = Int8Array.from(state);
    outBranch[i] = -1;
    stack.push(inBranch, outBranch); // "out" is explored first
  }
  if (!best) {
    return err(
      lastError ?? { code: 'invalid-input', message: `no portfolio of at most ${K} holdings meets the constraints` }
    );
  }
  const weights = best.result.weights.map((w) => (w > tolerance ? w : 0));
  const warnings = nodes > maxNodes ? [...best.result.warnings, 'cardinality-search-truncated'] : best.result.warnings;
  return ok({ ...best.result, weights, warnings, nodes });
}
