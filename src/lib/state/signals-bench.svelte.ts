/**
 * The signals benchmark page: onnxruntime's first session in a fresh worker (wasm from the
 * service worker's cache), counted from the worker's creation, when nothing in the page has
 * compiled the runtime and again in a worker handed the compiled runtime; a second session
 * alone; and forecaster inference for 500 assets.
 */
import { benchSignals } from '../services/signals-service';

export const BENCH_ASSETS = 500;
export const BENCH_RUNS = 50;

export interface SignalsBenchResult {
  workerStartMs: number;
  fetchMs: number;
  /** onnxruntime's wasm compiled while read from the offline cache. */
  moduleMs: number;
  runtimeStartMs: number;
  firstSessionMs: number;
  coldMs: number;
  /** The page had compiled the runtime before: `coldMs` is not a cold figure then. */
  runtimeWasHeld: boolean;
  /** A new worker handed the compiled runtime: from its creation to the first session. */
  heldColdMs: number;
  /** Where each worker's runtime came from (see browser-ort.ts). */
  source?: string;
  heldSource?: string;
  heldRuntimeStartMs: number;
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
        workerStartMs: r.workerStartMs,
        fetchMs: r.fetchMs,
        moduleMs: r.moduleMs,
        runtimeStartMs: r.runtimeStartMs,
        firstSessionMs: r.firstSessionMs,
        coldMs: r.coldMs,
        runtimeWasHeld: r.runtimeWasHeld,
        heldColdMs: r.heldColdMs,
        source: r.source,
        heldSource: r.heldSource,
        heldRuntimeStartMs: r.heldRuntimeStartMs,
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
