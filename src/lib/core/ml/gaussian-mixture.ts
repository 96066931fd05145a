/**
 * Market regimes: a Gaussian mixture with diagonal covariances on standardised market features,
 * fitted by EM from a seeded k-means++ start, components ordered by their mean volatility
 * (calm → stressed). A diagonal mixture's log-posterior is separable per feature —
 * logit_k(z) = c_k + Σ_j (A_jk z_j² + B_jk z_j) — so it is exactly explainable and needs only
 * Mul, MatMul, Add and Softmax in ONNX.
 */
import { mulberry32 } from '../random';
import { graphDifference, initializer, OnnxFormatError, type OnnxGraph } from './onnx-model';
import { activate, standardisation } from './linear-model';

export interface MixtureParameters {
  features: number;
  components: number;
  mean: Float32Array;
  scale: Float32Array;
  /** Per-feature quadratic (−1/2σ²), linear (μ/σ²) coefficients (features × components) and constants. */
  quadratic: Float32Array;
  linear: Float32Array;
  constant: Float32Array;
}

/** Smallest variance of a component in standardised units: keeps logits moderate and EM stable. */
const VARIANCE_FLOOR = 0.05;

export interface FittedMixture {
  model: GaussianMixture;
  /** Standardised means and variances (components × features), for the card. */
  means: Float64Array;
  variances: Float64Array;
  weights: Float64Array;
  logLikelihood: number;
  iterations: number;
}

export function fitMixture(x: Float64Array, rows: number, f: number, k: number, seed: number): FittedMixture {
  const { mean, scale } = standardisation(x, rows, f);
  const mean32 = Float32Array.from(mean);
  const scale32 = Float32Array.from(scale);
  const z = x.map((v, i) => Math.fround(Math.fround(v - mean32[i % f]) / scale32[i % f]));
  const random = mulberry32(seed);
  // k-means++ start: each next centre drawn in proportion to squared distance to the nearest one.
  const centres: number[] = [Math.floor(random() * rows)];
  const dist = (r: number, c: number) => {
    let d = 0;
    for (let j = 0; j < f; j++) d += (z[r * f + j] - z[c * f + j]) ** 2;
    return d;
  };
  while (centres.length < k) {
    const d = Array.from({ length: rows }, (_, r) => Math.min(...centres.map((c) => dist(r, c))));
    const total = d.reduce((a, b) => a + b, 0);
    let pick = random() * total;
    let r = 0;
    while (r < rows - 1 && (pick -= d[r]) > 0) r++;
    centres.push(r);
  }
  const mu = new Float64Array(k * f);
  centres.forEach((c, i) => mu.set(z.subarray(c * f, (c + 1) * f), i * f));
  const variance = new Float64Array(k * f).fill(1);
  const weights = new Float64Array(k).fill(1 / k);
  const resp = new Float64Array(rows * k);
  let logLikelihood = -Infinity;
  let iterations = 0;
  for (; iterations < 500; iterations++) {
    // E step.
    let ll = 0;
    for (let r = 0; r < rows; r++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = Math.log(weights[c]);
        for (let j = 0; j < f; j++) {
          const v = variance[c * f + j];
          s -= 0.5 * (Math.log(2 * Math.PI * v) + (z[r * f + j] - mu[c * f + j]) ** 2 / v);
        }
        resp[r * k + c] = s;
        max = Math.max(max, s);
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += resp[r * k + c] = Math.exp(resp[r * k + c] - max);
      for (let c = 0; c < k; c++) resp[r * k + c] /= sum;
      ll += max + Math.log(sum);
    }
    // M step.
    for (let c = 0; c < k; c++) {
      let nk = 0;
      for (let r = 0; r < rows; r++) nk += resp[r * k + c];
      weights[c] = Math.max(nk / rows, 1e-6);
      for (let j = 0; j < f; j++) {
        let m = 0;
        for (let r = 0; r < rows; r++) m += resp[r * k + c] * z[r * f + j];
        m /= nk;
        let v = 0;
        for (let r = 0; r < rows; r++) v += resp[r * k + c] * (z[r * f + j] - m) ** 2;
        mu[c * f + j] = m;
        variance[c * f + j] = Math.max(v / nk, VARIANCE_FLOOR);
      }
    }
    if (Math.abs(ll - logLikelihood) < 1e-9 * Math.abs(ll)) {
      logLikelihood = ll;
      break;
    }
    logLikelihood = ll;
  }
  // Order components by mean of the first feature (volatility): calm first.
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => mu[a * f] - mu[b * f]);
  const sortedMu = new Float64Array(k * f);
  const sortedVar = new Float64Array(k * f);
  const sortedW = new Float64Array(k);
  order.forEach((c, i) => {
    sortedMu.set(mu.subarray(c * f, (c + 1) * f), i * f);
    sortedVar.set(variance.subarray(c * f, (c + 1) * f), i * f);
    sortedW[i] = weights[c];
  });
  const quadratic = new Float32Array(f * k);
  const linear = new Float32Array(f * k);
  const constant = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    let s = Math.log(sortedW[c]);
    for (let j = 0; j < f; j++) {
      const v = sortedVar[c * f + j];
      const m = sortedMu[c * f + j];
      quadratic[j * k + c] = -0.5 / v;
      linear[j * k + c] = m / v;
      s -= 0.5 * (Math.log(2 * Math.PI * v) + (m * m) / v);
    }
    constant[c] = s;
  }
  return {
    model: new GaussianMixture({
      features: f,
      components: k,
      mean: mean32,
      scale: scale32,
      quadratic,
      linear,
      constant
    }),
    means: sortedMu,
    variances: sortedVar,
    weights: sortedW,
    logLikelihood,
    iterations
  };
}

