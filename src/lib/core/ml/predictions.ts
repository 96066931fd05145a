/**
 * Predictions with their explanations, for every model kind, over a model port the runtime
 * implements (onnxruntime-web in a worker or in Node). The numbers always come from the ONNX
 * model; the explanation is exact when the file is one of our linear or mixture graphs (its
 * parameters are read from the file), and by occlusion otherwise — each feature in turn set to a
 * baseline (the mean of the rows given, or zero for hashed n-grams) and the change measured.
 */
import { BarHistory } from '../backtest/bar-history';
import type { PriceTable } from '../returns/return-table';
import { assetFeatures, ASSET_FEATURES, FEATURE_LOOKBACK, marketReturns } from './asset-features';
import { CONTRACTS, type ModelKind } from './contracts';
import { GaussianMixture } from './gaussian-mixture';
import { LinearModel } from './linear-model';
import { marketFeatures, MARKET_FEATURES } from './market-features';
import type { OnnxGraph } from './onnx-model';
import { POLICY_ACTIONS } from './rebalance-policy';
import { SENTIMENT_LABELS, sentimentResult, type SentimentResult } from './sentiment';
import { hashText } from './tokenizer';

/** Runs a model on `rows` rows of its one input; outputs by name, row-major. */
export interface ModelPort {
  readonly kind: ModelKind;
  /** The decoded file (interface and parameters), for exact explanations. */
  readonly graph: OnnxGraph;
  run(input: Float32Array, rows: number): Promise<Record<string, Float32Array>>;
}

export interface Contribution {
  feature: string;
  value: number;
  contribution: number;
}

export type ExplanationMethod = 'exact' | 'occlusion';

/** The linear parameters when the file is our linear graph (else undefined: explain by occlusion). */
function linearOf(port: ModelPort): LinearModel | undefined {
  try {
    return LinearModel.fromOnnx(
      port.graph,
      CONTRACTS[port.kind].outputs.map((o) => ({
        name: o.name,
        activation:
          port.kind === 'forecaster' ? (o.name === 'volatility_forecast' ? 'exp' : 'identity') : ('softmax' as const)
      }))
    );
  } catch {
    return undefined;
  }
}

function mixtureOf(port: ModelPort): GaussianMixture | undefined {
  try {
    return GaussianMixture.fromOnnx(port.graph);
  } catch {
    return undefined;
  }
}

/**
 * Occlusion: for each row and feature, output(row) − output(row with the feature at its baseline),
 * all in one batched run. `pick` reads the explained number of a row from the outputs.
 */
async function occlusion(
  port: ModelPort,
  x: Float32Array,
  rows: number,
  f: number,
  baseline: Float32Array,
  pick: (outputs: Record<string, Float32Array>, row: number) => number
): Promise<Float64Array> {
  const batch = new Float32Array(rows * (f + 1) * f);
  for (let r = 0; r < rows; r++)
    for (let k = 0; k <= f; k++) {
      const at = (r * (f + 1) + k) * f;
      batch.set(x.subarray(r * f, (r + 1) * f), at);
      if (k < f) batch[at + k] = baseline[k];
    }
  const out = await port.run(batch, rows * (f + 1));
  const parts = new Float64Array(rows * f);
  for (let r = 0; r < rows; r++) {
    const full = pick(out, r * (f + 1) + f);
    for (let k = 0; k < f; k++) parts[r * f + k] = full - pick(out, r * (f + 1) + k);
  }
  return parts;
}

function columnMeans(x: Float32Array, rows: number, f: number): Float32Array {
  const mean = new Float32Array(f);
  for (let r = 0; r < rows; r++) for (let j = 0; j < f; j++) mean[j] += x[r * f + j] / rows;
  return mean;
}

export interface RowExplanation {
  /** Which output the contributions explain: "return_forecast", or the chosen regime or action. */
  explains: string;
  /** The number explained minus the contributions' sum (the bias, or the prediction at the baseline). */
  base: number;
  contributions: Contribution[];
}

/**
 * Outputs and explanations of `rows` rows of a tabular model (forecaster, regimes or policy):
 * the return forecast, the most probable regime (its log-odds against the average regime, when
 * exact) or the chosen action (its logit against the mean logit, when exact).
 */
