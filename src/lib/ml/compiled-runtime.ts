/**
 * Starting onnxruntime-web on a WebAssembly module compiled beforehand: by streaming compilation
 * while the 14 MB wasm is read from the offline cache, or by another worker (the page holds the
 * compiled module once a model has been used, and V8 shares its code, including the functions
 * compiled on first call, so a later worker's runtime starts in ~100 ms instead of ~500 ms).
 *
 * onnxruntime-web has no option that takes a compiled module: its emscripten loader calls
 * `WebAssembly.instantiate(bytes, imports)` once, with the bytes of `env.wasm.wasmBinary`. While
 * the runtime starts, that call is answered with an instance of our module instead. A test runs
 * this against the installed onnxruntime-web, so an upgrade that changes the loader fails there.
 */
import type { InferenceSession } from 'onnxruntime-web';
import { encodeOnnx } from '../core/ml/onnx-model';

export interface StartableOrt {
  env: { wasm: { wasmBinary?: ArrayBufferLike | Uint8Array } };
  InferenceSession: { create(bytes: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
}

/** A one-node model: creating its session is what starts the runtime. */
const STARTER = encodeOnnx({
  name: 'start',
  inputs: [{ name: 'x', type: 'float32', shape: [1] }],
  outputs: [{ name: 'y', type: 'float32', shape: [1] }],
  initializers: [],
  nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
  metadata: {}
});

export class RuntimeStartError extends Error {
  readonly code = 'runtime-start';
}

/** Starts onnxruntime (once per worker) on `module`; afterwards its sessions open in a few ms. */
export async function startOrtOn(ort: StartableOrt, module: WebAssembly.Module): Promise<void> {
  const instantiate = WebAssembly.instantiate;
  let used = false;
  WebAssembly.instantiate = (async (_bytes: unknown, imports?: WebAssembly.Imports) => {
    used = true;
    return { instance: await instantiate(module, imports), module };
  }) as typeof WebAssembly.instantiate;
  // The loader insists on bytes; these are never compiled.
  ort.env.wasm.wasmBinary = new ArrayBuffer(8);
  try {
    const session = await ort.InferenceSession.create(STARTER, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'disabled',
      enableCpuMemArena: false,
      enableMemPattern: false
    });
    await session.release();
  } catch (error) {
    throw new RuntimeStartError(`onnxruntime could not start: ${(error as Error).message}`, { cause: error });
  } finally {
    WebAssembly.instantiate = instantiate;
  }
  if (!used) throw new RuntimeStartError('onnxruntime started without the compiled module it was given.');
}
