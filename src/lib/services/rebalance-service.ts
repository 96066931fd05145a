/**
 * The page's only handle on the rebalance worker. UI code calls `planRebalanceInWorker`; it never
 * sees comlink, glpk.js or the worker itself.
 */
import type { Portfolio } from '../core/portfolio/types';
import type { RebalanceError, RebalancePlan } from '../core/rebalance/whole-share-rebalance';
import type { Result } from '../core/result';
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
