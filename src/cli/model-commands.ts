/**
 * `keel predict` and `keel sentiment`: the shipped ONNX models (or a user's file that matches a
 * contract) run by onnxruntime-web's Node entry — the same wasm the browser runs — with the
 * explanation of every prediction.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-web';
import { checkContract, CONTRACTS, MODEL_KINDS, type ModelKind } from '../lib/core/ml/contracts';
import { decodeOnnx, OnnxFormatError } from '../lib/core/ml/onnx-model';
import { explainRows, forecastTable, scoreHeadlines } from '../lib/core/ml/predictions';
import { policyFromOnnx } from '../lib/core/ml/rebalance-policy';
import { openModel, ModelContractError, type OpenModel } from '../lib/ml/onnx-port';
import { parseArgs, UsageError } from './args';
import { InputError, readPrices } from './files';

export const MODEL_HELP = {
  predict: `Usage: npx keel predict --model NAME|FILE.onnx [--kind KIND] --input FILE.json [--json]

  --model   forecaster | regimes | policy | sentiment (the shipped models in models/), or an
            .onnx file that matches one of their contracts (models/NAME.card.json)
  --kind    the contract to check FILE.onnx against (default: the file's "kind" metadata, else
            the contract it matches)
  --input   a JSON file: {"rows": [[...], ...]} (one row of the model's features per line, in the
            card's order and units), or {"texts": ["...", ...]} for sentiment, or
            {"prices": "FILE.csv"} for the forecaster (forecasts at the file's last date; the path
            is relative to the input file)
  --json    print {"model", "kind", "method", "outputs", "explanations"}: outputs by name, one
            entry per row; explanations per row: what they explain, the base and each feature's
            contribution (exact for Keel's linear and mixture models, occlusion otherwise)`,
  sentiment: `Usage: npx keel sentiment (--text "…" | --file FILE) [--model FILE.onnx] [--json]

  Scores a headline as bearish, bullish or neutral with the shipped sentiment model (or FILE.onnx).
  --file reads one text per line and prints one result per line.
  --json  print {"label": "bearish"|"bullish"|"neutral", "scores": {"bearish": p, "bullish": p,
          "neutral": p}, "contributions": [{"token", "weight"}, ...]} — the n-grams that pushed
          toward the label, strongest first`
};

const MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));
ort.env.wasm.numThreads = 1;

function readBytes(file: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : String(code ?? error)}`);
  }
}

/** The model a --model argument names, checked against its contract. */
async function loadModel(model: string, kind?: string): Promise<{ name: string; open: OpenModel }> {
  if (kind !== undefined && !MODEL_KINDS.includes(kind as ModelKind))
    throw new UsageError(`--kind must be one of ${MODEL_KINDS.join(', ')}`);
  if (MODEL_KINDS.includes(model as ModelKind) && !model.endsWith('.onnx'))
    return { name: model, open: await openModel(ort, readBytes(`${MODELS_DIR}${model}.onnx`), model as ModelKind) };
  if (!model.endsWith('.onnx'))
    throw new UsageError(`--model is ${MODEL_KINDS.join(', ')} or a path to an .onnx file, not "${model}"`);
  const bytes = readBytes(model);
  try {
    const graph = decodeOnnx(bytes);
    const declared = (kind ?? graph.metadata.kind) as ModelKind | undefined;
    const chosen =
      declared && MODEL_KINDS.includes(declared)
        ? declared
        : // No kind given: the contract with the fewest mismatches (a match has none).
          [...MODEL_KINDS].sort((a, b) => checkContract(graph, a).length - checkContract(graph, b).length)[0];
    return { name: model, open: await openModel(ort, bytes, chosen) };
  } catch (error) {
    if (error instanceof OnnxFormatError || error instanceof ModelContractError)
      throw new InputError(`${model}: ${error.message}`);
    throw error;
  }
}

/**
 * The learned policy and regime model for backtests: the shipped ones, or files of the user's own
 * (checked against their contracts, and evaluable only when they are the linear policy and
 * Gaussian mixture graphs Keel writes; anything else is refused, saying why).
 */
export function backtestPolicy(files: { policy?: string; regimes?: string } = {}) {
  const read = (kind: 'policy' | 'regimes') => {
    const file = files[kind];
    const bytes = readBytes(file ?? `${MODELS_DIR}${kind}.onnx`);
    if (file) {
      try {
        const mismatches = checkContract(decodeOnnx(bytes), kind);
        if (mismatches.length > 0) throw new ModelContractError(kind, mismatches);
      } catch (error) {
        throw new InputError(`${file}: ${(error as Error).message}`);
      }
    }
    return bytes;
  };
  const [policy, regimes] = [read('policy'), read('regimes')];
  try {
    return policyFromOnnx(policy, regimes);
  } catch (error) {
    const named = [files.policy, files.regimes].filter((f) => f !== undefined).join(' or ');
    throw new InputError(`${named} cannot run in backtests: ${(error as Error).message}`);
  }
}

function readInput(file: string): Record<string, unknown> {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new InputError(`${file} must hold a JSON object such as {"rows": [[...]]}`);
    return value;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const reason = error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message;
    throw new InputError(`cannot read ${file}: ${reason}`);
  }
}

