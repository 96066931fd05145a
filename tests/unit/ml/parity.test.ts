/**
 * Parity: every shipped .onnx file, run by onnxruntime-web (its Node entry, the same wasm as the
 * browser), gives the outputs of its TypeScript reference within 1e-5 on test vectors; and a file
 * that is not a model, or not the model a contract asks for, is refused with a sentence.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { decodeOnnx, encodeOnnx, OnnxFormatError } from '../../../src/lib/core/ml/onnx-model';
import { LinearModel } from '../../../src/lib/core/ml/linear-model';
import { GaussianMixture } from '../../../src/lib/core/ml/gaussian-mixture';
import { hashText, HASH_BUCKETS } from '../../../src/lib/core/ml/tokenizer';
import { mulberry32 } from '../../../src/lib/core/random';
import { ModelContractError, openModel } from '../../../src/lib/ml/onnx-port';

ort.env.wasm.numThreads = 1;
const file = (name: string) => new Uint8Array(readFileSync(`models/${name}.onnx`));

function randomRows(rows: number, ranges: [number, number][], seed: number): Float32Array {
  const random = mulberry32(seed);
  const out = new Float32Array(rows * ranges.length);
  for (let r = 0; r < rows; r++)
    ranges.forEach(([lo, hi], j) => (out[r * ranges.length + j] = lo + (hi - lo) * random()));
  return out;
}

function expectClose(actual: Float32Array, expected: Float64Array) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThan(1e-5);
}

describe('ONNX files agree with their TypeScript references', () => {
  it('forecaster: return and volatility forecasts', async () => {
    const bytes = file('forecaster');
    const model = await openModel(ort, bytes, 'forecaster');
    const reference = LinearModel.fromOnnx(decodeOnnx(bytes), [
      { name: 'return_forecast', activation: 'identity' },
      { name: 'volatility_forecast', activation: 'exp' }
    ]);
    const x = randomRows(
      200,
      [
        [-0.3, 0.3],
        [-0.5, 0.5],
        [-0.6, 0.8],
        [-0.8, 1.5],
        [0.05, 0.9],
        [-0.7, 0],
        [-3, 3],
        [0, 2]
      ],
      1
    );
    const out = await model.run(x, 200);
    const ref = reference.predict(x, 200);
    expectClose(out.return_forecast, ref.return_forecast);
    expectClose(out.volatility_forecast, ref.volatility_forecast);
  });

  it('regimes: probabilities of calm, normal, stressed', async () => {
    const bytes = file('regimes');
    const model = await openModel(ort, bytes, 'regimes');
    const x = randomRows(
      300,
      [
        [0.05, 0.8],
        [-0.4, 0.3],
        [0, 0.9],
        [-0.6, 0]
      ],
      2
    );
    const out = await model.run(x, 300);
    expectClose(out.regime_probabilities, GaussianMixture.fromOnnx(decodeOnnx(bytes)).predict(x, 300));
  });

  it('policy: action probabilities', async () => {
    const bytes = file('policy');
    const model = await openModel(ort, bytes, 'policy');
    const x = randomRows(
      300,
      [
        [0, 0.1],
        [0, 0.2],
        [0.05, 0.8],
        [0, 1],
        [0, 60],
        [0, 2]
      ],
      3
    );
    const out = await model.run(x, 300);
    const reference = LinearModel.fromOnnx(decodeOnnx(bytes), [
      { name: 'action_probabilities', activation: 'softmax' }
    ]);
    expectClose(out.action_probabilities, reference.predict(x, 300).action_probabilities);
  });

  it('sentiment: class scores of real headlines', async () => {
    const bytes = file('sentiment');
    const model = await openModel(ort, bytes, 'sentiment');
    const texts = readFileSync('models/data/twitter-financial-news-sentiment/sent_valid.csv', 'utf8')
      .split('\n')
      .slice(1, 61);
    const x = new Float32Array(texts.length * HASH_BUCKETS);
    texts.forEach((t, r) => x.set(hashText(t).row, r * HASH_BUCKETS));
    const out = await model.run(x, texts.length);
    const reference = LinearModel.fromOnnx(decodeOnnx(bytes), [{ name: 'scores', activation: 'softmax' }]);
    expectClose(out.scores, reference.predict(x, texts.length).scores);
  });
});

describe('a file that does not fit is refused with a sentence', () => {
  it('names the tensor a contract needs when the file is another kind of model', async () => {
    const error = await openModel(ort, file('forecaster'), 'regimes').catch((e) => e);
    expect(error).toBeInstanceOf(ModelContractError);
    expect(error.message).toContain('needs an input named "market_features" (float32 [N, 4])');
    expect(error.message).toContain('needs an output named "regime_probabilities"');
  });

  it('names the expected and found shape', async () => {
    const graph = decodeOnnx(file('regimes'));
    const wrong = encodeOnnx({ ...graph, inputs: [{ ...graph.inputs[0], shape: ['N', 5] }] });
    const error = await openModel(ort, wrong, 'regimes').catch((e) => e);
    expect(error).toBeInstanceOf(ModelContractError);
    expect(error.message).toContain('"market_features" must have shape [N, 4]; the file\'s has [N, 5].');
  });

  it('says when the bytes are not an ONNX model at all', async () => {
    const csv = new TextEncoder().encode('date,AAPL\n2024-01-02,185.6\n');
    await expect(openModel(ort, csv, 'forecaster')).rejects.toBeInstanceOf(OnnxFormatError);
    await expect(openModel(ort, new Uint8Array(), 'forecaster')).rejects.toThrow(/not an ONNX model/);
  });
});