export async function explainRows(
  port: ModelPort,
  input: Float32Array,
  rows: number
): Promise<{ outputs: Record<string, Float32Array>; method: ExplanationMethod; rows: RowExplanation[] }> {
  const contract = CONTRACTS[port.kind];
  const f = contract.features.length;
  const outputs = await port.run(input, rows);
  const columns = contract.outputColumns;
  const first = contract.outputs[0].name;
  const k = columns?.length ?? 1;
  const top = (o: Record<string, Float32Array>, r: number) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (o[first][r * k + c] > o[first][r * k + best]) best = c;
    return best;
  };
  const chosen = Array.from({ length: rows }, (_, r) => top(outputs, r));
  const linear = port.kind === 'regimes' ? undefined : linearOf(port);
  const mixture = port.kind === 'regimes' ? mixtureOf(port) : undefined;
  let parts: Float64Array;
  let method: ExplanationMethod = 'exact';
  const bases = new Float64Array(rows);
  if (linear) {
    const head = linear.p.heads[0];
    parts = new Float64Array(rows * f);
    for (let r = 0; r < rows; r++) {
      const z = linear.standardise(input, r);
      const c = chosen[r];
      for (let j = 0; j < f; j++) {
        let mean = 0;
        for (let o = 0; o < k; o++) mean += head.weights[j * k + o] / k;
        parts[r * f + j] = z[j] * (head.weights[j * k + c] - (k > 1 ? mean : 0));
      }
      let biasMean = 0;
      for (let o = 0; o < k; o++) biasMean += head.bias[o] / k;
      bases[r] = head.bias[c] - (k > 1 ? biasMean : 0);
    }
  } else if (mixture) {
    parts = new Float64Array(rows * f);
    for (let r = 0; r < rows; r++) {
      parts.set(mixture.explain(input, chosen[r], r), r * f);
      const logits = mixture.p.constant;
      let mean = 0;
      for (let o = 0; o < k; o++) mean += logits[o] / k;
      bases[r] = logits[chosen[r]] - mean;
    }
  } else {
    method = 'occlusion';
    const baseline = port.kind === 'policy' ? new Float32Array(f) : columnMeans(input, rows, f);
    parts = await occlusion(port, input, rows, f, baseline, (o, row) => {
      // `row` indexes the occlusion batch; its source row decides which class is explained.
      const r = Math.floor(row / (f + 1));
      return o[first][row * k + (k > 1 ? chosen[r] : 0)];
    });
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let j = 0; j < f; j++) sum += parts[r * f + j];
      bases[r] = outputs[first][r * k + (k > 1 ? chosen[r] : 0)] - sum;
    }
  }
  return {
    outputs,
    method,
    rows: chosen.map((c, r) => ({
      explains: columns ? columns[c] : first,
      base: bases[r],
      contributions: contract.features.map((feature, j) => ({
        feature: feature.name,
        value: input[r * f + j],
        contribution: parts[r * f + j]
      }))
    }))
  };
}

export interface AssetForecast {
  asset: string;
  returnForecast: number;
  volatilityForecast: number;
  /** Contributions to the return forecast (they sum to it minus `base`). */
  contributions: Contribution[];
  base: number;
}

export interface ForecastReport {
  date: string;
  method: ExplanationMethod;
  forecasts: AssetForecast[];
  /** Assets without 253 closes by the date, which get no forecast. */
  skipped: string[];
}

/** Forecasts for every asset of `table` with enough history, as of bar `at` (default: the last). */
export async function forecastTable(
  port: ModelPort,
  table: PriceTable,
  at = table.dates.length - 1
): Promise<ForecastReport> {
  const history = new BarHistory(table, at);
  const f = ASSET_FEATURES.length;
  const all = table.assets.map((_, j) => j);
  const x =
    at >= FEATURE_LOOKBACK
      ? assetFeatures(history, all, marketReturns(history, FEATURE_LOOKBACK))
      : new Float64Array(all.length * f).fill(Number.NaN);
  const usable = all.filter((j) => x.subarray(j * f, (j + 1) * f).every(Number.isFinite));
  const input = new Float32Array(usable.length * f);
  usable.forEach((j, r) => input.set(x.subarray(j * f, (j + 1) * f), r * f));
  const skipped = all.filter((j) => !usable.includes(j)).map((j) => table.assets[j]);
  if (usable.length === 0) return { date: table.dates[at], method: 'exact', forecasts: [], skipped };
  const { outputs, method, rows } = await explainRows(port, input, usable.length);
  return {
    date: table.dates[at],
    method,
    skipped,
    forecasts: usable.map((j, r) => ({
      asset: table.assets[j],
      returnForecast: outputs.return_forecast[r],
      volatilityForecast: outputs.volatility_forecast[r],
      base: rows[r].base,
      contributions: rows[r].contributions
    }))
  };
}

