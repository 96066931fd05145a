/**
 * A linear model with standardised inputs and one or more output heads: the return/volatility
 * forecaster (ridge), the learned rebalancing policy (softmax over actions) and headline
 * sentiment (softmax over hashed n-grams) are all this. One class holds the float32 parameters
 * the ONNX file holds, predicts exactly as the ONNX graph does (the TypeScript reference of the
 * parity tests), explains a prediction exactly (each feature's share of the linear score), and
 * writes and reads its ONNX graph.
 */
import {
  graphDifference,
  initializer,
  OnnxFormatError,
  type OnnxGraph,
  type OnnxNode,
  type TensorSpec
} from './onnx-model';

/** identity: the score; exp: e^score (a positive quantity forecast in logs); softmax: class probabilities. */
export type Activation = 'identity' | 'exp' | 'softmax';

export interface LinearHead {
  /** The ONNX output name. */
  name: string;
  activation: Activation;
  /** features × outputs, row-major. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface LinearModelParameters {
  features: number;
  /** Standardisation (x − mean) / scale; omitted: the raw inputs go straight in. */
  mean?: Float32Array;
  scale?: Float32Array;
  heads: LinearHead[];
}

export class LinearModel {
  constructor(readonly p: LinearModelParameters) {
    for (const head of p.heads)
      if (head.weights.length !== p.features * head.bias.length)
        throw new Error(`Head ${head.name}: ${head.weights.length} weights for ${p.features} features`);
  }

  outputsOf(head: LinearHead): number {
    return head.bias.length;
  }

  /** The standardised row (what the weights multiply), in float32 as onnxruntime computes it. */
  standardise(x: ArrayLike<number>, row = 0): Float64Array {
    const f = this.p.features;
    const z = new Float64Array(f);
    for (let j = 0; j < f; j++) {
      const v = x[row * f + j];
      z[j] = this.p.mean && this.p.scale ? Math.fround(Math.fround(v - this.p.mean[j]) / this.p.scale[j]) : v;
    }
    return z;
  }

  /** Linear scores of `head` for `rows` rows of `x` (rows × outputs). */
  scores(x: ArrayLike<number>, rows: number, head: LinearHead): Float64Array {
    const f = this.p.features;
    const k = head.bias.length;
    const out = new Float64Array(rows * k);
    for (let r = 0; r < rows; r++) {
      const z = this.standardise(x, r);
      for (let c = 0; c < k; c++) {
        let s = head.bias[c];
        for (let j = 0; j < f; j++) if (z[j] !== 0) s += z[j] * head.weights[j * k + c];
        out[r * k + c] = s;
      }
    }
    return out;
  }

  /** The outputs of every head, keyed by output name, as the ONNX model gives them. */
  predict(x: ArrayLike<number>, rows: number): Record<string, Float64Array> {
    const result: Record<string, Float64Array> = {};
    for (const head of this.p.heads) {
      const s = this.scores(x, rows, head);
      result[head.name] = activate(s, head.bias.length, head.activation);
    }
    return result;
  }

  /**
   * Exact per-feature contributions to the linear score of output `column` of `head` for one
   * row: score = bias + Σ contributions (for softmax heads, to that class's logit; for exp heads,
   * to the log of the forecast).
   */
  contributions(x: ArrayLike<number>, head: LinearHead, column = 0, row = 0): { base: number; parts: Float64Array } {
    const k = head.bias.length;
    const z = this.standardise(x, row);
    return { base: head.bias[column], parts: z.map((v, j) => v * head.weights[j * k + column]) };
  }

  head(name: string): LinearHead {
    const found = this.p.heads.find((h) => h.name === name);
    if (!found) throw new Error(`No output ${name}`);
    return found;
  }

