/**
 * The rebalance worker: exposes the core planner with the glpk.js solver. No business logic here;
 * it wires core to an adapter and reports progress.
 */
import { expose } from 'comlink';
import { planRebalance } from '../src/lib/core/rebalance/whole-share-rebalance';
import type { Portfolio } from '../src/lib/core/portfolio/types';
import { createGlpkMilpSolver } from '../src/lib/solvers/glpk-milp';
import { comparePresets, planHousehold, planWithout } from '../src/lib/core/planner/plan-household';
import type { PlannerInput, TradeKey } from '../src/lib/core/planner/planner-input';

type Progress = { stage: string; fraction?: number };

const api = {
  /** Plans the whole-share rebalance; the result carries errors as data (see core/result.ts). */
  async planRebalance(portfolio: Portfolio, onProgress?: (progress: Progress) => void) {
    const started = performance.now();
    await onProgress?.({ stage: 'loading-solver', fraction: 0 });
    const solver = await createGlpkMilpSolver();
    const loaded = performance.now();
    await onProgress?.({ stage: 'solving', fraction: 0.5 });
    const result = planRebalance(portfolio, solver);
    const solved = performance.now();
    await onProgress?.({ stage: 'done', fraction: 1 });
    return { result, timings: { loadSolverMs: loaded - started, solveMs: solved - loaded } };
  },

  /** The household planner: the plan, its time, and the preset trade-off when asked. */
  async planHousehold(input: PlannerInput, compare = false) {
    const solver = await createGlpkMilpSolver();
    const started = performance.now();
    const plan = planHousehold(input, solver);
    const planMs = performance.now() - started;
    const presets = compare ? comparePresets(input, solver) : undefined;
    return { plan, presets, planMs };
  },

  /** "What if I skip this trade": the plan without it, and the change in drift, cost and tax. */
  async planWithout(input: PlannerInput, key: TradeKey) {
    return planWithout(input, key, await createGlpkMilpSolver());
  },

  /** Busy-waits for `ms` milliseconds: lets tests prove that aborting terminates the worker. */
  spin(ms: number): number {
    const end = performance.now() + ms;
    let count = 0;
    while (performance.now() < end) count++;
    return count;
  }
};

export type RebalanceWorkerApi = typeof api;

expose(api);
