/**
 * onnxruntime-web for the browser's workers: the wasm-only build (no WebGPU, 14 MB instead of
 * 28 MB), single-threaded (no cross-origin isolation needed), its wasm served by the app itself
 * and precached by the service worker, so models run offline and nothing is fetched elsewhere.
 *
 * Speed: reading the 14 MB wasm through the service worker's fetch handler costs ~350 ms on a
 * slow laptop, reading it from the offline cache directly ~100 ms, so the worker reads app files
 * from Cache Storage first and hands onnxruntime the bytes (it then compiles them, ~90 ms).
 */
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { readAppFile } from '../net/app-files';

ort.env.wasm.proxy = false;
ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = { wasm: wasmUrl };

let runtime: Promise<typeof ort> | undefined;

/** onnxruntime with its wasm bytes in hand; the first call reads them, later calls are free. */
export function loadOrt(): Promise<typeof ort> {
  runtime ??= readAppFile(wasmUrl)
    .then((bytes) => {
      ort.env.wasm.wasmBinary = bytes;
      return ort;
    })
    // Without the bytes, onnxruntime fetches the wasm itself from wasmPaths.
    .catch(() => ort);
  return runtime;
}
