/**
 * The published contracts of Keel's four model kinds: input and output tensor names, element
 * types and shapes (N: any number of rows). A model — ours or one a user brings — is usable for
 * a kind when its graph matches the contract; checkContract says which tensor does not, and how.
 */
import { ASSET_FEATURES } from './asset-features';
import { MARKET_FEATURES } from './market-features';
import type { OnnxGraph, TensorSpec } from './onnx-model';
import { POLICY_FEATURES } from './rebalance-policy';
import { HASH_BUCKETS } from './tokenizer';

export type ModelKind = 'forecaster' | 'regimes' | 'policy' | 'sentiment';
export const MODEL_KINDS: readonly ModelKind[] = ['forecaster', 'regimes', 'policy', 'sentiment'];

export interface ModelContract {
  kind: ModelKind;
  title: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** The input columns in order, with units. */
  features: readonly { name: string; unit: string }[];
  /** Names of the output columns (classes, regimes, actions). */
  outputColumns?: readonly string[];
}

export const CONTRACTS: Record<ModelKind, ModelContract> = {
  forecaster: {
    kind: 'forecaster',
    title: 'Return and risk forecaster',
    inputs: [{ name: 'features', type: 'float32', shape: ['N', ASSET_FEATURES.length] }],
    outputs: [
      { name: 'return_forecast', type: 'float32', shape: ['N', 1] },
      { name: 'volatility_forecast', type: 'float32', shape: ['N', 1] }
    ],
    features: ASSET_FEATURES
  },
  regimes: {
    kind: 'regimes',
    title: 'Market regimes',
    inputs: [{ name: 'market_features', type: 'float32', shape: ['N', MARKET_FEATURES.length] }],
    outputs: [{ name: 'regime_probabilities', type: 'float32', shape: ['N', 3] }],
    features: MARKET_FEATURES,
    outputColumns: ['calm', 'normal', 'stressed']
  },
  policy: {
    kind: 'policy',
    title: 'Learned rebalancing policy',
    inputs: [{ name: 'state', type: 'float32', shape: ['N', POLICY_FEATURES.length] }],
    outputs: [{ name: 'action_probabilities', type: 'float32', shape: ['N', 3] }],
    features: POLICY_FEATURES.map(({ name, unit }) => ({ name, unit })),
    outputColumns: ['wait', 'edge', 'full']
  },
  sentiment: {
    kind: 'sentiment',
    title: 'Headline sentiment',
    inputs: [{ name: 'hashed_ngrams', type: 'float32', shape: ['N', HASH_BUCKETS] }],
    outputs: [{ name: 'scores', type: 'float32', shape: ['N', 3] }],
    features: [
      {
        name: 'hashed_ngrams',
        unit: `1 where a word unigram or bigram of the headline hashes (FNV-1a mod ${HASH_BUCKETS}) to the column, else 0`
      }
    ],
    outputColumns: ['bearish', 'bullish', 'neutral']
  }
};

export type ContractMismatch =
  | { code: 'missing-input' | 'missing-output'; tensor: string; expected: TensorSpec }
  | { code: 'extra-input'; tensor: string }
  | { code: 'wrong-type'; tensor: string; expected: string; found: string }
  | { code: 'wrong-shape'; tensor: string; expected: (number | string)[]; found: (number | string)[] };

/**
 * Every way `graph` differs from the contract of `kind` (empty: it matches). A symbolic
 * dimension in the contract accepts any size, and a fixed one accepts a symbolic dimension in the
 * file only for the row dimension.
 */
export function checkContract(graph: OnnxGraph, kind: ModelKind): ContractMismatch[] {
  const contract = CONTRACTS[kind];
  const problems: ContractMismatch[] = [];
  const compare = (
    expected: TensorSpec,
    found: TensorSpec | undefined,
    missing: 'missing-input' | 'missing-output'
  ) => {
    if (!found) {
      problems.push({ code: missing, tensor: expected.name, expected });
      return;
    }
    if (found.type !== expected.type)
      problems.push({ code: 'wrong-type', tensor: expected.name, expected: expected.type, found: found.type });
    const fits =
      found.shape.length === expected.shape.length &&
      expected.shape.every((d, i) => typeof d === 'string' || found.shape[i] === d);
    if (!fits)
      problems.push({ code: 'wrong-shape', tensor: expected.name, expected: expected.shape, found: found.shape });
  };
  for (const input of contract.inputs)
    compare(
      input,
      graph.inputs.find((i) => i.name === input.name),
      'missing-input'
    );
  for (const output of contract.outputs)
    compare(
      output,
      graph.outputs.find((o) => o.name === output.name),
      'missing-output'
    );
  for (const input of graph.inputs)
    if (!contract.inputs.some((i) => i.name === input.name)) problems.push({ code: 'extra-input', tensor: input.name });
  return problems;
}

const shape = (s: (number | string)[]) => `[${s.join(', ')}]`;

/** One sentence per mismatch, for the app and the command line. */
export function describeMismatch(m: ContractMismatch, kind: ModelKind): string {
  const title = CONTRACTS[kind].title.toLowerCase();
  switch (m.code) {
    case 'missing-input':
      return `The ${title} contract needs an input named "${m.tensor}" (${m.expected.type} ${shape(m.expected.shape)}); the file has none.`;
    case 'missing-output':
      return `The ${title} contract needs an output named "${m.tensor}" (${m.expected.type} ${shape(m.expected.shape)}); the file has none.`;
    case 'extra-input':
      return `The file has an input "${m.tensor}" that the ${title} contract does not feed.`;
    case 'wrong-type':
      return `"${m.tensor}" must hold ${m.expected} values; the file's holds ${m.found}.`;
    case 'wrong-shape':
      return `"${m.tensor}" must have shape ${shape(m.expected)}; the file's has ${shape(m.found)}.`;
  }
}
