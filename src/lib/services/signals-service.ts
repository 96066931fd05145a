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
import { WorkerBridge, type JobOptions } from './worker-bridge';
import type { ModelRef, SignalsWorkerApi } from '../../../workers/signals.worker';
import SignalsWorker from '../../../workers/signals.worker?worker';

export type { ModelRef };

let bridge: WorkerBridge<SignalsWorkerApi> | undefined;
const signals = () =>
  (bridge ??= new WorkerBridge<SignalsWorkerApi>(() => new SignalsWorker({ name: 'keel-signals' })));

/** The shipped model of a kind (its name is its kind). */
export const builtInModel = (kind: ModelKind): ModelRef => ({ key: kind, kind });

export function loadModel(ref: ModelRef, options: JobOptions = {}) {
  return signals().run(async (api) => api.load(ref), options);
}

export function forecastInWorker(ref: ModelRef, table: PriceTable, options: JobOptions = {}) {
  return signals().run<ForecastReport>(async (api) => (await api.forecast(ref, table)) as ForecastReport, options);
}

export function regimesInWorker(ref: ModelRef, table: PriceTable, bars: number[], options: JobOptions = {}) {
  return signals().run<RegimeReport[]>(async (api) => (await api.regimes(ref, table, bars)) as RegimeReport[], options);
}

export function adviseInWorker(ref: ModelRef, state: Float64Array, options: JobOptions = {}) {
  return signals().run<PolicyAdvice>(async (api) => (await api.advise(ref, state)) as PolicyAdvice, options);
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
  return signals().run<RebalanceAdvice>(
    async (api) => (await api.adviseFor(policy, regimes, input)) as RebalanceAdvice,
    options
  );
}

export function sentimentInWorker(ref: ModelRef, texts: string[], options: JobOptions = {}) {
  return signals().run<SentimentResult[]>(
    async (api) => (await api.sentiment(ref, texts)) as SentimentResult[],
    options
  );
}

/** Checks a user's ONNX file against a kind's contract (and that onnxruntime can load it). */
export function checkModelFile(bytes: Uint8Array, kind: ModelKind) {
  return signals().run<{ ok: true } | { ok: false; message: string }>(
    async (api) => (await api.check(bytes, kind)) as { ok: true } | { ok: false; message: string }
  );
}

/**
 * Benchmark in a fresh worker: session creation (cold, and a second model alone) and inference
 * for `rows` assets (first and warm runs); `startMs` is worker start to the first answer.
 */
export async function benchSignals(rows: number, runs: number) {
  const fresh = new WorkerBridge<SignalsWorkerApi>(() => new SignalsWorker({ name: 'keel-signals-bench' }));
  try {
    const started = performance.now();
    await fresh.run(async (api) =>
      api.load({ key: 'none', kind: 'forecaster', bytes: new Uint8Array() }).catch(() => undefined)
    );
    const startMs = performance.now() - started;
    return { startMs, ...(await fresh.run(async (api) => api.bench(rows, runs))) };
  } finally {
    fresh.terminate();
  }
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
