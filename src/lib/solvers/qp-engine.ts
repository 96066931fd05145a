/**
 * The QP engine Keel uses: the dense active-set solver, with glpk.js as its phase 1 (finding a
 * feasible starting point) when the constraints are more than bounds and one equality row.
 */
import type { MilpProblem, MilpSolver } from '../core/solver/milp';
import { rowCount, type QpProblem, type QpSolver } from '../core/solver/qp';
import { ActiveSetQpSolver } from './active-set-qp';
import { createGlpkMilpSolver } from './glpk-milp';

/** A feasible point of the QP's constraints from an LP, or undefined when there is none. */
export function lpFeasibleStart(lp: MilpSolver, problem: QpProblem): Float64Array | undefined {
  const { n } = problem;
  const name = (i: number) => `x${i}`;
  const rows = (set: QpProblem['equalities'], kind: 'eq' | 'le'): MilpProblem['constraints'] =>
    Array.from({ length: rowCount(set) }, (_, r) => {
      const terms = [];
      for (let j = 0; j < n; j++) {
        const coefficient = set!.rows[r * n + j];
        if (coefficient !== 0) terms.push({ variable: name(j), coefficient });
      }
      const rhs = set!.rhs[r];
      return kind === 'eq'
        ? { name: set!.names[r], terms, lower: rhs, upper: rhs }
        : { name: set!.names[r], terms, upper: rhs };
    });
  const solution = lp.solve({
    name: 'qp-phase-1',
    sense: 'minimize',
    objective: [],
    variables: Array.from({ length: n }, (_, j) => ({
      name: name(j),
      lower: problem.lower[j],
      upper: problem.upper[j]
    })),
    constraints: [...rows(problem.equalities, 'eq'), ...rows(problem.inequalities, 'le')]
  });
  if (solution.status !== 'optimal' && solution.status !== 'feasible') return undefined;
  return Float64Array.from({ length: n }, (_, j) =>
    Math.min(problem.upper[j], Math.max(problem.lower[j], solution.values[name(j)] ?? 0))
  );
}

export async function createQpEngine(): Promise<QpSolver> {
  const lp = await createGlpkMilpSolver();
  return new ActiveSetQpSolver({ feasibleStart: (problem) => lpFeasibleStart(lp, problem) });
}
