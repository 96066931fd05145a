/**
 * Headline sentiment: multinomial logistic regression over hashed word n-grams (tokenizer.ts),
 * three classes. Trained by mini-batch Adam with an L2 penalty and class-balanced weights, from a
 * seeded shuffle, so the same data and seed give the same parameters. Explanations are exact: a
 * class's logit is its bias plus the weights of the buckets the headline's n-grams set.
 */
import { mulberry32 } from '../random';
import { LinearModel } from './linear-model';
import { accuracy, macroF1 } from './ml-metrics';
import { HASH_BUCKETS, hashText, tokenize } from './tokenizer';

export const SENTIMENT_LABELS = ['bearish', 'bullish', 'neutral'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export interface LabelledText {
  text: string;
  /** 0 bearish, 1 bullish, 2 neutral (the dataset's coding). */
  label: number;
}

/** Sparse rows: the active buckets of each text. */
export function sparseRows(texts: readonly string[]): Int32Array[] {
  return texts.map((t) => Int32Array.from(hashText(t).grams.map((g) => g.bucket)).sort());
}

export interface SentimentTraining {
  l2: number;
  epochs: number;
  learningRate: number;
  batch: number;
  seed: number;
}

/** Trains on `train`; calls `onEpoch` after each epoch with the model so far (for model selection). */
export function trainSentiment(
  train: readonly LabelledText[],
  options: SentimentTraining,
  onEpoch?: (epoch: number, model: LinearModel) => void
): LinearModel {
  const k = SENTIMENT_LABELS.length;
  const d = HASH_BUCKETS;
  const rows = sparseRows(train.map((t) => t.text)).map((buckets) => [...new Set(buckets)]);
  const counts = Array.from({ length: k }, (_, c) => train.filter((t) => t.label === c).length);
  const classWeight = counts.map((n) => train.length / (k * Math.max(1, n)));
  const w = new Float64Array(d * k);
  const b = new Float64Array(k);
  const m = new Float64Array(d * k + k);
  const v = new Float64Array(d * k + k);
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  const random = mulberry32(options.seed);
  const order = Array.from({ length: train.length }, (_, i) => i);
  const grad = new Float64Array(d * k + k);
  const snapshot = () =>
    new LinearModel({
      features: d,
      heads: [{ name: 'scores', activation: 'softmax', weights: Float32Array.from(w), bias: Float32Array.from(b) }]
    });
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (let start = 0; start < order.length; start += options.batch) {
      const batch = order.slice(start, start + options.batch);
      grad.fill(0);
      const touched = new Set<number>();
      for (const i of batch) {
        const logits = Float64Array.from(b);
        for (const f of rows[i]) for (let c = 0; c < k; c++) logits[c] += w[f * k + c];
        const max = Math.max(...logits);
        const p = logits.map((z) => Math.exp(z - max));
        const sum = p.reduce((a, x) => a + x, 0);
        const cw = classWeight[train[i].label] / batch.length;
        for (let c = 0; c < k; c++) {
          const g = cw * (p[c] / sum - (c === train[i].label ? 1 : 0));
          grad[d * k + c] += g;
          for (const f of rows[i]) grad[f * k + c] += g;
        }
        for (const f of rows[i]) touched.add(f);
      }
      step++;
      const lr = (options.learningRate * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step);
      // Adam on the weights the batch touched (plus their L2 pull) and on the biases; the rest
      // keep their moments (a lazy, sparse Adam: the usual choice for hashed text features).
      const update = (index: number, g: number, param: Float64Array, at: number) => {
        m[index] = beta1 * m[index] + (1 - beta1) * g;
        v[index] = beta2 * v[index] + (1 - beta2) * g * g;
        param[at] -= (lr * m[index]) / (Math.sqrt(v[index]) + 1e-8);
      };
      for (const f of [...touched].sort((a, c) => a - c))
        for (let c = 0; c < k; c++) update(f * k + c, grad[f * k + c] + options.l2 * w[f * k + c], w, f * k + c);
      for (let c = 0; c < k; c++) update(d * k + c, grad[d * k + c], b, c);
    }
    onEpoch?.(epoch, snapshot());
  }
  return snapshot();
}

/** Predicted class per text (argmax of the model's scores). */
export function classify(model: LinearModel, texts: readonly string[]): number[] {
  const head = model.p.heads[0];
  return texts.map((text) => {
    const { row } = hashText(text);
    const s = model.scores(row, 1, head);
    let best = 0;
    for (let c = 1; c < s.length; c++) if (s[c] > s[best]) best = c;
    return best;
  });
}

export function scoreReport(truth: readonly number[], predicted: readonly number[]) {
  return { accuracy: accuracy(truth, predicted), macroF1: macroF1(truth, predicted, SENTIMENT_LABELS.length) };
}

/**
 * The lexicon baseline: the sum of the lexicon's scores of a text's words; above zero bullish,
 * below bearish, zero neutral.
 */
export function lexiconClassify(lexicon: Readonly<Record<string, number>>, texts: readonly string[]): number[] {
  return texts.map((text) => {
    let s = 0;
    for (const token of tokenize(text)) s += Object.hasOwn(lexicon, token) ? lexicon[token] : 0;
    return s > 0 ? 1 : s < 0 ? 0 : 2;
  });
}

export interface SentimentResult {
  label: SentimentLabel;
  scores: Record<SentimentLabel, number>;
  /** Each n-gram's pull toward the predicted label (its bucket's weight for that label minus the mean over labels). */
  contributions: { token: string; weight: number }[];
}

/**
 * A result from the three class probabilities of a text and its linear weights (from the ONNX
 * file), with the n-grams ordered by how strongly they pushed toward the label.
 */
export function sentimentResult(
  text: string,
  probabilities: ArrayLike<number>,
  weights: Float32Array | undefined
): SentimentResult {
  let best = 0;
  for (let c = 1; c < 3; c++) if (probabilities[c] > probabilities[best]) best = c;
  const label = SENTIMENT_LABELS[best];
  const scores = Object.fromEntries(SENTIMENT_LABELS.map((l, c) => [l, probabilities[c]])) as Record<
    SentimentLabel,
    number
  >;
  const contributions: { token: string; weight: number }[] = [];
  if (weights) {
    const byBucket = new Map<number, string[]>();
    for (const { gram, bucket } of hashText(text).grams) byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), gram]);
    for (const [bucket, grams] of byBucket) {
      const row = [0, 1, 2].map((c) => weights[bucket * 3 + c]);
      const weight = row[best] - (row[0] + row[1] + row[2]) / 3;
      contributions.push({ token: grams.join(' / '), weight });
    }
    contributions.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.token.localeCompare(b.token));
  }
  return { label, scores, contributions };
}
