/**
 * Scenario-based optimizers solved as linear programs (reference-definitions.md §9):
 *
 * - minimum CVaR: Rockafellar–Uryasev, minimise α + 1/(T(1−β)) Σ uₜ with uₜ ≥ 0 and
 *   uₜ ≥ −Rₜ·w − α; the CVaR of the daily portfolio loss at level β, not annualised;
 * - minimum CDaR: drawdowns of the uncompounded cumulative sum of daily portfolio returns,
 *   u₀ = 0, uₜ ≥ uₜ₋₁ − Rₜ·w, uₜ ≥ 0, zₜ ≥ uₜ − α, zₜ ≥ 0; CDaR = α + 1/(T(1−β)) Σ zₜ.
 *
 * Both use only rows where every asset has a return (as upstream's tests do with dropna), run on
 * glpk.js through `MilpSolver`, and are verified against the weight constraints.
 */
import { err, ok, type Result } from '../result';
import type { MilpProblem, MilpSolver } from '../solver/milp';
import type { ReturnDistribution } from '../estimators/return-distribution';
import { weightSpace, type WeightConstraints } from './constraints';
import { diagnoseWeights } from './doctor';
import type { OptimizationError, OptimizationResult } from './optimization-result';
import { portfolioPerformance } from './performance';
import { verifyQp, type QpSolver } from '../solver/qp';
import { toLinearRows } from './constraints';

export interface ScenarioOptions {
  beta?: number;
  constraints?: WeightConstraints;
  riskFreeRate?: number;
  /** At most this many holdings, each at least `minPosition` when held (a MILP on glpk.js). */
  cardinality?: { maxHoldings: number; minPosition?: number };
}

/** Return rows where every asset has a value (T × n, row-major). */
export function completeRows(dist: ReturnDistribution): { rows: number; values: Float64Array } {
  const returns = dist.returns;
  if (!returns) return { rows: 0, values: new Float64Array(0) };
  const n = returns.assets.length;
  const kept: number[] = [];
  for (let t = 0; t < returns.dates.length; t++) {
    let complete = true;
    for (let j = 0; j < n; j++) if (Number.isNaN(returns.values[t * n + j])) complete = false;
    if (complete) for (let j = 0; j < n; j++) kept.push(returns.values[t * n + j]);
  }
  return { rows: kept.length / n, values: Float64Array.from(kept) };
}

function weightConstraints(n: number, space: ReturnType<typeof weightSpace>): MilpProblem['constraints'] {
  return space.rows.map((row) => {
    const terms = [];
    for (let j = 0; j < n; j++)
      if (row.coefficients[j] !== 0) terms.push({ variable: `w${j}`, coefficient: row.coefficients[j] });
    return row.kind === 'eq'
      ? { name: row.name, terms, lower: row.rhs, upper: row.rhs }
      : row.kind === 'le'
        ? { name: row.name, terms, upper: row.rhs }
        : { name: row.name, terms, lower: row.rhs };
  });
}

/** The CVaR at level β of the daily losses −Rₜ·w (historical, Rockafellar–Uryasev form). */
export function historicalCvar(values: Float64Array, rows: number, weights: ArrayLike<number>, beta: number): number {
  const n = weights.length;
  const losses = Array.from({ length: rows }, (_, t) => {
    let r = 0;
    for (let j = 0; j < n; j++) r += values[t * n + j] * weights[j];
    return -r;
  }).sort((a, b) => a - b);
  // min over α of α + E[(L − α)⁺]/(1 − β) is attained at the β-quantile of the losses.
  let best = Number.POSITIVE_INFINITY;
  for (const alpha of losses) {
    let tail = 0;
    for (const loss of losses) tail += Math.max(0, loss - alpha);
    best = Math.min(best, alpha + tail / (rows * (1 - beta)));
  }
  return best;
}