function rowsOf(input: Record<string, unknown>, file: string, kind: ModelKind): Float32Array {
  const width = CONTRACTS[kind].features.length;
  const names = CONTRACTS[kind].features.map((f) => f.name).join(', ');
  const rows = input.rows ?? input[CONTRACTS[kind].inputs[0].name];
  if (!Array.isArray(rows) || rows.length === 0)
    throw new InputError(`${file}: "rows" must be a non-empty list of rows of ${width} numbers (${names})`);
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== width)
      throw new InputError(`${file}: row ${r + 1} must hold ${width} numbers (${names}), found ${JSON.stringify(row)}`);
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new InputError(
          `${file}: row ${r + 1}, ${CONTRACTS[kind].features[j].name}: ${JSON.stringify(v)} is not a finite number`
        );
      out[r * width + j] = v;
    });
  });
  return out;
}

const rowsOfOutput = (values: Float32Array, width: number) =>
  Array.from({ length: values.length / width }, (_, r) => Array.from(values.subarray(r * width, (r + 1) * width)));

export async function commandPredict(argv: string[]): Promise<number> {
  const { values, flags } = parseArgs(argv, { model: 'value', kind: 'value', input: 'value', json: 'flag' }, 'predict');
  if (!values.model) throw new UsageError('name the model: npx keel predict --model forecaster --input FILE.json');
  if (!values.input) throw new UsageError('name the input: npx keel predict --model NAME --input FILE.json');
  const input = readInput(values.input);
  const { name, open } = await loadModel(values.model, values.kind);
  const kind = open.kind;
  let output: Record<string, unknown>;
  if (kind === 'sentiment') {
    const texts = input.texts;
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string'))
      throw new InputError(`${values.input}: the sentiment model needs {"texts": ["...", ...]}`);
    output = { model: name, kind, method: 'exact', results: await scoreHeadlines(open, texts as string[]) };
  } else if (kind === 'forecaster' && typeof input.prices === 'string') {
    const pricesFile = resolve(dirname(values.input), input.prices);
    const report = await forecastTable(open, readPrices(pricesFile));
    output = { model: name, kind, ...report };
  } else {
    const x = rowsOf(input, values.input, kind);
    const rows = x.length / CONTRACTS[kind].features.length;
    const explained = await explainRows(open, x, rows);
    output = {
      model: name,
      kind,
      method: explained.method,
      outputs: Object.fromEntries(
        CONTRACTS[kind].outputs.map((o) => [o.name, rowsOfOutput(explained.outputs[o.name], o.shape[1] as number)])
      ),
      ...(CONTRACTS[kind].outputColumns ? { columns: CONTRACTS[kind].outputColumns } : {}),
      explanations: explained.rows
    };
  }
  process.stdout.write(flags.has('json') ? `${JSON.stringify(output, null, 2)}\n` : `${describePrediction(output)}\n`);
  return 0;
}

function describePrediction(output: Record<string, unknown>): string {
  const lines: string[] = [`${output.model} (${output.kind})`];
  const explanations = output.explanations as
    { explains: string; contributions: { feature: string; contribution: number }[] }[] | undefined;
  const outputs = output.outputs as Record<string, number[][]> | undefined;
  if (outputs && explanations)
    explanations.forEach((e, r) => {
      const values = Object.entries(outputs)
        .map(([k, v]) => `${k} ${v[r].map((x) => x.toFixed(4)).join(' ')}`)
        .join('; ');
      const top = [...e.contributions].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, 3);
      lines.push(
        `row ${r + 1}: ${values} — ${e.explains} driven by ${top.map((c) => `${c.feature} ${c.contribution >= 0 ? '+' : ''}${c.contribution.toFixed(4)}`).join(', ')}`
      );
    });
  else lines.push(JSON.stringify(output.results ?? output.forecasts, null, 2));
  return lines.join('\n');
}

export async function commandSentiment(argv: string[]): Promise<number> {
  const { values, flags } = parseArgs(
    argv,
    { text: 'value', file: 'value', model: 'value', json: 'flag' },
    'sentiment'
  );
  if ((values.text === undefined) === (values.file === undefined))
    throw new UsageError('give one of --text "headline" or --file FILE (one text per line)');
  const texts =
    values.text !== undefined
      ? [values.text]
      : new TextDecoder()
          .decode(readBytes(values.file!))
          .split(/\r?\n/)
          .filter((line) => line.trim() !== '');
  const { open } = await loadModel(values.model ?? 'sentiment', 'sentiment');
  const results = await scoreHeadlines(open, texts);
  for (const result of results)
    process.stdout.write(
      flags.has('json')
        ? `${JSON.stringify(result)}\n`
        : `${result.label.padEnd(8)} ${(result.scores[result.label] * 100).toFixed(1)} %  ${result.contributions
            .slice(0, 3)
            .map((c) => `${c.token} ${c.weight >= 0 ? '+' : ''}${c.weight.toFixed(2)}`)
            .join(', ')}\n`
    );
  return 0;
}
