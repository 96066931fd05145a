/**
 * How the planner's MILP is searched. glpk's branch and bound (no cuts, no primal heuristics in
 * glpk.js) proves small plans optimal in milliseconds but can run for minutes on a household
 * of 30 holdings, because whole-share plans are a subset-sum problem: many plans come within a
 * cent of each other and the LP bound cannot tell them apart. So:
 *
 * 1. solve the LP relaxation: its optimum is a bound no plan can beat;
 * 2. decide the wash-sale flags from the LP (two ways: keep a group's buys, or its loss sales)
 *    and search the neighbourhood of each re-solved LP exactly: every trade may take the whole
 *    lots just below or above its LP value; if that is infeasible, also one lot less of a buy or
 *    more of a sale (freeing the cash rounding and trade fees use up), then one lot either way.
 *    Flags and lot-order binaries stay free — a small MILP glpk solves quickly;
 * 3. when the problem is small enough (≤ EXACT_INTEGER_LIMIT integers), also run the full
 *    branch and bound within the time limit and keep the better plan; a finished full search
 *    proves the plan optimal.
 *
 * The answer carries the gap to the LP bound, so a user sees how far from perfect the plan can
 * at most be ("within 0.40 of the best possible objective").
 */
import type { MilpProblem, MilpSolution, MilpSolver } from '../solver/milp';

export interface PlanSearchOptions {
  /** Per glpk call (default 2 s). */
  timeLimitSeconds?: number;
  /** Run the full branch and bound up to this many integer variables (default EXACT_INTEGER_LIMIT). */
  exactIntegerLimit?: number;
}

export const EXACT_INTEGER_LIMIT = 60;
export const FULL_SEARCH_SECONDS = 0.5;

export interface PlanSearchResult {
  solution: MilpSolution;
  /** The full search finished: no plan is better. */
  proven: boolean;
  /** The LP relaxation's objective: no plan can score below it. */
  bound: number;
}

const TRADE_VARIABLE = /^[bx]\d+$/;
const WASH_FLAG = /^w\d+$/;

function relaxation(problem: MilpProblem): MilpProblem {
  return { ...problem, variables: problem.variables.map((v) => ({ ...v, integer: false })) };
}

function neighbourhood(
  problem: MilpProblem,
  values: Record<string, number>,
  widen: 'tight' | 'cash' | 'wide'
): MilpProblem {
  // Net each slot's LP buy and sell first: the LP may buy 151 and sell 97 of one slot, which a
  // plan never would (and one trade side per slot is a constraint when trades carry flags).
  const bounds = new Map<string, { lower: number; upper: number }>();
  const declared = new Map(problem.variables.map((v) => [v.name, v]));
  for (const v of problem.variables) {
    if (!TRADE_VARIABLE.test(v.name)) continue;
    const slot = v.name.slice(1);
    const net = (values[`b${slot}`] ?? 0) - (values[`x${slot}`] ?? 0);
    const own = v.name.startsWith('b') ? Math.max(0, net) : Math.max(0, -net);
    // 'cash': one lot less of every buy and one more of every sale may be taken, which frees the
    // cash that rounding and whole trade fees use up; 'wide': one lot either way.
    const isBuy = v.name.startsWith('b');
    const down = widen === 'wide' || (widen === 'cash' && isBuy) ? 1 : 0;
    const up = widen === 'wide' || (widen === 'cash' && !isBuy) ? 1 : 0;
    const lower = Math.max(v.lower ?? 0, Math.floor(own + 1e-7) - down);
    const upper = Math.min(v.upper ?? Infinity, Math.ceil(own - 1e-7) + up);
    bounds.set(v.name, { lower: Math.min(lower, upper), upper: Math.max(upper, declared.get(v.name)?.lower ?? 0) });
  }
  return {
    ...problem,
    variables: problem.variables.map((v) => {
      const own = bounds.get(v.name);
      if (own) return { ...v, ...own };
      // A trade's flag (u·k) follows its trade when the trade is fixed at zero or is surely made.
      const flag = /^u([bs])(\d+)$/.exec(v.name);
      if (flag) {
        const trade = bounds.get(`${flag[1] === 'b' ? 'b' : 'x'}${flag[2]}`);
        if (trade && trade.upper <= 0) return { ...v, lower: 0, upper: 0 };
        if (trade && trade.lower >= 1) return { ...v, lower: 1, upper: 1 };
      }
      // Lot-order flags of a slot that sells nothing.
      const order = /^f(\d+)_/.exec(v.name);
      if (order && (bounds.get(`x${order[1]}`)?.upper ?? 0) <= 0) return { ...v, lower: 0, upper: 0 };
      return v;
    })
  };
}

