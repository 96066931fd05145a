/**
 * The page's only handle on the rebalance worker. UI code calls `planRebalanceInWorker`; it never
 * sees comlink, glpk.js or the worker itself.
 */
import type { Portfolio } from '../core/portfolio/types';
import type { RebalanceError, RebalancePlan } from '../core/rebalance/whole-share-rebalance';
import type { Result } from '../core/result';
import type { HouseholdPlan, PresetOutcome } from '../core/planner/plan-household';
import type { PlannerInput, TradeKey } from '../core/planner/planner-input';
import { WorkerBridge, type JobOptions } from './worker-bridge';
import type { RebalanceWorkerApi } from '../../../workers/rebalance.worker';
import RebalanceWorker from '../../../workers/rebalance.worker?worker';

export interface PlanOutcome {
  result: Result<RebalancePlan, RebalanceError>;
  timings: { loadSolverMs: number; solveMs: number };
}

let bridge: WorkerBridge<RebalanceWorkerApi> | undefined;

function rebalanceBridge(): WorkerBridge<RebalanceWorkerApi> {
  bridge ??= new WorkerBridge<RebalanceWorkerApi>(() => new RebalanceWorker({ name: 'keel-rebalance' }));
  return bridge;
}

/**
 * Plans a rebalance in the worker. `portfolio` must be plain data (pass `$state.snapshot(x)`,
 * not a `$state` proxy: proxies cannot be cloned). Rejects with `AbortError` on abort.
 */
export function planRebalanceInWorker(portfolio: Portfolio, options: JobOptions = {}): Promise<PlanOutcome> {
  return rebalanceBridge().run((api, onProgress) => api.planRebalance(portfolio, onProgress), options);
}

/** Plans a household in the worker (plain data in: pass `$state.snapshot(x)`). */
export function planHouseholdInWorker(input: PlannerInput, compare = false, options: JobOptions = {}) {
  return rebalanceBridge().run<{ plan: HouseholdPlan; presets?: PresetOutcome[]; planMs: number }>(
    (api) => api.planHousehold(input, compare),
    options
  );
}

/** Re-plans without one trade, in the worker. */
export function planWithoutInWorker(input: PlannerInput, key: TradeKey, options: JobOptions = {}) {
  return rebalanceBridge().run<{
    plan: HouseholdPlan;
    change: { driftAfter: number; cost: number; tax: number; trades: number };
  }>((api) => api.planWithout(input, key), options);
}
