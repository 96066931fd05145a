/**
 * onnxruntime-web behind the core's ModelPort: a file is decoded and checked against its kind's
 * contract before a session is made (so a wrong file gets a sentence, not a runtime stack), and
 * each model gets one session per worker, created on first use and reused.
 *
 * The caller passes the onnxruntime module: workers import `onnxruntime-web/wasm` (the wasm
 * build, files served by the app), Node imports `onnxruntime-web` (its Node entry runs the same
 * wasm), so the same code runs in both.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import {
  checkContract,
  describeMismatch,
  CONTRACTS,
  type ContractMismatch,
  type ModelKind
} from '../core/ml/contracts';
import { decodeOnnx } from '../core/ml/onnx-model';
import type { ModelPort } from '../core/ml/predictions';

export interface OrtModule {
  InferenceSession: { create(bytes: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: typeof Tensor;
}

export class ModelContractError extends Error {
  readonly code = 'contract-mismatch';
  constructor(
    readonly kind: ModelKind,
    readonly mismatches: ContractMismatch[]
  ) {
    super(
      `This file does not match the ${CONTRACTS[kind].title.toLowerCase()} contract: ${mismatches.map((m) => describeMismatch(m, kind)).join(' ')}`
    );
    this.name = 'ModelContractError';
  }
}

export interface OpenModel extends ModelPort {
  release(): Promise<void>;
}

/** Decodes, checks and opens a model; throws OnnxFormatError or ModelContractError with a sentence. */
export async function openModel(ort: OrtModule, bytes: Uint8Array, kind: ModelKind): Promise<OpenModel> {
  const graph = decodeOnnx(bytes);
  const mismatches = checkContract(graph, kind);
  if (mismatches.length > 0) throw new ModelContractError(kind, mismatches);
  let session: InferenceSession;
  try {
    // Our graphs are a handful of nodes: graph optimisation and memory arenas only cost time at
    // creation (the first session in a worker: ~600 → ~540 ms; later ones: ~9 → ~5 ms).
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'disabled',
      enableCpuMemArena: false,
      enableMemPattern: false
    });
  } catch (error) {
    throw new Error(`onnxruntime could not load this model: ${(error as Error).message}`, { cause: error });
  }
  const contract = CONTRACTS[kind];
  const input = contract.inputs[0];
  const width = input.shape[1] as number;
  return {
    kind,
    graph,
    async run(x: Float32Array, rows: number) {
      const feeds = { [input.name]: new ort.Tensor('float32', x, [rows, width]) };
      const out = await session.run(feeds);
      return Object.fromEntries(contract.outputs.map((o) => [o.name, out[o.name].data as Float32Array]));
    },
    release: () => session.release()
  };
}

/** One open model per key (a built-in name or a stored model's id), opened once and reused. */
export class ModelCache {
  readonly #open = new Map<string, Promise<OpenModel>>();
  constructor(private readonly ort: () => Promise<OrtModule>) {}

  get(key: string, kind: ModelKind, load: () => Promise<Uint8Array>): Promise<OpenModel> {
    let found = this.#open.get(key);
    if (!found) {
      found = Promise.all([load(), this.ort()]).then(([bytes, ort]) => openModel(ort, bytes, kind));
      // A failed load is not cached: the next call tries again.
      found.catch(() => this.#open.delete(key));
      this.#open.set(key, found);
    }
    return found;
  }

  has(key: string): boolean {
    return this.#open.has(key);
  }
}
