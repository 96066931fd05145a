/**
 * Evaluation metrics of the model cards: Spearman rank correlation (the information
 * coefficient), accuracy and macro-F1 (scikit-learn's definitions: F1 per class, unweighted mean;
 * a class never predicted and never present scores 0).
 */

/** Average ranks (ties share the mean rank), 1-based. */
export function ranks(x: readonly number[]): number[] {
  const order = x.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i);
  const out = new Array<number>(x.length);
  for (let k = 0; k < order.length;) {
    let end = k;
    while (end + 1 < order.length && order[end + 1].v === order[k].v) end++;
    for (let m = k; m <= end; m++) out[order[m].i] = (k + end) / 2 + 1;
    k = end + 1;
  }
  return out;
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

export const spearman = (x: readonly number[], y: readonly number[]) => pearson(ranks(x), ranks(y));

export function accuracy(truth: readonly number[], predicted: readonly number[]): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) hits++;
  return hits / truth.length;
}

export function macroF1(truth: readonly number[], predicted: readonly number[], classes: number): number {
  let sum = 0;
  for (let c = 0; c < classes; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (predicted[i] === c && truth[i] === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (truth[i] === c) fn++;
    }
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return sum / classes;
}
