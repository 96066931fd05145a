/**
 * The pages' handle on the AI models: forecasts, regimes, rebalancing advice and headline scores
 * computed in the signals worker (onnxruntime-web), and the model cards read from the app's own
 * files. Models load only when a page first asks for them.
 */
import type { ModelKind } from '../core/ml/contracts';
import type { ForecastReport, PolicyAdvice, RegimeReport } from '../core/ml/predictions';
import type { SentimentResult } from '../core/ml/sentiment';
import type { AdviceAssumption, AdviceInput } from '../core/ml/rebalance-advice';
import type { PriceTable } from '../core/returns/return-table';
import { fetchAppFile } from '../net/app-files';
import type { Remote } from 'comlink';
import { WorkerBridge, type JobOptions } from './worker-bridge';
import type { ModelRef, SignalsWorkerApi } from '../../../workers/signals.worker';
import SignalsWorker from '../../../workers/signals.worker?worker';

export type { ModelRef };

let bridge: WorkerBridge<SignalsWorkerApi> | undefined;
const signals = () =>
  (bridge ??= new WorkerBridge<SignalsWorkerApi>(() => new SignalsWorker({ name: 'keel-signals' })));

/**
 * onnxruntime's compiled module, held for the page's lifetime once a worker has started the
 * runtime, and handed to every signals worker started after (following an abort, or ten idle
 * minutes): V8 shares the compiled code, with the functions compiled on first call, so that
 * worker's runtime starts in ~100 ms instead of ~700 ms. It costs ~20 MB of memory, and only
 * once a model has been used.
 */
let heldRuntime: WebAssembly.Module | undefined;
let holding = false;
/** Which start of the bridge's worker was last handed the held module. */
let handedTo = -1;

function holdRuntime(): void {
  if (holding) return;
  holding = true;
  signals()
    .run(async (api) => (await api.runtime()) as WebAssembly.Module | undefined)
    .then((module) => {
      heldRuntime = module;
      if (!module) holding = false;
    })
    .catch(() => (holding = false));
}

/** A job that opens models: a new worker first gets the held runtime; a success makes the page hold one. */
function modelJob<T>(job: (api: Remote<SignalsWorkerApi>) => Promise<T>, options: JobOptions = {}): Promise<T> {
  const bridge = signals();
  return bridge
    .run<T>(async (api) => {
      if (heldRuntime && handedTo !== bridge.starts) {
        handedTo = bridge.starts;
        await api.adoptRuntime(heldRuntime);
      }
      return job(api);
    }, options)
    .then((result) => {
      holdRuntime();
      return result;
    });
}

/** The shipped model of a kind (its name is its kind). */
export const builtInModel = (kind: ModelKind): ModelRef => ({ key: kind, kind });

export function loadModel(ref: ModelRef, options: JobOptions = {}) {
  return modelJob(async (api) => api.load(ref), options);
}

export function forecastInWorker(ref: ModelRef, table: PriceTable, options: JobOptions = {}) {
  return modelJob<ForecastReport>(async (api) => (await api.forecast(ref, table)) as ForecastReport, options);
}

export function regimesInWorker(ref: ModelRef, table: PriceTable, bars: number[], options: JobOptions = {}) {
  return modelJob<RegimeReport[]>(async (api) => (await api.regimes(ref, table, bars)) as RegimeReport[], options);
}

export function adviseInWorker(ref: ModelRef, state: Float64Array, options: JobOptions = {}) {
  return modelJob<PolicyAdvice>(async (api) => (await api.advise(ref, state)) as PolicyAdvice, options);
}

export interface RebalanceAdvice {
  advice: PolicyAdvice;
  assumptions: AdviceAssumption[];
  state: number[];
}

export function adviseForPortfolio(
  input: AdviceInput,
  models: { policy?: ModelRef; regimes?: ModelRef } = {},
  options: JobOptions = {}
) {
  const policy = models.policy ?? builtInModel('policy');
  const regimes = models.regimes ?? builtInModel('regimes');
  return modelJob<RebalanceAdvice>(
    async (api) => (await api.adviseFor(policy, regimes, input)) as RebalanceAdvice,
    options
  );
}

export function sentimentInWorker(ref: ModelRef, texts: string[], options: JobOptions = {}) {
  return modelJob<SentimentResult[]>(async (api) => (await api.sentiment(ref, texts)) as SentimentResult[], options);
}

/** Checks a user's ONNX file against a kind's contract (and that onnxruntime can load it). */
export function checkModelFile(bytes: Uint8Array, kind: ModelKind) {
  return modelJob<{ ok: true } | { ok: false; message: string }>(
    async (api) => (await api.check(bytes, kind)) as { ok: true } | { ok: false; message: string }
  );
}

/** Times of one fresh signals worker, counted from the moment the page created it. */
async function benchFreshWorker(rows: number, runs: number, runtime?: WebAssembly.Module) {
  const createdAt = performance.timeOrigin + performance.now();
  const fresh = new WorkerBridge<SignalsWorkerApi>(() => new SignalsWorker({ name: 'keel-signals-bench' }));
  try {
    if (runtime) await fresh.run(async (api) => api.adoptRuntime(runtime));
    const r = await fresh.run(async (api) => api.bench(rows, runs));
    const compiled = runtime
      ? undefined
      : await fresh.run(async (api) => (await api.runtime()) as WebAssembly.Module | undefined);
    return { ...r, workerStartMs: r.startedAt - createdAt, coldMs: r.readyAt - createdAt, compiled };
  } finally {
    fresh.terminate();
  }
}

/**
 * The signals benchmark: a fresh worker when nothing in the page has compiled onnxruntime
 * (`runtimeWasHeld` says if something had: that figure is then not cold; and V8 may keep a
 * compiled module across a reload until it collects garbage), then another fresh worker handed
 * the first one's compiled runtime, as the app does once a model has been used.
 */
export async function benchSignals(rows: number, runs: number) {
  const runtimeWasHeld = heldRuntime !== undefined;
  const { compiled, ...cold } = await benchFreshWorker(rows, runs);
  const held = compiled ? await benchFreshWorker(rows, 0, compiled) : undefined;
  return {
    ...cold,
    runtimeWasHeld,
    heldColdMs: held?.coldMs ?? NaN,
    heldSource: held?.source,
    heldRuntimeStartMs: held?.runtimeStartMs ?? NaN
  };
}

/** What the pages show of a model card (the whole card is at /models/NAME.card.json). */
export interface ModelCardSummary {
  name: string;
  kind: ModelKind;
  title: string;
  description: string;
  sha256: string;
  training: { period?: { from: string; to: string }; method: string; seed: number | null; script: string };
  evaluation: { beatsBaseline: boolean; verdict: string } & Record<string, unknown>;
  contract: { features: { name: string; unit: string }[] };
  usage?: { viewConfidence?: number };
}

const cards = new Map<ModelKind, Promise<ModelCardSummary>>();

export function modelCard(kind: ModelKind): Promise<ModelCardSummary> {
  let card = cards.get(kind);
  if (!card) {
    card = fetchAppFile(`/models/${kind}.card.json`).then(
      (bytes) => JSON.parse(new TextDecoder().decode(bytes)) as ModelCardSummary
    );
    card.catch(() => cards.delete(kind));
    cards.set(kind, card);
  }
  return card;
}
