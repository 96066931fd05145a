/**
 * The quadratic programming interface the optimizers need:
 *
 *   minimise ½ xᵀ P x + qᵀ x
 *   subject to  A x = b,  G x ≤ h,  lower ≤ x ≤ upper
 *
 * with P symmetric positive semi-definite. Problem builders in core emit a `QpProblem`; engines
 * in src/lib/solvers solve it. Every engine's answer is verified by `verifyQp` before use.
 */

export interface LinearRows {
  /** m × n, row-major. */
  rows: Float64Array;
  /** Right-hand sides, length m. */
  rhs: Float64Array;
  /** A name per row, used to explain infeasibility. */
  names: string[];
}

export interface QpProblem {
  n: number;
  /** n × n, row-major, symmetric PSD. */
  P: Float64Array;
  q: Float64Array;
  equalities?: LinearRows;
  inequalities?: LinearRows;
  lower: Float64Array;
  upper: Float64Array;
}

export type QpStatus = 'optimal' | 'infeasible' | 'unbounded' | 'iteration-limit' | 'numerical-failure';

export interface QpSolution {
  status: QpStatus;
  x: Float64Array;
  objective: number;
  iterations: number;
  /** Wall time of the solve in milliseconds. */
  solveMs: number;
}

export interface QpOptions {
  maxIterations?: number;
  /** Starting point (need not be feasible). */
  start?: Float64Array;
}

export interface QpSolver {
  readonly name: string;
  solve(problem: QpProblem, options?: QpOptions): QpSolution;
}

export const rowCount = (rows: LinearRows | undefined) => rows?.rhs.length ?? 0;

/** ½ xᵀPx + qᵀx. */
export function qpObjective(problem: QpProblem, x: ArrayLike<number>): number {
  const { n, P, q } = problem;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += P[i * n + j] * x[j];
    total += x[i] * (0.5 * sum + q[i]);
  }
  return total;
}

export interface QpViolation {
  /** The largest violation of any constraint, in the constraint's own units (0 when feasible). */
  maxViolation: number;
  /** Which constraint it is. */
  constraint: string;
}

/** Checks a point against every constraint of the original problem. */
export function verifyQp(problem: QpProblem, x: ArrayLike<number>): QpViolation {
  const { n } = problem;
  let maxViolation = 0;
  let constraint = 'none';
  const consider = (amount: number, name: string) => {
    if (amount > maxViolation || Number.isNaN(amount)) {
      maxViolation = Number.isNaN(amount) ? Number.POSITIVE_INFINITY : amount;
      constraint = name;
    }
  };
  for (let i = 0; i < n; i++) {
    consider(problem.lower[i] - x[i], `lower bound of variable ${i}`);
    consider(x[i] - problem.upper[i], `upper bound of variable ${i}`);
  }
  const rowValue = (rows: LinearRows, r: number) => {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += rows.rows[r * n + j] * x[j];
    return sum;
  };
  const equalities = problem.equalities;
  for (let r = 0; r < rowCount(equalities); r++) {
    consider(Math.abs(rowValue(equalities!, r) - equalities!.rhs[r]), equalities!.names[r]);
  }
  const inequalities = problem.inequalities;
  for (let r = 0; r < rowCount(inequalities); r++) {
    consider(rowValue(inequalities!, r) - inequalities!.rhs[r], inequalities!.names[r]);
  }
  return { maxViolation, constraint };
}