  /** The ONNX graph: Sub, Div (when standardised), then per head Gemm and its activation. */
  toOnnx(inputName: string, metadata: Record<string, string>, graphName: string): OnnxGraph {
    const f = this.p.features;
    const nodes: OnnxNode[] = [];
    const initializers = [];
    let z = inputName;
    if (this.p.mean && this.p.scale) {
      initializers.push({ name: 'feature_mean', dims: [f], data: this.p.mean });
      initializers.push({ name: 'feature_scale', dims: [f], data: this.p.scale });
      nodes.push({ op: 'Sub', inputs: [inputName, 'feature_mean'], outputs: ['centred'] });
      nodes.push({ op: 'Div', inputs: ['centred', 'feature_scale'], outputs: ['standardised'] });
      z = 'standardised';
    }
    const outputs: TensorSpec[] = [];
    for (const head of this.p.heads) {
      const k = head.bias.length;
      initializers.push({ name: `${head.name}_weights`, dims: [f, k], data: head.weights });
      initializers.push({ name: `${head.name}_bias`, dims: [k], data: head.bias });
      const linear = head.activation === 'identity' ? head.name : `${head.name}_score`;
      nodes.push({ op: 'Gemm', inputs: [z, `${head.name}_weights`, `${head.name}_bias`], outputs: [linear] });
      if (head.activation === 'exp') nodes.push({ op: 'Exp', inputs: [linear], outputs: [head.name] });
      if (head.activation === 'softmax')
        nodes.push({ op: 'Softmax', inputs: [linear], outputs: [head.name], attributes: { axis: { int: 1 } } });
      outputs.push({ name: head.name, type: 'float32', shape: ['N', k] });
    }
    return {
      name: graphName,
      inputs: [{ name: inputName, type: 'float32', shape: ['N', f] }],
      outputs,
      initializers,
      nodes,
      metadata
    };
  }

  /**
   * The parameters back out of a graph `toOnnx` wrote; throws OnnxFormatError, saying how, when the
   * file is anything else (a model with the same tensor names but other operators included).
   */
  static fromOnnx(graph: OnnxGraph, heads: { name: string; activation: Activation }[]): LinearModel {
    const hasScaling = graph.initializers.some((i) => i.name === 'feature_mean');
    const built = heads.map(({ name, activation }) => {
      const w = initializer(graph, `${name}_weights`);
      return { name, activation, weights: w.data, bias: initializer(graph, `${name}_bias`).data, features: w.dims[0] };
    });
    const model = new LinearModel({
      features: built[0].features,
      mean: hasScaling ? initializer(graph, 'feature_mean').data : undefined,
      scale: hasScaling ? initializer(graph, 'feature_scale').data : undefined,
      heads: built.map(({ name, activation, weights, bias }) => ({ name, activation, weights, bias }))
    });
    const difference = graphDifference(graph, model.toOnnx(graph.inputs[0]?.name ?? '', graph.metadata, graph.name));
    if (difference) throw new OnnxFormatError(`This is not a standardised linear model: ${difference}.`);
    return model;
  }
}

export function activate(scores: Float64Array, width: number, activation: Activation): Float64Array {
  if (activation === 'identity') return scores;
  if (activation === 'exp') return scores.map(Math.exp);
  const out = new Float64Array(scores.length);
  for (let r = 0; r < scores.length / width; r++) {
    let max = -Infinity;
    for (let c = 0; c < width; c++) max = Math.max(max, scores[r * width + c]);
    let sum = 0;
    for (let c = 0; c < width; c++) sum += out[r * width + c] = Math.exp(scores[r * width + c] - max);
    for (let c = 0; c < width; c++) out[r * width + c] /= sum;
  }
  return out;
}

/** Column means and standard deviations (ddof 0; a constant column gets scale 1). */
export function standardisation(
  x: Float64Array,
  rows: number,
  features: number
): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(features);
  const scale = new Float64Array(features);
  for (let r = 0; r < rows; r++) for (let j = 0; j < features; j++) mean[j] += x[r * features + j] / rows;
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < features; j++) scale[j] += (x[r * features + j] - mean[j]) ** 2 / rows;
  for (let j = 0; j < features; j++) scale[j] = Math.sqrt(scale[j]) || 1;
  return { mean, scale };
}
