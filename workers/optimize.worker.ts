/**
 * The optimizer worker: estimation, optimizers, frontier and clustering off the main thread.
 * Thin: it parses the CSV with core, builds the solvers once, and runs the request.
 */
import { expose } from 'comlink';
import { parseWidePriceCsv } from '../src/lib/core/io/price-csv';
import { runOptimizeRequest, type OptimizeRequest } from '../src/lib/core/optimizers/optimize-request';
import type { OptimizerSolvers } from '../src/lib/core/optimizers/mean-variance';
import { createGlpkMilpSolver } from '../src/lib/solvers/glpk-milp';
import { createQpEngine } from '../src/lib/solvers/qp-engine';

type Progress = { stage: string; fraction?: number };

let solvers: Promise<OptimizerSolvers> | undefined;
const loadSolvers = () =>
  (solvers ??= Promise.all([createQpEngine(), createGlpkMilpSolver()]).then(([qp, lp]) => ({ qp, lp })));

const api = {
  /** Parses a wide price CSV; errors come back as data naming the line and column. */
  parsePrices(text: string) {
    return parseWidePriceCsv(text);
  },

  async optimize(request: OptimizeRequest, onProgress?: (progress: Progress) => void) {
    await onProgress?.({ stage: 'loading-solvers', fraction: 0 });
    const ready = await loadSolvers();
    let last = 0;
    return runOptimizeRequest(request, ready, (stage, fraction) => {
      // Throttle progress messages: one per 5 %.
      if (fraction - last >= 0.05 || fraction === 1) {
        last = fraction;
        void onProgress?.({ stage, fraction });
      }
    });
  }
};

export type OptimizeWorkerApi = typeof api;

expose(api);
