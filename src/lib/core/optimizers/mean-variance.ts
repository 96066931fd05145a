/**
 * Mean-variance optimizers (reference-definitions.md §4, PyPortfolioOpt `EfficientFrontier`):
 * minimum volatility, maximum quadratic utility, efficient return, efficient risk and maximum
 * Sharpe, with bounds, group limits, market neutrality and L2 regularisation γ‖w‖².
 *
 * Problems are built here and solved by any `QpSolver`; every answer is checked against the
 * original constraints before it is returned, and infeasible problems go to the doctor.
 */
import { err, ok, type Result } from '../result';
import type { ReturnDistribution } from '../estimators/return-distribution';
import type { MilpSolver } from '../solver/milp';
import { verifyQp, type QpProblem, type QpSolver } from '../solver/qp';
import { toLinearRows, weightSpace, type NamedRow, type WeightConstraints, type WeightSpace } from './constraints';
import { diagnoseWeights } from './doctor';
import type { OptimizationError, OptimizationResult } from './optimization-result';
import { portfolioPerformance } from './performance';

export type MeanVarianceObjective =
  | { kind: 'min-volatility' }
  | { kind: 'max-sharpe'; riskFreeRate?: number }
  | { kind: 'max-quadratic-utility'; riskAversion?: number }
  | { kind: 'efficient-risk'; targetVolatility: number }
  | { kind: 'efficient-return'; targetReturn: number };

export interface MeanVarianceOptions {
  constraints?: WeightConstraints;
  /** γ of the L2 term γ‖w‖² (PyPortfolioOpt `L2_reg`). */
  l2Gamma?: number;
  /** Risk-free rate for the reported Sharpe ratio (default 0.02, or the max-Sharpe one). */
  riskFreeRate?: number;
}

export interface OptimizerSolvers {
  qp: QpSolver;
  lp: MilpSolver;
}

/** Largest violation we accept in a returned solution (weights are fractions). */
export const FEASIBILITY_TOLERANCE = 1e-8;

interface Solved {
  weights: Float64Array;
  solver: OptimizationResult['solver'];
}

function quadratic(dist: ReturnDistribution, scale: number, l2Gamma: number, size = dist.assets.length): Float64Array {
  const n = dist.assets.length;
  const P = new Float64Array(size * size);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) P[i * size + j] = scale * dist.cov[i * n + j];
    P[i * size + i] += 2 * l2Gamma;
  }
  return P;
}

function qpOverWeights(space: WeightSpace, P: Float64Array, q: Float64Array, extraRows: NamedRow[] = []): QpProblem {
  return {
    n: space.n,
    P,
    q,
    lower: space.lower,
    upper: space.upper,
    ...toLinearRows(space.n, [...space.rows, ...extraRows])
  };
}

function solveChecked(
  problem: QpProblem,
  space: WeightSpace,
  extraRows: NamedRow[],
  solvers: OptimizerSolvers
): Result<Solved, OptimizationError> {
  const solution = solvers.qp.solve(problem);
  const solver = {
    engine: solvers.qp.name,
    status: solution.status,
    solveMs: solution.solveMs,
    iterations: solution.iterations
  };
  if (solution.status === 'infeasible') {
    return err({
      code: 'infeasible',
      diagnosis: diagnoseWeights({ ...space, rows: [...space.rows, ...extraRows] }, solvers.lp)
    });
  }
  if (solution.status !== 'optimal')
    return err({ code: 'solver-failed', engine: solvers.qp.name, status: solution.status });
  return ok({ weights: solution.x, solver });
}

/** The highest expected return the constraints allow (an LP), or undefined when infeasible. */
export function maximumReturn(dist: ReturnDistribution, space: WeightSpace, lp: MilpSolver): number | undefined {
  const { n } = space;
  const solution = lp.solve({
    name: 'maximum-return',
    sense: 'maximize',
    objective: Array.from(dist.mu, (coefficient, i) => ({ variable: `w${i}`, coefficient })),
    variables: Array.from({ length: n }, (_, i) => ({ name: `w${i}`, lower: space.lower[i], upper: space.upper[i] })),
    constraints: space.rows.map((row) => ({
      name: row.name,
      terms: Array.from(row.coefficients, (coefficient, i) => ({ variable: `w${i}`, coefficient })).filter(
        (t) => t.coefficient !== 0
      ),
      ...(row.kind === 'eq'
        ? { lower: row.rhs, upper: row.rhs }
        : row.kind === 'le'
          ? { upper: row.rhs }
          : { lower: row.rhs })
    }))
  });
  return solution.status === 'optimal' ? solution.objective : undefined;
}

