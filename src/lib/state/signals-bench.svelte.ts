/**
 * The signals benchmark page: in a fresh worker, onnxruntime's first session (wasm from the
 * service worker's cache), a second session alone, and forecaster inference for 500 assets.
 */
import { benchSignals } from '../services/signals-service';

export const BENCH_ASSETS = 500;
export const BENCH_RUNS = 50;

export interface SignalsBenchResult {
  startMs: number;
  fetchMs: number;
  wasmReadMs: number;
  coldMs: number;
  sessionMs: number;
  firstRunMs: number;
  warmMedianMs: number;
  warmMaxMs: number;
}

export class SignalsBench {
  running = $state(false);
  result = $state.raw<SignalsBenchResult | undefined>(undefined);
  error = $state<string | undefined>(undefined);

  async run(): Promise<void> {
    this.running = true;
    this.error = undefined;
    this.result = undefined;
    try {
      const r = await benchSignals(BENCH_ASSETS, BENCH_RUNS);
      const sorted = [...r.warm].sort((a, b) => a - b);
      this.result = {
        startMs: r.startMs,
        fetchMs: r.fetchMs,
        wasmReadMs: r.wasmReadMs,
        coldMs: r.coldMs,
        sessionMs: r.sessionMs,
        firstRunMs: r.firstRunMs,
        warmMedianMs: sorted[Math.floor(sorted.length / 2)],
        warmMaxMs: sorted[sorted.length - 1]
      };
    } catch (error) {
      this.error = `The benchmark failed: ${(error as Error).message}`;
    } finally {
      this.running = false;
    }
  }
}
