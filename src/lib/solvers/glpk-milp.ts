/**
 * `MilpSolver` over glpk.js. We import `glpk.js/node`, the synchronous build: the default entry
 * spawns its own blob: worker, which our CSP (rightly) forbids, and we are already in a worker.
 */
import GLPK from 'glpk.js/node';
import type { GLPK as GlpkInstance, LP } from 'glpk.js/node';
import type { LinearTerm, MilpOptions, MilpProblem, MilpSolution, MilpSolver, MilpStatus } from '../core/solver/milp';

let instance: Promise<GlpkInstance> | undefined;

/** Loads the glpk wasm once per thread. */
function loadGlpk(): Promise<GlpkInstance> {
  instance ??= GLPK();
  return instance;
}

function boundType(glpk: GlpkInstance, lower: number, upper: number): { type: number; lb: number; ub: number } {
  const hasLower = Number.isFinite(lower);
  const hasUpper = Number.isFinite(upper);
  if (hasLower && hasUpper) {
    if (lower === upper) return { type: glpk.GLP_FX, lb: lower, ub: upper };
    return { type: glpk.GLP_DB, lb: lower, ub: upper };
  }
  if (hasLower) return { type: glpk.GLP_LO, lb: lower, ub: 0 };
  if (hasUpper) return { type: glpk.GLP_UP, lb: 0, ub: upper };
  return { type: glpk.GLP_FR, lb: 0, ub: 0 };
}

/** GLPK aborts the whole wasm instance on a row naming a column twice; sum such terms first. */
function merged(terms: LinearTerm[]): { name: string; coef: number }[] {
  const sums = new Map<string, number>();
  for (const term of terms) sums.set(term.variable, (sums.get(term.variable) ?? 0) + term.coefficient);
  return [...sums].filter(([, coef]) => coef !== 0).map(([name, coef]) => ({ name, coef }));
}

function toGlpk(glpk: GlpkInstance, problem: MilpProblem): LP {
  return {
    name: problem.name,
    objective: {
      direction: problem.sense === 'minimize' ? glpk.GLP_MIN : glpk.GLP_MAX,
      name: 'objective',
      vars: merged(problem.objective)
    },
    subjectTo: problem.constraints.map((constraint, index) => ({
      // glpk names must be unique and short; we keep our readable names on our side.
      name: `c${index}`,
      vars: merged(constraint.terms),
      bnds: boundType(glpk, constraint.lower ?? -Infinity, constraint.upper ?? Infinity)
    })),
    bounds: problem.variables.map((variable) => ({
      name: variable.name,
      ...boundType(glpk, variable.lower ?? 0, variable.upper ?? Infinity)
    })),
    generals: problem.variables.filter((variable) => variable.integer).map((variable) => variable.name)
  };
}

function statusOf(glpk: GlpkInstance, code: number): MilpStatus {
  switch (code) {
    case glpk.GLP_OPT:
      return 'optimal';
    case glpk.GLP_FEAS:
      return 'feasible';
    case glpk.GLP_INFEAS:
    case glpk.GLP_NOFEAS:
      return 'infeasible';
    case glpk.GLP_UNBND:
      return 'unbounded';
    default:
      return 'undefined';
  }
}

class GlpkMilpSolver implements MilpSolver {
  readonly name: string;
  constructor(private readonly glpk: GlpkInstance) {
    this.name = `glpk.js (GLPK ${glpk.version})`;
  }

  solve(problem: MilpProblem, options: MilpOptions = {}): MilpSolution {
    const glpk = this.glpk;
    const lp = toGlpk(glpk, problem);
    const run = (presol: boolean) =>
      glpk.solve(lp, {
        msglev: glpk.GLP_MSG_OFF,
        presol,
        mipgap: options.relativeGap ?? 0,
        ...(options.timeLimitSeconds ? { tmlim: options.timeLimitSeconds } : {})
      });
    let result = run(true);
    // With presolve, glpk's simplex reports an infeasible LP as "undefined" (its presolver stops
    // before the simplex runs); without it, the simplex says which: infeasible or unbounded.
    if (result.result.status === glpk.GLP_UNDEF && (lp.generals ?? []).length === 0) result = run(false);
    return {
      status: statusOf(glpk, result.result.status),
      objective: result.result.z,
      values: result.result.vars
    };
  }
}

/** Creates a glpk-backed solver, loading the wasm on first use. */
export async function createGlpkMilpSolver(): Promise<MilpSolver> {
  return new GlpkMilpSolver(await loadGlpk());
}