function validate(dist: ReturnDistribution, objective: MeanVarianceObjective): OptimizationError | undefined {
  const n = dist.assets.length;
  if (n === 0) return { code: 'invalid-input', message: 'no assets' };
  if (dist.cov.length !== n * n) return { code: 'invalid-input', message: `covariance is not ${n}×${n}` };
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(dist.mu[i]) && objective.kind !== 'min-volatility') {
      return { code: 'invalid-input', message: `expected return of ${dist.assets[i]} is not a number` };
    }
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(dist.cov[i * n + j])) {
        return {
          code: 'invalid-input',
          message: `covariance of ${dist.assets[i]} and ${dist.assets[j]} is not a number`
        };
      }
    }
  }
  return undefined;
}

function finish(
  dist: ReturnDistribution,
  space: WeightSpace,
  extraRows: NamedRow[],
  solved: Solved,
  riskFreeRate: number,
  warnings: string[]
): Result<OptimizationResult, OptimizationError> {
  const check = verifyQp(
    qpOverWeights(space, new Float64Array(space.n * space.n), new Float64Array(space.n), extraRows),
    solved.weights
  );
  if (check.maxViolation > FEASIBILITY_TOLERANCE) {
    return err({ code: 'verification-failed', maxViolation: check.maxViolation, constraint: check.constraint });
  }
  return ok({
    assets: dist.assets,
    weights: solved.weights,
    performance: portfolioPerformance(solved.weights, dist.mu, dist.cov, riskFreeRate),
    solver: solved.solver,
    checks: check,
    warnings
  });
}

export function optimizeMeanVariance(
  dist: ReturnDistribution,
  objective: MeanVarianceObjective,
  options: MeanVarianceOptions,
  solvers: OptimizerSolvers
): Result<OptimizationResult, OptimizationError> {
  const invalid = validate(dist, objective);
  if (invalid) return err(invalid);
  const n = dist.assets.length;
  const l2 = options.l2Gamma ?? 0;
  const space = weightSpace(dist.assets, options.constraints);
  const riskFreeRate =
    options.riskFreeRate ?? (objective.kind === 'max-sharpe' ? (objective.riskFreeRate ?? 0.02) : 0.02);
  const warnings: string[] = [];

  switch (objective.kind) {
    case 'min-volatility': {
      const solved = solveChecked(
        qpOverWeights(space, quadratic(dist, 2, l2), new Float64Array(n)),
        space,
        [],
        solvers
      );
      return solved.ok ? finish(dist, space, [], solved.value, riskFreeRate, warnings) : solved;
    }
    case 'max-quadratic-utility': {
      const delta = objective.riskAversion ?? 1;
      if (!(delta > 0)) return err({ code: 'invalid-input', message: 'risk aversion must be positive' });
      const problem = qpOverWeights(
        space,
        quadratic(dist, delta, l2),
        dist.mu.map((m) => -m)
      );
      const solved = solveChecked(problem, space, [], solvers);
      return solved.ok ? finish(dist, space, [], solved.value, riskFreeRate, warnings) : solved;
    }
    case 'efficient-return': {
      const target = objective.targetReturn;
      if (!Number.isFinite(target)) return err({ code: 'invalid-input', message: 'target return must be a number' });
      const maximum = maximumReturn(dist, space, solvers.lp);
      if (maximum === undefined) return err({ code: 'infeasible', diagnosis: diagnoseWeights(space, solvers.lp) });
      if (target > maximum + 1e-12) return err({ code: 'target-return-unreachable', target, maximum });
      const row: NamedRow = {
        name: `expected return ≥ ${target}`,
        coefficients: Float64Array.from(dist.mu),
        kind: 'ge',
        rhs: target
      };
      const solved = solveChecked(
        qpOverWeights(space, quadratic(dist, 2, l2), new Float64Array(n), [row]),
        space,
        [row],
        solvers
      );
      return solved.ok ? finish(dist, space, [row], solved.value, riskFreeRate, warnings) : solved;
    }
    case 'efficient-risk':
      return efficientRisk(dist, objective.targetVolatility, space, l2, riskFreeRate, solvers);
    case 'max-sharpe':
      return maxSharpe(dist, objective.riskFreeRate ?? 0.02, space, options, l2, solvers);
  }
}

