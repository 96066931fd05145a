/**
 * Writing a trained model: NAME.onnx from its graph and NAME.card.json from what the training
 * script measured, with the ONNX file's SHA-256 so a card always names the exact bytes it
 * describes.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { encodeOnnx, type OnnxGraph } from '../../src/lib/core/ml/onnx-model';
import { CONTRACTS, type ModelKind } from '../../src/lib/core/ml/contracts';
import { root } from './data';

export interface BuiltModel {
  name: string;
  kind: ModelKind;
  graph: OnnxGraph;
  card: Record<string, unknown>;
}

export const DATA_SOURCES = {
  prices: {
    file: 'static/data/skfolio/sp500_dataset.csv.gz',
    content: 'daily adjusted closes of 20 S&P 500 stocks, 1990-01-02 to 2022-12-28',
    source: 'skfolio/skfolio src/skfolio/datasets/data (stale test data, not for investment use)',
    licence: 'BSD-3-Clause, Copyright (c) 2023-2026 The skfolio developers (static/data/skfolio/LICENSE.txt)'
  },
  sentiment: {
    file: 'models/data/twitter-financial-news-sentiment/sent_train.csv, sent_valid.csv',
    content: 'finance headlines and tweets labelled bearish (0), bullish (1), neutral (2)',
    source: 'zeroshot/twitter-financial-news-sentiment v1.0.0',
    licence: 'MIT (models/data/twitter-financial-news-sentiment/LICENSE.txt)'
  }
} as const;

/** The model's bytes and its card text, exactly as `writeModel` writes them. */
export function modelFiles(model: BuiltModel): { bytes: Uint8Array; card: string; sha256: string } {
  const bytes = encodeOnnx(model.graph);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const contract = CONTRACTS[model.kind];
  const card = {
    name: model.name,
    kind: model.kind,
    title: contract.title,
    file: `${model.name}.onnx`,
    sha256,
    bytes: bytes.length,
    contract: {
      inputs: contract.inputs,
      outputs: contract.outputs,
      features: contract.features,
      ...(contract.outputColumns ? { outputColumns: contract.outputColumns } : {})
    },
    ...model.card,
    licence:
      'The model file and card: MIT, like Keel. Trained on data under the licences listed in training.data; the trained parameters are not a copy of that data.'
  };
  return { bytes, card: JSON.stringify(card, null, 2) + '\n', sha256 };
}

export function writeModel(model: BuiltModel): { onnx: string; card: string; sha256: string } {
  const files = modelFiles(model);
  const onnx = `${root}models/${model.name}.onnx`;
  const card = `${root}models/${model.name}.card.json`;
  writeFileSync(onnx, files.bytes);
  writeFileSync(card, files.card);
  return { onnx, card, sha256: files.sha256 };
}
