/**
 * onnxruntime-web for the browser's workers: the wasm-only build (no WebGPU, 14 MB instead of
 * 28 MB), single-threaded (no cross-origin isolation needed), its wasm served by the app itself
 * and precached by the service worker, so models run offline and nothing is fetched elsewhere.
 *
 * Speed: the wasm is compiled while it streams in from the offline cache (going through the
 * service worker's fetch handler instead costs ~350 ms more), or not at all when the page hands
 * this worker the module another worker compiled (see compiled-runtime.ts). Starting the runtime
 * then costs ~400 ms the first time in a browser process (V8 compiling on first call the ~3,000
 * functions its set-up runs) and ~100 ms while any worker or page still holds the module.
 */
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { compileAppWasm } from '../net/app-files';
import { startOrtOn } from './compiled-runtime';

ort.env.wasm.proxy = false;
ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = { wasm: wasmUrl };

let adopted: WebAssembly.Module | undefined;
let compiled: Promise<WebAssembly.Module | undefined> | undefined;
let runtime: Promise<typeof ort> | undefined;

/** Where this worker's runtime came from: handed over, compiled from the app's file, or left to onnxruntime. */
export type RuntimeSource = 'adopted' | 'compiled' | 'onnxruntime';
let source: RuntimeSource | undefined;
export const runtimeSource = () => source;

/** Gives this worker a runtime compiled elsewhere; only before the runtime is first needed. */
export function adoptRuntime(module: WebAssembly.Module): void {
  if (!compiled) adopted = module;
}

async function obtainModule(): Promise<WebAssembly.Module | undefined> {
  if (adopted) {
    source = 'adopted';
    return adopted;
  }
  try {
    const module = await compileAppWasm(wasmUrl);
    source = 'compiled';
    return module;
  } catch {
    // Without a module, onnxruntime fetches and compiles the wasm itself from wasmPaths.
    source = 'onnxruntime';
    return undefined;
  }
}

/** The runtime's compiled module: the adopted one, or compiled from the app's own file. */
export function compiledRuntime(): Promise<WebAssembly.Module | undefined> {
  compiled ??= obtainModule();
  return compiled;
}

/** onnxruntime, started; the first call starts it, later calls are free. */
export function loadOrt(): Promise<typeof ort> {
  runtime ??= compiledRuntime().then(async (module) => {
    if (module) await startOrtOn(ort, module);
    return ort;
  });
  return runtime;
}
