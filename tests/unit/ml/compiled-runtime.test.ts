/**
 * onnxruntime-web started on a module compiled beforehand (what the signals worker does with the
 * module it compiled while streaming, or was handed by the page). Runs against the installed
 * onnxruntime-web, whose Node entry loads the browser's emscripten loader and wasm: if an upgrade
 * stops instantiating through WebAssembly.instantiate, this fails instead of the app.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { decodeOnnx } from '../../../src/lib/core/ml/onnx-model';
import { LinearModel } from '../../../src/lib/core/ml/linear-model';
import { startOrtOn } from '../../../src/lib/ml/compiled-runtime';
import { openModel } from '../../../src/lib/ml/onnx-port';

ort.env.wasm.numThreads = 1;

describe('onnxruntime started on a compiled module', () => {
  it('instantiates the given module, restores WebAssembly.instantiate, and runs models exactly', async () => {
    const module = await WebAssembly.compile(
      readFileSync('node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.wasm')
    );
    const instantiate = WebAssembly.instantiate;
    await startOrtOn(ort, module);
    expect(WebAssembly.instantiate).toBe(instantiate);

    const bytes = new Uint8Array(readFileSync('models/forecaster.onnx'));
    const model = await openModel(ort, bytes, 'forecaster');
    const reference = LinearModel.fromOnnx(decodeOnnx(bytes), [
      { name: 'return_forecast', activation: 'identity' },
      { name: 'volatility_forecast', activation: 'exp' }
    ]);
    const x = new Float32Array(8 * 3).map((_, i) => Math.sin(i) * 0.3);
    const out = await model.run(x, 3);
    const expected = reference.predict(x, 3);
    for (const head of ['return_forecast', 'volatility_forecast'] as const)
      for (let i = 0; i < 3; i++) expect(Math.abs(out[head][i] - expected[head][i])).toBeLessThan(1e-5);
    await model.release();
  });
});
