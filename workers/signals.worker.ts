/**
 * The signals worker: the four models on onnxruntime-web, one session per model, created on first
 * use and reused. Built-in models are fetched from the app's own /models/; a user's model comes
 * as bytes from IndexedDB (through the service). No logic of its own: core computes features and
 * explanations, src/lib/ml runs the sessions.
 */
import { expose } from 'comlink';
import type { ModelKind } from '../src/lib/core/ml/contracts';
import { adviseRebalance, forecastTable, regimesOverTime, scoreHeadlines } from '../src/lib/core/ml/predictions';
import type { PriceTable } from '../src/lib/core/returns/return-table';
import { ort } from '../src/lib/ml/browser-ort';
import { ModelCache, openModel } from '../src/lib/ml/onnx-port';

const cache = new ModelCache(ort);

/** A model to use: a built-in one by name, or a stored one with its bytes. */
export interface ModelRef {
  key: string;
  kind: ModelKind;
  bytes?: Uint8Array;
}

async function builtIn(name: string): Promise<Uint8Array> {
  const response = await fetch(new URL(`/models/${name}.onnx`, self.location.origin));
  if (!response.ok) throw new Error(`The ${name} model could not be loaded (HTTP ${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}

const open = (ref: ModelRef) =>
  cache.get(ref.key, ref.kind, ref.bytes ? async () => ref.bytes! : () => builtIn(ref.key));

const api = {
  /** Opens a model (if not open yet) and says how long that took. */
  async load(ref: ModelRef) {
    const started = performance.now();
    const wasOpen = cache.has(ref.key);
    await open(ref);
    return { ms: performance.now() - started, wasOpen };
  },

  async forecast(ref: ModelRef, table: PriceTable) {
    return forecastTable(await open(ref), table);
  },

  async regimes(ref: ModelRef, table: PriceTable, bars: number[]) {
    return regimesOverTime(await open(ref), table, bars);
  },

  async advise(ref: ModelRef, state: Float64Array) {
    return adviseRebalance(await open(ref), state);
  },

  async sentiment(ref: ModelRef, texts: string[]) {
    return scoreHeadlines(await open(ref), texts);
  },

  /**
   * Checks a user's file against a contract and loads it once, so a file onnxruntime cannot run is
   * refused before it is stored. Errors come back as sentences.
   */
  async check(bytes: Uint8Array, kind: ModelKind): Promise<{ ok: true } | { ok: false; message: string }> {
    try {
      const model = await openModel(ort, bytes, kind);
      await model.release();
      return { ok: true };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  },

  /** Benchmark: a fresh session (cold) and inference for `rows` assets, `runs` times (warm). */
  async bench(name: string, rows: number, runs: number) {
    const bytes = await builtIn(name);
    const started = performance.now();
    const model = await openModel(ort, bytes, 'forecaster');
    const coldMs = performance.now() - started;
    const x = new Float32Array(rows * 8).map((_, i) => Math.sin(i) * 0.2);
    const first = performance.now();
    await model.run(x, rows);
    const firstRunMs = performance.now() - first;
    const warm: number[] = [];
    for (let k = 0; k < runs; k++) {
      const t = performance.now();
      await model.run(x, rows);
      warm.push(performance.now() - t);
    }
    await model.release();
    return { coldMs, firstRunMs, warm };
  }
};

export type SignalsWorkerApi = typeof api;

expose(api);
