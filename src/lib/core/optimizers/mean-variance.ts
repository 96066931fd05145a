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
  /**
   * Trading from current weights: a linear cost per unit of weight traded (PyPortfolioOpt
   * `transaction_cost`, k·‖w − w₀‖₁, per asset here) and/or a turnover limit Σ|w − w₀| ≤ T.
   */
  trading?: TradingTerms;
  /** Ex-ante tracking error to a benchmark, √((w − b)ᵀΣ(w − b)) ≤ limit (annualised). */
  trackingError?: { benchmark: ArrayLike<number>; limit: number };
  /** Internal: the Lagrangian term λ(w − b)ᵀΣ(w − b) used to meet the tracking-error limit. */
  trackingPenalty?: { lambda: number; benchmark: ArrayLike<number> };
}

export interface TradingTerms {
  /** Current weights w₀, one per asset. */
  current: ArrayLike<number>;
  /** Cost per unit of weight traded, one per asset or one for all (e.g. 0.001 = 10 bp). */
  costs?: number | ArrayLike<number>;
  /** Maximum turnover Σ|wᵢ − w₀ᵢ| (1 = 100 %). */
  turnoverLimit?: number;
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

/**
 * The QP over the weights; with trading terms, n more variables dᵢ ≥ |wᵢ − w₀ᵢ| (two rows each)
 * carry the linear costs and the turnover limit Σd ≤ T. The weights are the first n variables.
 */
function qpOverWeights(
  space: WeightSpace,
  P: Float64Array,
  q: Float64Array,
  extraRows: NamedRow[] = [],
  trading?: TradingTerms,
  penalty?: { lambda: number; benchmark: ArrayLike<number>; cov: Float64Array }
): QpProblem {
  if (penalty && penalty.lambda > 0) {
    // + λ(w − b)ᵀΣ(w − b) = λwᵀΣw − 2λ(Σb)ᵀw + const
    const n = space.n;
    P = Float64Array.from(P);
    q = Float64Array.from(q);
    for (let i = 0; i < n; i++) {
      let sigmaB = 0;
      for (let j = 0; j < n; j++) {
        P[i * n + j] += 2 * penalty.lambda * penalty.cov[i * n + j];
        sigmaB += penalty.cov[i * n + j] * penalty.benchmark[j];
      }
      q[i] -= 2 * penalty.lambda * sigmaB;
    }
  }
  if (trading) return withTrading(space, P, q, extraRows, trading);
  return {
    n: space.n,
    P,
    q,
    lower: space.lower,
    upper: space.upper,
    ...toLinearRows(space.n, [...space.rows, ...extraRows])
  };
}

function withTrading(
  space: WeightSpace,
  P: Float64Array,
  q: Float64Array,
  extraRows: NamedRow[],
  trading: TradingTerms
): QpProblem {
  const n = space.n;
  const size = 2 * n;
  const bigP = new Float64Array(size * size);
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) bigP[i * size + j] = P[i * n + j];
    maxDiagonal = Math.max(maxDiagonal, P[i * n + i]);
  }
  // dᵢ enter linearly; a vanishing curvature keeps the KKT systems of the active-set method
  // well posed (it moves the optimum by O(1e-9) in weight).
  for (let i = 0; i < n; i++) bigP[(n + i) * size + n + i] = 1e-9 * maxDiagonal;
  const costs = typeof trading.costs === 'number' || trading.costs === undefined ? null : trading.costs;
  const bigQ = new Float64Array(size);
  for (let i = 0; i < n; i++) {
    bigQ[i] = q[i];
    bigQ[n + i] = costs ? costs[i] : ((trading.costs as number | undefined) ?? 0);
  }
  const widen = (row: NamedRow): NamedRow => {
    const coefficients = new Float64Array(size);
    coefficients.set(row.coefficients);
    return { ...row, coefficients };
  };
  const rows = [...space.rows, ...extraRows].map(widen);
  for (let i = 0; i < n; i++) {
    const up = new Float64Array(size);
    up[i] = 1;
    up[n + i] = -1;
    rows.push({ name: `trade of asset ${i} (buy side)`, coefficients: up, kind: 'le', rhs: trading.current[i] });
    const down = new Float64Array(size);
    down[i] = -1;
    down[n + i] = -1;
    rows.push({ name: `trade of asset ${i} (sell side)`, coefficients: down, kind: 'le', rhs: -trading.current[i] });
  }
  if (trading.turnoverLimit !== undefined) {
    const coefficients = new Float64Array(size);
    for (let i = 0; i < n; i++) coefficients[n + i] = 1;
    rows.push({
      name: `turnover ≤ ${+(trading.turnoverLimit * 100).toFixed(4)} %`,
      coefficients,
      kind: 'le',
      rhs: trading.turnoverLimit
    });
  }
  // dᵢ ≥ 0 already follows from the two rows; a bound as well would make three constraints meet
  // at every untraded asset (a degenerate working set), so dᵢ is left unbounded.
  const lower = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
  const upper = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  lower.set(space.lower);
  upper.set(space.upper);
  // A start that satisfies every row: the current weights (projected later if they break bounds).
  return { n: size, P: bigP, q: bigQ, lower, upper, ...toLinearRows(size, rows) };
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
  return ok({ weights: solution.x.slice(0, space.n), solver });
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
  const trading = options.trading;
  if (trading && trading.current.length !== dist.assets.length) {
    return err({
      code: 'invalid-input',
      message: `${trading.current.length} current weights for ${dist.assets.length} assets`
    });
  }
  const result = options.trackingError
    ? withTrackingError(dist, objective, options, solvers)
    : optimizeUnchecked(dist, objective, options, solvers);
  if (!result.ok || trading?.turnoverLimit === undefined) return result;
  // The turnover limit is part of the problem: check it like every other constraint. Solver
  // tolerance can leave it a hair over; pulling the trades towards w₀ by the ratio fixes that
  // exactly and keeps the budget (trades sum to 0) and any constraint w₀ itself satisfies.
  const weights = result.value.weights;
  let turnover = 0;
  weights.forEach((w, i) => (turnover += Math.abs(w - trading.current[i])));
  if (turnover > trading.turnoverLimit && turnover - trading.turnoverLimit < 1e-5) {
    const ratio = trading.turnoverLimit / turnover;
    weights.forEach((w, i) => (weights[i] = trading.current[i] + (w - trading.current[i]) * ratio));
    const space = weightSpace(dist.assets, options.constraints);
    const check = verifyQp(
      qpOverWeights(space, new Float64Array(space.n * space.n), new Float64Array(space.n)),
      weights
    );
    result.value.checks = check;
    result.value.performance = portfolioPerformance(weights, dist.mu, dist.cov, options.riskFreeRate ?? 0.02);
    turnover = weights.reduce((sum, w, i) => sum + Math.abs(w - trading.current[i]), 0);
  }
  const excess = turnover - trading.turnoverLimit;
  if (excess > FEASIBILITY_TOLERANCE || result.value.checks.maxViolation > FEASIBILITY_TOLERANCE) {
    const worst =
      excess > result.value.checks.maxViolation
        ? { maxViolation: excess, constraint: 'turnover limit' }
        : result.value.checks;
    return err({ code: 'verification-failed', ...worst });
  }
  return result;
}

