/**
 * `MilpSolver` over glpk.js. We import `glpk.js/node`, the synchronous build: the default entry
 * spawns its own blob: worker, which our CSP (rightly) forbids, and we are already in a worker.
 */
import GLPK from 'glpk.js/node';
import type { GLPK as GlpkInstance, LP } from 'glpk.js/node';
import type { MilpOptions, MilpProblem, MilpSolution, MilpSolver, MilpStatus } from '../core/solver/milp';

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

function toGlpk(glpk: GlpkInstance, problem: MilpProblem): LP {
  return {
    name: problem.name,
    objective: {
      direction: problem.sense === 'minimize' ? glpk.GLP_MIN : glpk.GLP_MAX,
      name: 'objective',
      vars: problem.objective.map((term) => ({ name: term.variable, coef: term.coefficient }))
    },
    subjectTo: problem.constraints.map((constraint, index) => ({
      // glpk names must be unique and short; we keep our readable names on our side.
      name: `c${index}`,
      vars: constraint.terms.map((term) => ({ name: term.variable, coef: term.coefficient })),
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
    const result = glpk.solve(toGlpk(glpk, problem), {
      msglev: glpk.GLP_MSG_OFF,
      presol: true,
      mipgap: options.relativeGap ?? 0,
      ...(options.timeLimitSeconds ? { tmlim: options.timeLimitSeconds } : {})
    });
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