function finishScenario(
  dist: ReturnDistribution,
  kind: 'min-cvar' | 'min-cdar',
  solution: ReturnType<MilpSolver['solve']>,
  space: ReturnType<typeof weightSpace>,
  lp: MilpSolver,
  measure: number,
  solveMs: number,
  riskFreeRate: number
): Result<OptimizationResult, OptimizationError> {
  const n = dist.assets.length;
  if (solution.status === 'infeasible') return err({ code: 'infeasible', diagnosis: diagnoseWeights(space, lp) });
  if (solution.status !== 'optimal') return err({ code: 'solver-failed', engine: lp.name, status: solution.status });
  const weights = Float64Array.from({ length: n }, (_, j) => solution.values[`w${j}`] ?? 0);
  const check = verifyQp(
    {
      n,
      P: new Float64Array(n * n),
      q: new Float64Array(n),
      lower: space.lower,
      upper: space.upper,
      ...toLinearRows(n, space.rows)
    },
    weights
  );
  if (check.maxViolation > 1e-8)
    return err({ code: 'verification-failed', maxViolation: check.maxViolation, constraint: check.constraint });
  const performance = portfolioPerformance(weights, dist.mu, dist.cov, riskFreeRate);
  return ok({
    assets: dist.assets,
    weights,
    performance: { ...performance, ...(kind === 'min-cvar' ? { cvar: measure } : { cdar: measure }) },
    solver: { engine: lp.name, status: solution.status, solveMs, iterations: 0 },
    checks: check,
    warnings: []
  });
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** What CVaR and CDaR share: β, the complete scenario rows, the weight space and its LP parts. */
function scenarioSetup(dist: ReturnDistribution, options: ScenarioOptions, measure: string) {
  const beta = options.beta ?? 0.95;
  if (!(beta > 0 && beta < 1)) return err({ code: 'invalid-input' as const, message: 'beta must be between 0 and 1' });
  const { rows: T, values } = completeRows(dist);
  if (T < 2) {
    return err({
      code: 'invalid-input' as const,
      message: `minimum ${measure} needs return scenarios where every asset has a return`
    });
  }
  const n = dist.assets.length;
  const space = weightSpace(dist.assets, options.constraints);
  const weights: MilpProblem['variables'] = [
    ...Array.from({ length: n }, (_, j) => ({ name: `w${j}`, lower: space.lower[j], upper: space.upper[j] })),
    { name: 'alpha', lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY }
  ];
  return ok({
    beta,
    T,
    values,
    n,
    space,
    scale: 1 / (T * (1 - beta)),
    weights,
    constraints: weightConstraints(n, space)
  });
}

export function minimumCvar(
  dist: ReturnDistribution,
  options: ScenarioOptions,
  lp: MilpSolver
): Result<OptimizationResult, OptimizationError> {
  const setup = scenarioSetup(dist, options, 'CVaR');
  if (!setup.ok) return setup;
  const { T, values, n, space, scale, constraints } = setup.value;
  const variables: MilpProblem['variables'] = [
    ...setup.value.weights,
    ...Array.from({ length: T }, (_, t) => ({ name: `u${t}`, lower: 0 }))
  ];
  for (let t = 0; t < T; t++) {
    // u_t + R_t·w + α ≥ 0
    const terms = [
      { variable: `u${t}`, coefficient: 1 },
      { variable: 'alpha', coefficient: 1 }
    ];
    for (let j = 0; j < n; j++) terms.push({ variable: `w${j}`, coefficient: values[t * n + j] });
    constraints.push({ name: `scenario ${t}`, terms, lower: 0 });
  }
  const objective = [
    { variable: 'alpha', coefficient: 1 },
    ...Array.from({ length: T }, (_, t) => ({ variable: `u${t}`, coefficient: scale }))
  ];
  if (options.cardinality) {
    // zᵢ ∈ {0, 1}: wᵢ ≤ ubᵢ·zᵢ, wᵢ ≥ min·zᵢ, Σz ≤ K — long-only weights only.
    const { maxHoldings, minPosition = 0 } = options.cardinality;
    if (space.lower.some((l) => l < 0))
      return err({ code: 'invalid-input', message: 'cardinality limits need long-only bounds' });
    for (let j = 0; j < n; j++) {
      variables.push({ name: `z${j}`, lower: 0, upper: 1, integer: true });
      constraints.push(
        {
          name: `held ${dist.assets[j]}`,
          terms: [
            { variable: `w${j}`, coefficient: 1 },
            { variable: `z${j}`, coefficient: -space.upper[j] }
          ],
          upper: 0
        },
        {
          name: `minimum position ${dist.assets[j]}`,
          terms: [
            { variable: `w${j}`, coefficient: 1 },
            { variable: `z${j}`, coefficient: -minPosition }
          ],
          lower: 0
        }
      );
    }
    constraints.push({
      name: `at most ${maxHoldings} holdings`,
      terms: Array.from({ length: n }, (_, j) => ({ variable: `z${j}`, coefficient: 1 })),
      upper: maxHoldings
    });
  }
  const started = now();
  const solution = lp.solve({ name: 'min-cvar', sense: 'minimize', objective, variables, constraints });
  return finishScenario(
    dist,
    'min-cvar',
    solution,
    space,
    lp,
    solution.objective,
    now() - started,
    options.riskFreeRate ?? 0.02
  );
}

export function minimumCdar(
  dist: ReturnDistribution,
  options: ScenarioOptions,
  lp: MilpSolver
): Result<OptimizationResult, OptimizationError> {
  const setup = scenarioSetup(dist, options, 'CDaR');
  if (!setup.ok) return setup;
  const { T, values, n, space, scale, constraints } = setup.value;
  const variables: MilpProblem['variables'] = [
    ...setup.value.weights,
    // u_0 .. u_T (u_0 = 0) and z_1 .. z_T
    { name: 'u0', lower: 0, upper: 0 },
    ...Array.from({ length: T }, (_, t) => ({ name: `u${t + 1}`, lower: 0 })),
    ...Array.from({ length: T }, (_, t) => ({ name: `z${t + 1}`, lower: 0 }))
  ];
  for (let t = 1; t <= T; t++) {
    // u_t − u_{t−1} + R_t·w ≥ 0
    const terms = [
      { variable: `u${t}`, coefficient: 1 },
      { variable: `u${t - 1}`, coefficient: -1 }
    ];
    for (let j = 0; j < n; j++) terms.push({ variable: `w${j}`, coefficient: values[(t - 1) * n + j] });
    constraints.push({ name: `drawdown ${t}`, terms, lower: 0 });
    // z_t − u_t + α ≥ 0
    constraints.push({
      name: `excess drawdown ${t}`,
      terms: [
        { variable: `z${t}`, coefficient: 1 },
        { variable: `u${t}`, coefficient: -1 },
        { variable: 'alpha', coefficient: 1 }
      ],
      lower: 0
    });
  }
  const objective = [
    { variable: 'alpha', coefficient: 1 },
    ...Array.from({ length: T }, (_, t) => ({ variable: `z${t + 1}`, coefficient: scale }))
  ];
  const started = now();
  const solution = lp.solve({ name: 'min-cdar', sense: 'minimize', objective, variables, constraints });
  return finishScenario(
    dist,
    'min-cdar',
    solution,
    space,
    lp,
    solution.objective,
    now() - started,
    options.riskFreeRate ?? 0.02
  );
}

/**
 * Minimum semivariance (reference-definitions.md §9, PyPortfolioOpt `EfficientSemivariance`):
 * minimise Σₜ min(Rₜ·w − benchmark, 0)² / T over the complete rows, reported annualised as the
 * semideviation √(… · frequency) with the Sortino ratio.
 *
 * The objective is convex and continuously differentiable, and on a fixed set D of "down" rows
 * it is the quadratic Σ_{t∈D}(Rₜ·w − b)²/T. So: guess D, solve that QP with the weight
 * constraints, recompute D at the answer, repeat until D no longer changes. When it settles,
 * the answer satisfies the optimality conditions of the original problem (same gradient), so it
 * is the optimum. An n×n QP per round instead of one with T extra variables.
 */
export function minimumSemivariance(
  dist: ReturnDistribution,
  options: ScenarioOptions & { benchmark?: number },
  solvers: { qp: QpSolver; lp: MilpSolver }
): Result<OptimizationResult, OptimizationError> {
  const benchmark = options.benchmark ?? 0;
  const { rows: T, values } = completeRows(dist);
  const n = dist.assets.length;
  if (T < 2)
    return err({
      code: 'invalid-input',
      message: 'minimum semivariance needs return scenarios where every asset has a return'
    });
  const space = weightSpace(dist.assets, options.constraints);
  const portfolioReturns = (w: ArrayLike<number>) =>
    Array.from({ length: T }, (_, t) => {
      let r = 0;
      for (let j = 0; j < n; j++) r += values[t * n + j] * w[j];
      return r;
    });
  let weights: Float64Array = new Float64Array(n).fill(1 / n);
  let down = portfolioReturns(weights).map((r) => r < benchmark);
  let rounds = 0;
  const started = now();
  for (; rounds < 100; rounds++) {
    const P = new Float64Array(n * n);
    const q = new Float64Array(n);
    for (let t = 0; t < T; t++) {
      if (!down[t]) continue;
      for (let i = 0; i < n; i++) {
        const ri = values[t * n + i];
        q[i] -= (2 / T) * benchmark * ri;
        for (let j = 0; j < n; j++) P[i * n + j] += (2 / T) * ri * values[t * n + j];
      }
    }
    const problem = { n, P, q, lower: space.lower, upper: space.upper, ...toLinearRows(n, space.rows) };
    const solution = solvers.qp.solve(problem);
    if (solution.status === 'infeasible')
      return err({ code: 'infeasible', diagnosis: diagnoseWeights(space, solvers.lp) });
    if (solution.status !== 'optimal')
      return err({ code: 'solver-failed', engine: solvers.qp.name, status: solution.status });
    weights = solution.x;
    const next = portfolioReturns(weights).map((r) => r < benchmark);
    // Rows exactly at the benchmark contribute nothing either way; compare only clear changes.
    const returnsNow = portfolioReturns(weights);
    const changed = next.some((d, t) => d !== down[t] && Math.abs(returnsNow[t] - benchmark) > 1e-15);
    down = next;
    if (!changed) break;
  }
  if (rounds >= 100) return err({ code: 'solver-failed', engine: solvers.qp.name, status: 'down-set-did-not-settle' });
  const check = verifyQp(
    {
      n,
      P: new Float64Array(n * n),
      q: new Float64Array(n),
      lower: space.lower,
      upper: space.upper,
      ...toLinearRows(n, space.rows)
    },
    weights
  );
  if (check.maxViolation > 1e-8) return err({ code: 'verification-failed', ...check });
  const semivariance = portfolioReturns(weights).reduce((s, r) => s + Math.min(r - benchmark, 0) ** 2, 0) / T;
  const semideviation = Math.sqrt(semivariance * dist.frequency);
  const performance = portfolioPerformance(weights, dist.mu, dist.cov, options.riskFreeRate ?? 0.02);
  return ok({
    assets: dist.assets,
    weights,
    performance: {
      ...performance,
      semideviation,
      sortino: (performance.expectedReturn - (options.riskFreeRate ?? 0.02)) / semideviation
    },
    solver: {
      engine: solvers.qp.name,
      status: 'optimal',
      solveMs: now() - started,
      iterations: rounds + 1
    },
    checks: check,
    warnings: []
  });
}