function fixWashFlags(problem: MilpProblem, values: Record<string, number>, prefer: 'buys' | 'losses'): MilpProblem {
  // Per group, the LP's buys (lots) and its sales into losses (shares beyond the last lot before
  // the first loss), read from the rows that link them to the group's flag.
  const lotsBought = new Map<string, number>();
  const lossSharesSold = new Map<string, number>();
  for (const row of problem.constraints) {
    const flag = row.terms.find((t) => WASH_FLAG.test(t.variable));
    if (!flag) continue;
    const others = row.terms.filter((t) => t !== flag);
    if (flag.coefficient < 0)
      lotsBought.set(
        flag.variable,
        others.reduce((sum, t) => sum + (values[t.variable] ?? 0), 0)
      );
    else {
      // L·x + (most − before)·w ≤ most: shares sold beyond `before` = L·x − before.
      const before = (row.upper ?? 0) - flag.coefficient;
      const sold = others.reduce((sum, t) => sum + t.coefficient * (values[t.variable] ?? 0), 0);
      lossSharesSold.set(flag.variable, (lossSharesSold.get(flag.variable) ?? 0) + Math.max(0, sold - before));
    }
  }
  return {
    ...problem,
    variables: problem.variables.map((v) => {
      if (!WASH_FLAG.test(v.name)) return v;
      // Buy the group when the LP buys at least half a lot of it; otherwise keep its losses free.
      const buys = (lotsBought.get(v.name) ?? 0) >= 0.5;
      const losses = (lossSharesSold.get(v.name) ?? 0) >= 0.5;
      const bought = buys && (prefer === 'buys' || !losses) ? 1 : 0;
      return { ...v, lower: bought, upper: bought };
    })
  };
}

const solved = (s: MilpSolution) => s.status === 'optimal' || s.status === 'feasible';

export function searchPlan(
  problem: MilpProblem,
  solver: MilpSolver,
  options: PlanSearchOptions = {}
): PlanSearchResult {
  const timeLimitSeconds = options.timeLimitSeconds ?? 2;
  const integers = problem.variables.filter((v) => v.integer).length;
  const lp = solver.solve(relaxation(problem));
  if (!solved(lp)) return { solution: lp, proven: lp.status === 'infeasible', bound: Infinity };
  if (integers === 0) return { solution: lp, proven: true, bound: lp.objective };

  // Wash-sale flags are all-or-nothing: a fractional flag lets the LP buy a group and still sell
  // its losses. Decide them from the LP both ways — keep the groups' buys, or keep their loss
  // sales — re-solve the LP, search the neighbourhood, and keep the better plan.
  let best: MilpSolution | undefined;
  const hasFlags = problem.variables.some((v) => WASH_FLAG.test(v.name));
  const centres = (hasFlags ? (['buys', 'losses'] as const) : (['buys'] as const))
    .map((prefer) => {
      const fixed = hasFlags ? fixWashFlags(problem, lp.values, prefer) : problem;
      return { fixed, centre: hasFlags ? solver.solve(relaxation(fixed)) : lp };
    })
    .filter(({ centre }) => solved(centre))
    .sort((a, b) => a.centre.objective - b.centre.objective);
  for (const { fixed, centre } of centres) {
    // A neighbourhood cannot beat its own LP: skip it when the best plan already does.
    if (best && centre.objective >= best.objective) continue;
    for (const widen of ['tight', 'cash', 'wide'] as const) {
      const local = solver.solve(neighbourhood(fixed, centre.values, widen), {
        timeLimitSeconds: widen === 'tight' ? timeLimitSeconds : timeLimitSeconds / 2
      });
      if (!solved(local)) continue;
      if (!best || local.objective < best.objective) best = local;
      break;
    }
  }
  if (integers <= (options.exactIntegerLimit ?? EXACT_INTEGER_LIMIT)) {
    // Proving takes milliseconds when it works at all; do not let it hold the plan up.
    const full = solver.solve(problem, { timeLimitSeconds: Math.min(timeLimitSeconds, FULL_SEARCH_SECONDS) });
    if (full.status === 'optimal') return { solution: full, proven: true, bound: lp.objective };
    if (solved(full) && (!best || full.objective < best.objective)) best = full;
    if (full.status === 'infeasible') return { solution: full, proven: true, bound: lp.objective };
  }
  if (best) {
    const atBound = best.objective - lp.objective <= 1e-9 * Math.max(1, Math.abs(lp.objective));
    return { solution: { ...best, status: atBound ? 'optimal' : 'feasible' }, proven: atBound, bound: lp.objective };
  }
  // Nothing found near the LP optimum and the problem is too large to search whole.
  const full = solver.solve(problem, { timeLimitSeconds });
  return { solution: full, proven: full.status === 'optimal' || full.status === 'infeasible', bound: lp.objective };
}
