/**
 * Reading a model's parameters by their tensor names is only sound when the graph around them is
 * the one Keel writes: a file with the same names but other operators (a user's own model) must
 * be refused, saying where it differs, so that it is run by onnxruntime and explained by
 * occlusion instead of being silently re-implemented wrong.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeOnnx, encodeOnnx, OnnxFormatError, type OnnxGraph } from '../../../../src/lib/core/ml/onnx-model';
import { LinearModel } from '../../../../src/lib/core/ml/linear-model';
import { GaussianMixture } from '../../../../src/lib/core/ml/gaussian-mixture';
import { policyFromOnnx } from '../../../../src/lib/core/ml/rebalance-policy';

const graphOf = (name: string) => decodeOnnx(new Uint8Array(readFileSync(`models/${name}.onnx`)));
const POLICY_HEAD = [{ name: 'action_probabilities', activation: 'softmax' as const }];
/** Through bytes and back, as a user's file would arrive. */
const roundTrip = (graph: OnnxGraph) => decodeOnnx(encodeOnnx(graph));

describe('parameters are read out of a graph only when it is the graph Keel writes', () => {
  it('reads node attributes back as written', () => {
    const softmax = roundTrip(graphOf('policy')).nodes.find((n) => n.op === 'Softmax');
    expect(softmax?.attributes).toEqual({ axis: { int: 1 } });
  });

  it('accepts the shipped linear and mixture graphs', () => {
    expect(() => LinearModel.fromOnnx(graphOf('policy'), POLICY_HEAD)).not.toThrow();
    expect(() => GaussianMixture.fromOnnx(graphOf('regimes'))).not.toThrow();
  });

  it('refuses a policy with the same tensors and an extra operator, naming it', () => {
    const graph = graphOf('policy');
    const gemm = graph.nodes.findIndex((n) => n.op === 'Gemm');
    graph.nodes[gemm] = { ...graph.nodes[gemm], outputs: ['linear'] };
    graph.nodes.splice(gemm + 1, 0, { op: 'Relu', inputs: ['linear'], outputs: ['action_probabilities_score'] });
    const file = roundTrip(graph);
    expect(() => LinearModel.fromOnnx(file, POLICY_HEAD)).toThrow(OnnxFormatError);
    expect(() => LinearModel.fromOnnx(file, POLICY_HEAD)).toThrow(
      'This is not a standardised linear model: operator 3 is Gemm(standardised, action_probabilities_weights, action_probabilities_bias) → linear where Gemm(standardised, action_probabilities_weights, action_probabilities_bias) → action_probabilities_score was expected.'
    );
    expect(() => policyFromOnnx(encodeOnnx(graph))).toThrow(/linear policy graph/);
  });

  it('refuses a Gemm whose attributes change what the weights mean', () => {
    const graph = graphOf('policy');
    const gemm = graph.nodes.find((n) => n.op === 'Gemm')!;
    gemm.attributes = { transB: { int: 1 } };
    expect(() => LinearModel.fromOnnx(roundTrip(graph), POLICY_HEAD)).toThrow(/operator 3 is Gemm/);
  });

  it('refuses a mixture whose softmax runs over the other axis', () => {
    const graph = graphOf('regimes');
    graph.nodes.find((n) => n.op === 'Softmax')!.attributes = { axis: { int: 0 } };
    expect(() => GaussianMixture.fromOnnx(roundTrip(graph))).toThrow(
      /not a diagonal Gaussian mixture graph: operator 8/
    );
  });
});