/** √((w − b)ᵀΣ(w − b)). */
export function trackingError(cov: Float64Array, weights: ArrayLike<number>, benchmark: ArrayLike<number>): number {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += cov[i * n + j] * (weights[j] - benchmark[j]);
    total += (weights[i] - benchmark[i]) * sum;
  }
  return Math.sqrt(Math.max(0, total));
}

/**
 * Meets a tracking-error limit by the Lagrangian: minimise f(w) + λ(w − b)ᵀΣ(w − b). The
 * tracking error falls as λ grows, so λ is found by bisection on log λ; the constraint is then
 * checked like any other.
 */
function withTrackingError(
  dist: ReturnDistribution,
  objective: MeanVarianceObjective,
  options: MeanVarianceOptions,
  solvers: OptimizerSolvers
): Result<OptimizationResult, OptimizationError> {
  const { benchmark, limit } = options.trackingError!;
  if (objective.kind === 'max-sharpe' || objective.kind === 'efficient-risk') {
    return err({ code: 'invalid-input', message: `a tracking-error limit is not available with ${objective.kind}` });
  }
  if (!(limit >= 0) || benchmark.length !== dist.assets.length) {
    return err({
      code: 'invalid-input',
      message: 'the tracking-error limit needs a benchmark weight per asset and a non-negative limit'
    });
  }
  const at = (lambda: number) =>
    optimizeUnchecked(
      dist,
      objective,
      { ...options, trackingError: undefined, trackingPenalty: { lambda, benchmark } },
      solvers
    );
  const free = at(0);
  if (!free.ok || trackingError(dist.cov, free.value.weights, benchmark) <= limit) return free;
  let low = Math.log(1e-8);
  let high = Math.log(1e12);
  const strongest = at(Math.exp(high));
  if (!strongest.ok) return strongest;
  if (trackingError(dist.cov, strongest.value.weights, benchmark) > limit + 1e-10) {
    return err({
      code: 'infeasible',
      diagnosis: {
        conflicting: [`tracking error ≤ ${+(limit * 100).toFixed(4)} %`, 'the other constraints'],
        relaxations: [
          {
            constraint: `tracking error ≤ ${+(limit * 100).toFixed(4)} %`,
            by: trackingError(dist.cov, strongest.value.weights, benchmark) - limit,
            direction: 'raise'
          }
        ]
      }
    });
  }
  let best = strongest;
  for (let step = 0; step < 200 && high - low > 1e-12; step++) {
    const mid = 0.5 * (low + high);
    const solved = at(Math.exp(mid));
    if (!solved.ok) return solved;
    const te = trackingError(dist.cov, solved.value.weights, benchmark);
    if (te > limit) low = mid;
    else {
      high = mid;
      best = solved;
      if (limit - te <= 1e-12 * Math.max(limit, 1e-12)) break;
    }
  }
  if (best.ok) {
    best.value.performance = portfolioPerformance(best.value.weights, dist.mu, dist.cov, options.riskFreeRate ?? 0.02);
  }
  return best;
}

