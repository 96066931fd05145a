/**
 * Risk parity (equal risk contribution) and risk budgeting, long-only, by the convex
 * reformulation of Spinu (2013) / Bai, Scheinberg & Tütüncü (2016):
 *
 *   minimise ½ yᵀΣy − Σ bᵢ ln yᵢ  over y > 0,   then  w = y / Σy.
 *
 * At the optimum Σy = b / y elementwise, so each asset's risk contribution wᵢ(Σw)ᵢ / wᵀΣw equals
 * its budget bᵢ (bᵢ summing to 1). Newton's method with a backtracking line search that keeps
 * y > 0; the problem is strictly convex, so the answer is unique. O(n³) per Newton step.
 */
import { cholesky, choleskySolve, matVec } from '../linalg/dense';
import { err, ok, type Result } from '../result';

export interface RiskBudgetResult {
  weights: Float64Array;
  /** Each asset's share of portfolio variance, wᵢ(Σw)ᵢ / wᵀΣw. */
  riskContributions: Float64Array;
  iterations: number;
}

export type RiskBudgetError =
  { code: 'invalid-budgets'; message: string } | { code: 'not-converged'; iterations: number };

/** Each asset's share of portfolio variance. */
export function riskContributions(cov: Float64Array, weights: ArrayLike<number>): Float64Array {
  const n = weights.length;
  const marginal = matVec(cov, n, weights);
  let variance = 0;
  for (let i = 0; i < n; i++) variance += weights[i] * marginal[i];
  return Float64Array.from({ length: n }, (_, i) => (weights[i] * marginal[i]) / variance);
}

export function riskBudgeting(
  cov: Float64Array,
  n: number,
  budgets?: ArrayLike<number>
): Result<RiskBudgetResult, RiskBudgetError> {
  const b = budgets ? Float64Array.from(budgets) : new Float64Array(n).fill(1 / n);
  if (b.length !== n) return err({ code: 'invalid-budgets', message: `${b.length} budgets for ${n} assets` });
  const total = b.reduce((s, v) => s + v, 0);
  if (b.some((v) => !(v > 0))) return err({ code: 'invalid-budgets', message: 'every risk budget must be positive' });
  for (let i = 0; i < n; i++) b[i] /= total;

  const objective = (y: Float64Array) => {
    const sy = matVec(cov, n, y);
    let value = 0;
    for (let i = 0; i < n; i++) value += 0.5 * y[i] * sy[i] - b[i] * Math.log(y[i]);
    return value;
  };
  // Start from inverse volatility, scaled so the quadratic and log terms balance.
  let y = Float64Array.from({ length: n }, (_, i) => 1 / Math.sqrt(cov[i * n + i]));
  const start = matVec(cov, n, y);
  let quadratic = 0;
  for (let i = 0; i < n; i++) quadratic += y[i] * start[i];
  const scale = Math.sqrt(1 / quadratic);
  y = y.map((v) => v * scale);

  const finish = (iterations: number) => {
    const weightsSum = y.reduce((s, v) => s + v, 0);
    const weights = y.map((v) => v / weightsSum);
    return ok({ weights, riskContributions: riskContributions(cov, weights), iterations });
  };
  for (let iteration = 1; iteration <= 100; iteration++) {
    const sy = matVec(cov, n, y);
    // Optimality: yᵢ(Σy)ᵢ = bᵢ, i.e. each risk contribution equals its budget.
    let residual = 0;
    for (let i = 0; i < n; i++) residual = Math.max(residual, Math.abs(y[i] * sy[i] - b[i]));
    if (residual < 1e-15) return finish(iteration);
    const gradient = Float64Array.from({ length: n }, (_, i) => sy[i] - b[i] / y[i]);
    const hessian = Float64Array.from(cov);
    for (let i = 0; i < n; i++) hessian[i * n + i] += b[i] / (y[i] * y[i]);
    const factor = cholesky(hessian, n);
    if (!factor) return err({ code: 'not-converged', iterations: iteration });
    const step = choleskySolve(factor, n, gradient);
    let decrement = 0;
    for (let i = 0; i < n; i++) decrement += gradient[i] * step[i];
    // Near the optimum (Newton decrement tiny) the objective stops decreasing in floating point;
    // there Newton converges quadratically, so take full steps without the line search.
    const closeEnough = decrement < 1e-12;
    let t = 1;
    for (let i = 0; i < n; i++) if (step[i] > 0) t = Math.min(t, (0.99 * y[i]) / step[i]);
    const current = objective(y);
    let next = y.map((v, i) => v - t * step[i]);
    while (!closeEnough && objective(next) > current - 0.25 * t * decrement && t > 1e-16) {
      t *= 0.5;
      next = y.map((v, i) => v - t * step[i]);
    }
    y = next;
  }
  // Converged as far as floating point allows if the contributions are within 1e-12.
  const sy = matVec(cov, n, y);
  let residual = 0;
  for (let i = 0; i < n; i++) residual = Math.max(residual, Math.abs(y[i] * sy[i] - b[i]));
  return residual < 1e-12 ? finish(100) : err({ code: 'not-converged', iterations: 100 });
}
