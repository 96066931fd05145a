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
import { adviceState, type AdviceInput } from '../src/lib/core/ml/rebalance-advice';
import { MARKET_LOOKBACK } from '../src/lib/core/ml/market-features';
import { loadOrt } from '../src/lib/ml/browser-ort';
import { readAppFile } from '../src/lib/net/app-files';
import { ModelCache, openModel } from '../src/lib/ml/onnx-port';

const cache = new ModelCache(loadOrt);

/** A model to use: a built-in one by name, or a stored one with its bytes. */
export interface ModelRef {
  key: string;
  kind: ModelKind;
  bytes?: Uint8Array;
}

const builtIn = (name: string) => readAppFile(`/models/${name}.onnx`);

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

  /** "Rebalance now?" for a portfolio: the regime from its history (if long enough), then the policy. */
  async adviseFor(policy: ModelRef, regimes: ModelRef, input: AdviceInput) {
    let stressed: number | undefined;
    const prices = input.prices;
    if (prices && prices.dates.length > MARKET_LOOKBACK) {
      const [reading] = await regimesOverTime(await open(regimes), prices, [prices.dates.length - 1]);
      stressed = reading?.probabilities.stressed;
    }
    const { state, assumptions } = adviceState(input, stressed);
    return { advice: await adviseRebalance(await open(policy), state), assumptions, state: Array.from(state) };
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
      const model = await openModel(await loadOrt(), bytes, kind);
      await model.release();
      return { ok: true };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  },

  /**
   * Benchmark, meant for a fresh worker: the first session (onnxruntime's wasm instantiated from
   * the cache, then the session), a second model's session alone, and inference of the
   * forecaster for `rows` assets, once and then `runs` times warm.
   */
  async bench(rows: number, runs: number) {
    const fetched = performance.now();
    const [forecaster, regimes] = await Promise.all([builtIn('forecaster'), builtIn('regimes')]);
    const fetchMs = performance.now() - fetched;
    const started = performance.now();
    const runtime = await loadOrt();
    const wasmReadMs = performance.now() - started;
    const model = await openModel(runtime, forecaster, 'forecaster');
    const coldMs = performance.now() - started;
    const second = performance.now();
    const other = await openModel(await loadOrt(), regimes, 'regimes');
    const sessionMs = performance.now() - second;
    await other.release();
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
    return { fetchMs, wasmReadMs, coldMs, sessionMs, firstRunMs, warm };
  }
};

export type SignalsWorkerApi = typeof api;

expose(api);
