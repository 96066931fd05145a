/**
 * onnxruntime-web for the browser's workers: the wasm-only build (no WebGPU, 14 MB instead of
 * 28 MB), single-threaded (no cross-origin isolation needed), its wasm served by the app itself
 * and precached by the service worker, so models run offline and nothing is fetched elsewhere.
 */
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';

ort.env.wasm.proxy = false;
ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = { wasm: wasmUrl };

export { ort };