/**
 * Maximise return subject to volatility ≤ target. The efficient frontier is traced by maximum
 * quadratic utility as the risk aversion δ varies, and its volatility falls as δ rises, so the
 * answer is the utility portfolio whose volatility equals the target: found by bisection on log δ.
 */
function efficientRisk(
  dist: ReturnDistribution,
  target: number,
  space: WeightSpace,
  l2: number,
  riskFreeRate: number,
  solvers: OptimizerSolvers
): Result<OptimizationResult, OptimizationError> {
  if (!(target > 0)) return err({ code: 'invalid-input', message: 'target volatility must be positive' });
  const n = dist.assets.length;
  const minimum = solveChecked(qpOverWeights(space, quadratic(dist, 2, l2), new Float64Array(n)), space, [], solvers);
  if (!minimum.ok) return minimum;
  const minimumVolatility = portfolioPerformance(minimum.value.weights, dist.mu, dist.cov).volatility;
  if (target < minimumVolatility - 1e-12)
    return err({ code: 'target-volatility-too-low', target, minimum: minimumVolatility });

  const atDelta = (delta: number) =>
    solveChecked(
      qpOverWeights(
        space,
        quadratic(dist, delta, l2),
        dist.mu.map((m) => -m)
      ),
      space,
      [],
      solvers
    );
  let low = Math.log(1e-6);
  let high = Math.log(1e9);
  let best = atDelta(Math.exp(low));
  if (!best.ok) return best;
  if (portfolioPerformance(best.value.weights, dist.mu, dist.cov).volatility <= target) {
    return finish(dist, space, [], best.value, riskFreeRate, ['volatility-target-not-binding']);
  }
  let totalMs = 0;
  let iterations = 0;
  best = minimum;
  for (let step = 0; step < 200 && high - low > 1e-13; step++) {
    const mid = 0.5 * (low + high);
    const solved = atDelta(Math.exp(mid));
    if (!solved.ok) return solved;
    totalMs += solved.value.solver.solveMs;
    iterations += solved.value.solver.iterations;
    const volatility = portfolioPerformance(solved.value.weights, dist.mu, dist.cov).volatility;
    if (volatility > target) low = mid;
    else {
      high = mid;
      best = solved;
      if (target - volatility <= 1e-12 * target) break;
    }
  }
  const solver = { ...best.value.solver, solveMs: totalMs, iterations };
  return finish(dist, space, [], { weights: best.value.weights, solver }, riskFreeRate, []);
}

/**
 * Maximum Sharpe by the Charnes–Cooper change of variables (reference-definitions.md §4):
 * minimise yᵀΣy subject to (μ − rf)ᵀy = 1, Σy = k, lb·k ≤ y ≤ ub·k and scaled group limits;
 * then w = y / k. Any L2 term applies to y, as upstream does (and warns).
 */