export interface RegimeReport {
  date: string;
  probabilities: Record<string, number>;
  regime: string;
  method: ExplanationMethod;
  /** Contributions to the regime's log-odds against the average regime (exact) or to its probability (occlusion). */
  contributions: Contribution[];
}

/** Market features at each of `bars` (those with a year of history), and the regime model's reading. */
export async function regimesOverTime(
  port: ModelPort,
  table: PriceTable,
  bars: readonly number[]
): Promise<RegimeReport[]> {
  const f = MARKET_FEATURES.length;
  const history = new BarHistory(table, 0);
  const kept: { bar: number; x: Float64Array }[] = [];
  for (const bar of bars) {
    history.advance(bar);
    const x = marketFeatures(history);
    if (x.every(Number.isFinite)) kept.push({ bar, x });
  }
  if (kept.length === 0) return [];
  const input = new Float32Array(kept.length * f);
  kept.forEach((k, r) => input.set(k.x, r * f));
  const { outputs, method, rows } = await explainRows(port, input, kept.length);
  const names = CONTRACTS.regimes.outputColumns!;
  return kept.map((k, r) => ({
    date: table.dates[k.bar],
    probabilities: Object.fromEntries(
      names.map((name, i) => [name, outputs.regime_probabilities[r * names.length + i]])
    ),
    regime: rows[r].explains,
    method,
    contributions: rows[r].contributions
  }));
}

export interface PolicyAdvice {
  action: (typeof POLICY_ACTIONS)[number];
  probabilities: Record<string, number>;
  method: ExplanationMethod;
  /** Contributions to the chosen action's logit minus the mean logit. */
  contributions: Contribution[];
}

export async function adviseRebalance(port: ModelPort, state: Float64Array): Promise<PolicyAdvice> {
  const { outputs, method, rows } = await explainRows(port, Float32Array.from(state), 1);
  return {
    action: rows[0].explains as PolicyAdvice['action'],
    probabilities: Object.fromEntries(POLICY_ACTIONS.map((a, i) => [a, outputs.action_probabilities[i]])),
    method,
    contributions: rows[0].contributions
  };
}

/**
 * Scores headlines; contributions are each n-gram's pull toward the predicted label — exact for a
 * linear model, else by occlusion (the label's probability minus its probability without the
 * n-gram's bucket).
 */
export async function scoreHeadlines(port: ModelPort, texts: readonly string[]): Promise<SentimentResult[]> {
  const d = CONTRACTS.sentiment.inputs[0].shape[1] as number;
  const hashed = texts.map((text) => hashText(text));
  const input = new Float32Array(texts.length * d);
  hashed.forEach((h, r) => input.set(h.row, r * d));
  const out = texts.length > 0 ? (await port.run(input, texts.length)).scores : new Float32Array();
  const linear = linearOf(port);
  const results = texts.map((text, r) =>
    sentimentResult(text, out.subarray(r * 3, r * 3 + 3), linear?.p.heads[0].weights)
  );
  if (linear) return results;
  for (const [r, result] of results.entries()) {
    const buckets = [...new Set(hashed[r].grams.map((g) => g.bucket))];
    if (buckets.length === 0) continue;
    const batch = new Float32Array(buckets.length * d);
    buckets.forEach((bucket, k) => {
      batch.set(hashed[r].row, k * d);
      batch[k * d + bucket] = 0;
    });
    const occluded = (await port.run(batch, buckets.length)).scores;
    const label = SENTIMENT_LABELS.indexOf(result.label);
    result.contributions = buckets
      .map((bucket, k) => ({
        token: hashed[r].grams
          .filter((g) => g.bucket === bucket)
          .map((g) => g.gram)
          .join(' / '),
        weight: out[r * 3 + label] - occluded[k * 3 + label]
      }))
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.token.localeCompare(b.token));
  }
  return results;
}
