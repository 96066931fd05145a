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
import { adoptRuntime, compiledRuntime, loadOrt, runtimeSource } from '../src/lib/ml/browser-ort';
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

  /** onnxruntime's compiled module, for the page to hold (see compiled-runtime.ts). */
  runtime: () => compiledRuntime(),

  /** A module the page holds: this worker starts onnxruntime on it instead of compiling its own. */
  adoptRuntime(module: WebAssembly.Module) {
    adoptRuntime(module);
  },

  /**
   * Benchmark, meant for a fresh worker: the two model files read; onnxruntime's module compiled
   * (while read from the offline cache) or adopted; the runtime started; the forecaster's session;
   * a second model's session; and inference of the forecaster for `rows` assets, once and then
   * `runs` times warm. `startedAt` and `readyAt` (ms since the epoch, a clock the page shares)
   * let the page count from the moment it created the worker.
   */
  async bench(rows: number, runs: number) {
    const startedAt = performance.timeOrigin + performance.now();
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = now - t;
      t = now;
      return ms;
    };
    const [forecaster, regimes] = await Promise.all([builtIn('forecaster'), builtIn('regimes')]);
    const fetchMs = lap();
    await compiledRuntime();
    const moduleMs = lap();
    const runtime = await loadOrt();
    const runtimeStartMs = lap();
    const model = await openModel(runtime, forecaster, 'forecaster');
    const firstSessionMs = lap();
    const readyAt = performance.timeOrigin + performance.now();
    const other = await openModel(runtime, regimes, 'regimes');
    const sessionMs = lap();
    await other.release();
    const x = new Float32Array(rows * 8).map((_, i) => Math.sin(i) * 0.2);
    lap();
    await model.run(x, rows);
    const firstRunMs = lap();
    const warm: number[] = [];
    for (let k = 0; k < runs; k++) {
      await model.run(x, rows);
      warm.push(lap());
    }
    await model.release();
    return {
      startedAt,
      readyAt,
      source: runtimeSource(),
      fetchMs,
      moduleMs,
      runtimeStartMs,
      firstSessionMs,
      sessionMs,
      firstRunMs,
      warm
    };
  }
};

export type SignalsWorkerApi = typeof api;

expose(api);
