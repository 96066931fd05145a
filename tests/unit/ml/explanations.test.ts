/**
 * Explanations: exact for Keel's linear and mixture graphs (the parts sum to the explained score),
 * occlusion for any other file that fits a contract (a user's non-linear model).
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { decodeOnnx, encodeOnnx } from '../../../src/lib/core/ml/onnx-model';
import { GaussianMixture } from '../../../src/lib/core/ml/gaussian-mixture';
import { bucketOf, HASH_BUCKETS } from '../../../src/lib/core/ml/tokenizer';
import { explainRows, scoreHeadlines } from '../../../src/lib/core/ml/predictions';
import { openModel } from '../../../src/lib/ml/onnx-port';

ort.env.wasm.numThreads = 1;

const rows = Float32Array.from([
  0.05, 0.1, 0.2, 0.3, 0.25, -0.05, 1.2, 1.1, -0.05, -0.1, -0.2, -0.3, 0.45, -0.35, -1.2, 1.4
]);

describe('explanations', () => {
  it('are exact for the shipped forecaster: base + contributions = forecast', async () => {
    const model = await openModel(ort, new Uint8Array(readFileSync('models/forecaster.onnx')), 'forecaster');
    const { outputs, method, rows: explained } = await explainRows(model, rows, 2);
    expect(method).toBe('exact');
    explained.forEach((e, r) => {
      const sum = e.contributions.reduce((a, c) => a + c.contribution, e.base);
      expect(sum).toBeCloseTo(outputs.return_forecast[r], 5);
    });
  });

  it('are exact for the regime mixture: the chosen regime and its log-odds parts', async () => {
    const bytes = new Uint8Array(readFileSync('models/regimes.onnx'));
    const model = await openModel(ort, bytes, 'regimes');
    const mixture = GaussianMixture.fromOnnx(decodeOnnx(bytes));
    const x = Float32Array.from([0.12, 0.08, 0.2, -0.01, 0.45, -0.15, 0.55, -0.3]);
    const { outputs, method, rows: explained } = await explainRows(model, x, 2);
    expect(method).toBe('exact');
    for (let r = 0; r < 2; r++) {
      const p = Array.from(outputs.regime_probabilities.subarray(r * 3, r * 3 + 3));
      const c = p.indexOf(Math.max(...p));
      expect(explained[r].explains).toBe(['calm', 'normal', 'stressed'][c]);
      // The regime's logit minus the mean logit equals base + Σ parts.
      const parts = mixture.logitParts(x, r);
      const logits = [0, 1, 2].map(
        (k) => mixture.p.constant[k] + [0, 1, 2, 3].reduce((a, j) => a + parts[j * 3 + k], 0)
      );
      const logOdds = logits[c] - (logits[0] + logits[1] + logits[2]) / 3;
      const sum = explained[r].contributions.reduce((a, k) => a + k.contribution, explained[r].base);
      expect(sum).toBeCloseTo(logOdds, 6);
    }
  });

  it('fall back to occlusion for another model that fits the contract', async () => {
    // A small non-linear forecaster: return = relu(x₀ − x₁) · 0.1, log-volatility = x₄ (feature 7 unused).
    const w1 = new Float32Array(8 * 1);
    w1[0] = 1;
    w1[1] = -1;
    const w3 = new Float32Array(8 * 1);
    w3[4] = 1;
    const bytes = encodeOnnx({
      name: 'user-forecaster',
      metadata: {},
      inputs: [{ name: 'features', type: 'float32', shape: ['N', 8] }],
      outputs: [
        { name: 'return_forecast', type: 'float32', shape: ['N', 1] },
        { name: 'volatility_forecast', type: 'float32', shape: ['N', 1] }
      ],
      initializers: [
        { name: 'w1', dims: [8, 1], data: w1 },
        { name: 'b1', dims: [1], data: new Float32Array(1) },
        { name: 'scale', dims: [1], data: Float32Array.of(0.1) },
        { name: 'w3', dims: [8, 1], data: w3 },
        { name: 'b3', dims: [1], data: new Float32Array(1) }
      ],
      nodes: [
        { op: 'Gemm', inputs: ['features', 'w1', 'b1'], outputs: ['h'] },
        { op: 'Relu', inputs: ['h'], outputs: ['r'] },
        { op: 'Mul', inputs: ['r', 'scale'], outputs: ['return_forecast'] },
        { op: 'Gemm', inputs: ['features', 'w3', 'b3'], outputs: ['v'] },
        { op: 'Exp', inputs: ['v'], outputs: ['volatility_forecast'] }
      ]
    });
    const model = await openModel(ort, bytes, 'forecaster');
    const { outputs, method, rows: explained } = await explainRows(model, rows, 2);
    expect(method).toBe('occlusion');
    expect(outputs.return_forecast[0]).toBe(0);
    expect(outputs.return_forecast[1]).toBeCloseTo(0.005, 7);
    const first = explained[1].contributions;
    expect(first.reduce((a, c) => a + c.contribution, explained[1].base)).toBeCloseTo(0.005, 7);
    expect(first.find((c) => c.feature === 'beta_12m')!.contribution).toBe(0);
    expect(Math.abs(first.find((c) => c.feature === 'momentum_1m')!.contribution)).toBeGreaterThan(0);
    expect(first.find((c) => c.feature === 'volatility_3m')!.contribution).toBe(0);
  });

  it('name the words behind a headline score', async () => {
    const model = await openModel(ort, new Uint8Array(readFileSync('models/sentiment.onnx')), 'sentiment');
    const [result] = await scoreHeadlines(model, ['Shares plunge after profit warning']);
    expect(result.label).toBe('bearish');
    expect(result.contributions[0].weight).toBeGreaterThan(0);
    expect(result.contributions.map((c) => c.token).join(' ')).toMatch(/plunge|warning/);
  });

  it('name the words behind a user sentiment model too, by occlusion', async () => {
    // Not linear: scores = softmax(relu(x · W)), W pushing "plunge" toward bearish.
    const w = new Float32Array(HASH_BUCKETS * 3);
    w[bucketOf('plunge') * 3] = 4;
    const bytes = encodeOnnx({
      name: 'user-sentiment',
      metadata: {},
      inputs: [{ name: 'hashed_ngrams', type: 'float32', shape: ['N', HASH_BUCKETS] }],
      outputs: [{ name: 'scores', type: 'float32', shape: ['N', 3] }],
      initializers: [
        { name: 'w', dims: [HASH_BUCKETS, 3], data: w },
        { name: 'b', dims: [3], data: new Float32Array(3) }
      ],
      nodes: [
        { op: 'Gemm', inputs: ['hashed_ngrams', 'w', 'b'], outputs: ['z'] },
        { op: 'Relu', inputs: ['z'], outputs: ['r'] },
        { op: 'Softmax', inputs: ['r'], outputs: ['scores'], attributes: { axis: { int: 1 } } }
      ]
    });
    const model = await openModel(ort, bytes, 'sentiment');
    const [result] = await scoreHeadlines(model, ['Shares plunge']);
    expect(result.label).toBe('bearish');
    expect(result.contributions[0].token).toBe('plunge');
    expect(result.contributions[0].weight).toBeGreaterThan(0.5);
    expect(result.contributions.find((c) => c.token === 'shares')!.weight).toBe(0);
  });
});