function maxSharpe(
  dist: ReturnDistribution,
  riskFreeRate: number,
  space: WeightSpace,
  options: MeanVarianceOptions,
  l2: number,
  solvers: OptimizerSolvers
): Result<OptimizationResult, OptimizationError> {
  const n = dist.assets.length;
  const excess = dist.mu.map((m) => m - riskFreeRate);
  const warnings = l2 > 0 ? ['l2-applies-to-transformed-variables'] : [];
  let bestAsset = 0;
  for (let i = 1; i < n; i++) if (excess[i] > excess[bestAsset]) bestAsset = i;
  const longOnly = space.lower.every((value) => value >= 0);
  if (longOnly && excess[bestAsset] <= 0) {
    return err({
      code: 'no-asset-beats-risk-free-rate',
      riskFreeRate,
      bestReturn: dist.mu[bestAsset],
      bestAsset: dist.assets[bestAsset]
    });
  }
  if (options.constraints?.marketNeutral) {
    return err({ code: 'invalid-input', message: 'maximum Sharpe is not defined for a market-neutral portfolio' });
  }

  const simple = longOnly && space.upper.every((value) => value >= 1) && space.rows.length === 1;
  if (simple) {
    // Long-only with no binding upper bounds: min yᵀΣy, (μ − rf)ᵀy = 1, y ≥ 0, then normalise.
    const problem: QpProblem = {
      n,
      P: quadratic(dist, 2, l2),
      q: new Float64Array(n),
      lower: new Float64Array(n),
      upper: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
      equalities: { rows: Float64Array.from(excess), rhs: Float64Array.of(1), names: ['excess return of y = 1'] }
    };
    const solution = solvers.qp.solve(problem);
    const solver = {
      engine: solvers.qp.name,
      status: solution.status,
      solveMs: solution.solveMs,
      iterations: solution.iterations
    };
    if (solution.status !== 'optimal')
      return err({ code: 'solver-failed', engine: solvers.qp.name, status: solution.status });
    const total = solution.x.reduce((sum, value) => sum + value, 0);
    const weights = solution.x.map((value) => value / total);
    return finish(dist, space, [], { weights, solver }, options.riskFreeRate ?? riskFreeRate, warnings);
  }

  // General bounds and groups: k = Σy is substituted into every row (rather than kept as a
  // variable with no curvature, which would make the KKT system ill-conditioned), so
  // ub·k ≥ y becomes (y_i − ub_i Σy) ≤ 0, and so on. Only y remains, with P = 2Σ positive definite.
  const rows: NamedRow[] = [];
  const row = (name: string, coefficients: Float64Array, kind: NamedRow['kind'], rhs: number) =>
    rows.push({ name, coefficients, kind, rhs });
  row('excess return of y = 1', Float64Array.from(excess), 'eq', 1);
  row('k = Σy ≥ 0', new Float64Array(n).fill(-1), 'le', 0);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    lower[i] = space.lower[i] >= 0 ? 0 : Number.NEGATIVE_INFINITY;
    if (space.lower[i] !== 0 && Number.isFinite(space.lower[i])) {
      // lb_i Σy − y_i ≤ 0
      const coefficients = new Float64Array(n).fill(space.lower[i]);
      coefficients[i] -= 1;
      row(`lower bound of ${dist.assets[i]}`, coefficients, 'le', 0);
    }
    if (Number.isFinite(space.upper[i]) && (space.upper[i] < 1 || !longOnly)) {
      // y_i − ub_i Σy ≤ 0
      const coefficients = new Float64Array(n).fill(-space.upper[i]);
      coefficients[i] += 1;
      row(`upper bound of ${dist.assets[i]}`, coefficients, 'le', 0);
    }
  }
  for (const group of space.rows.slice(1)) {
    // Σ_g y − limit·Σy (≤ | ≥) 0, written as ≤ rows.
    const sign = group.kind === 'ge' ? -1 : 1;
    const coefficients = Float64Array.from(group.coefficients, (c) => sign * (c - group.rhs));
    row(group.name, coefficients, 'le', 0);
  }
  const problem: QpProblem = {
    n,
    P: quadratic(dist, 2, l2),
    q: new Float64Array(n),
    lower,
    upper,
    ...toLinearRows(n, rows)
  };
  const solution = solvers.qp.solve(problem);
  const solver = {
    engine: solvers.qp.name,
    status: solution.status,
    solveMs: solution.solveMs,
    iterations: solution.iterations
  };
  if (solution.status === 'infeasible')
    return err({ code: 'infeasible', diagnosis: diagnoseWeights(space, solvers.lp) });
  if (solution.status !== 'optimal')
    return err({ code: 'solver-failed', engine: solvers.qp.name, status: solution.status });
  const k = solution.x.reduce((sum, value) => sum + value, 0);
  const weights = Float64Array.from(solution.x, (value) => value / k);
  return finish(dist, space, [], { weights, solver }, options.riskFreeRate ?? riskFreeRate, warnings);
}
