/**
 * The mixed-integer linear programming interface the core needs. Problem builders in core emit a
 * `MilpProblem`; an adapter (src/lib/solvers/glpk-milp.ts) solves it. Core never imports a solver.
 */

export interface LinearTerm {
  variable: string;
  coefficient: number;
}

export interface MilpVariable {
  name: string;
  /** Lower bound; `-Infinity` for none. Default 0. */
  lower?: number;
  /** Upper bound; `Infinity` for none. Default Infinity. */
  upper?: number;
  integer?: boolean;
}

export interface MilpConstraint {
  /** A name a human can read back: it is how infeasibility is reported. */
  name: string;
  terms: LinearTerm[];
  lower?: number;
  upper?: number;
}

export interface MilpProblem {
  name: string;
  sense: 'minimize' | 'maximize';
  objective: LinearTerm[];
  variables: MilpVariable[];
  constraints: MilpConstraint[];
}

export type MilpStatus = 'optimal' | 'feasible' | 'infeasible' | 'unbounded' | 'undefined';

export interface MilpSolution {
  status: MilpStatus;
  objective: number;
  values: Record<string, number>;
}

export interface MilpOptions {
  timeLimitSeconds?: number;
  relativeGap?: number;
}

export interface MilpSolver {
  readonly name: string;
  solve(problem: MilpProblem, options?: MilpOptions): MilpSolution;
}