function optimizeUnchecked(
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
        qpOverWeights(
          space,
          quadratic(dist, 2, l2),
          new Float64Array(n),
          [],
          options.trading,
          options.trackingPenalty && { ...options.trackingPenalty, cov: dist.cov }
        ),
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
        dist.mu.map((m) => -m),
        [],
        options.trading,
        options.trackingPenalty && { ...options.trackingPenalty, cov: dist.cov }
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
        qpOverWeights(
          space,
          quadratic(dist, 2, l2),
          new Float64Array(n),
          [row],
          options.trading,
          options.trackingPenalty && { ...options.trackingPenalty, cov: dist.cov }
        ),
        space,
        [row],
        solvers
      );
      return solved.ok ? finish(dist, space, [row], solved.value, riskFreeRate, warnings) : solved;
    }
    case 'efficient-risk':
      return efficientRisk(dist, objective.targetVolatility, space, l2, riskFreeRate, solvers, options.trading);
    case 'max-sharpe':
      if (options.trading) {
        return err({
          code: 'invalid-input',
          message: 'trading costs and turnover limits are not available with maximum Sharpe'
        });
      }
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
  solvers: OptimizerSolvers,
  trading?: TradingTerms
): Result<OptimizationResult, OptimizationError> {
  if (!(target > 0)) return err({ code: 'invalid-input', message: 'target volatility must be positive' });
  const n = dist.assets.length;
  const minimum = solveChecked(
    qpOverWeights(space, quadratic(dist, 2, l2), new Float64Array(n), [], trading),
    space,
    [],
    solvers
  );
  if (!minimum.ok) return minimum;
  const minimumVolatility = portfolioPerformance(minimum.value.weights, dist.mu, dist.cov).volatility;
  if (target < minimumVolatility - 1e-12)
    return err({ code: 'target-volatility-too-low', target, minimum: minimumVolatility });

  const atDelta = (delta: number) =>
    solveChecked(
      qpOverWeights(
        space,
        quadratic(dist, delta, l2),
        dist.mu.map((m) => -m),
        [],
        trading
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