export class GaussianMixture {
  constructor(readonly p: MixtureParameters) {}

  /** Per-feature contributions to each component's logit (features × components) plus the constants. */
  logitParts(x: ArrayLike<number>, row = 0): Float64Array {
    const { features: f, components: k } = this.p;
    const parts = new Float64Array(f * k);
    for (let j = 0; j < f; j++) {
      const z = Math.fround(Math.fround(x[row * f + j] - this.p.mean[j]) / this.p.scale[j]);
      for (let c = 0; c < k; c++) parts[j * k + c] = this.p.quadratic[j * k + c] * z * z + this.p.linear[j * k + c] * z;
    }
    return parts;
  }

  /** Regime probabilities (rows × components), as the ONNX graph computes them. */
  predict(x: ArrayLike<number>, rows: number): Float64Array {
    const { features: f, components: k } = this.p;
    const logits = new Float64Array(rows * k);
    for (let r = 0; r < rows; r++) {
      const parts = this.logitParts(x, r);
      for (let c = 0; c < k; c++) {
        let s = this.p.constant[c];
        for (let j = 0; j < f; j++) s += parts[j * k + c];
        logits[r * k + c] = s;
      }
    }
    return activate(logits, k, 'softmax');
  }

  /**
   * Exact explanation of regime `c` for one row: each feature's contribution to c's logit minus
   * the mean of all regimes' logits (a log-odds against the average regime).
   */
  explain(x: ArrayLike<number>, c: number, row = 0): Float64Array {
    const { features: f, components: k } = this.p;
    const parts = this.logitParts(x, row);
    return Float64Array.from({ length: f }, (_, j) => {
      let mean = 0;
      for (let o = 0; o < k; o++) mean += parts[j * k + o] / k;
      return parts[j * k + c] - mean;
    });
  }

  toOnnx(inputName: string, outputName: string, metadata: Record<string, string>): OnnxGraph {
    const { features: f, components: k } = this.p;
    return {
      name: 'regimes',
      inputs: [{ name: inputName, type: 'float32', shape: ['N', f] }],
      outputs: [{ name: outputName, type: 'float32', shape: ['N', k] }],
      initializers: [
        { name: 'feature_mean', dims: [f], data: this.p.mean },
        { name: 'feature_scale', dims: [f], data: this.p.scale },
        { name: 'quadratic', dims: [f, k], data: this.p.quadratic },
        { name: 'linear', dims: [f, k], data: this.p.linear },
        { name: 'constant', dims: [k], data: this.p.constant }
      ],
      nodes: [
        { op: 'Sub', inputs: [inputName, 'feature_mean'], outputs: ['centred'] },
        { op: 'Div', inputs: ['centred', 'feature_scale'], outputs: ['z'] },
        { op: 'Mul', inputs: ['z', 'z'], outputs: ['z_squared'] },
        { op: 'MatMul', inputs: ['z_squared', 'quadratic'], outputs: ['quadratic_part'] },
        { op: 'MatMul', inputs: ['z', 'linear'], outputs: ['linear_part'] },
        { op: 'Add', inputs: ['quadratic_part', 'linear_part'], outputs: ['feature_part'] },
        { op: 'Add', inputs: ['feature_part', 'constant'], outputs: ['logits'] },
        { op: 'Softmax', inputs: ['logits'], outputs: [outputName], attributes: { axis: { int: 1 } } }
      ],
      metadata
    };
  }

  static fromOnnx(graph: OnnxGraph): GaussianMixture {
    const quadratic = initializer(graph, 'quadratic');
    const mixture = new GaussianMixture({
      features: quadratic.dims[0],
      components: quadratic.dims[1],
      mean: initializer(graph, 'feature_mean').data,
      scale: initializer(graph, 'feature_scale').data,
      quadratic: quadratic.data,
      linear: initializer(graph, 'linear').data,
      constant: initializer(graph, 'constant').data
    });
    const expected = mixture.toOnnx(graph.inputs[0]?.name ?? '', graph.outputs[0]?.name ?? '', graph.metadata);
    const difference = graphDifference(graph, expected);
    if (difference) throw new OnnxFormatError(`This is not a diagonal Gaussian mixture graph: ${difference}.`);
    return mixture;
  }
}
