/**
 * The planner benchmark (issue 5: a plan for 30 holdings, 200 lots and 3 accounts in under
 * 300 ms in the worker; 500 holdings in under 3 s). Plans synthetic households in the rebalance
 * worker and reports the worker's own time and the time the page waited.
 */
import { syntheticHousehold } from '../core/planner/synthetic-household';
import { planHouseholdInWorker } from '../services/rebalance-service';

export interface PlannerBenchRow {
  holdings: number;
  lots: number;
  accounts: number;
  runs: number;
  /** Medians in milliseconds. */
  workerMs: number;
  pageMs: number;
  status: string;
  driftAfter: number;
  trades: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export class PlannerBench {
  running = $state(false);
  rows = $state.raw<PlannerBenchRow[]>([]);
  error = $state('');

  async run(): Promise<void> {
    this.running = true;
    this.rows = [];
    this.error = '';
    try {
      for (const [holdings, lots, runs] of [
        [30, 200, 7],
        [500, 1500, 3]
      ] as const) {
        const input = syntheticHousehold(holdings, lots, 3);
        // One run first so the worker and glpk's wasm are loaded: the budget is for planning.
        await planHouseholdInWorker(input);
        const worker: number[] = [];
        const page: number[] = [];
        let last;
        for (let r = 0; r < runs; r++) {
          const started = performance.now();
          last = await planHouseholdInWorker(input);
          page.push(performance.now() - started);
          worker.push(last.planMs);
        }
        this.rows = [
          ...this.rows,
          {
            holdings,
            lots,
            accounts: 3,
            runs,
            workerMs: median(worker),
            pageMs: median(page),
            status: last!.plan.status,
            driftAfter: last!.plan.driftAfter,
            trades: last!.plan.totals.trades
          }
        ];
      }
    } catch (error) {
      this.error = (error as Error).message;
    } finally {
      this.running = false;
    }
  }
}
