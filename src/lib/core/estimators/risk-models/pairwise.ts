/**
 * Pairwise-complete covariance and correlation, as pandas `DataFrame.cov()` / `.corr()` compute
 * them: for each pair, only the rows where both values are present, with the means (and, for
 * correlation, the standard deviations) taken over those rows; ddof = 1. O(T·N²).
 */

function pairStatistics(values: Float64Array, rows: number, cols: number, i: number, j: number) {
  let count = 0;
  let sumI = 0;
  let sumJ = 0;
  for (let t = 0; t < rows; t++) {
    const a = values[t * cols + i];
    const b = values[t * cols + j];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    count++;
    sumI += a;
    sumJ += b;
  }
  if (count < 2) return { count, covariance: Number.NaN, varianceI: Number.NaN, varianceJ: Number.NaN };
  const meanI = sumI / count;
  const meanJ = sumJ / count;
  let cross = 0;
  let squaresI = 0;
  let squaresJ = 0;
  for (let t = 0; t < rows; t++) {
    const a = values[t * cols + i];
    const b = values[t * cols + j];
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    cross += (a - meanI) * (b - meanJ);
    squaresI += (a - meanI) ** 2;
    squaresJ += (b - meanJ) ** 2;
  }
  return {
    count,
    covariance: cross / (count - 1),
    varianceI: squaresI / (count - 1),
    varianceJ: squaresJ / (count - 1)
  };
}

/** The pairwise-complete covariance (ddof 1) of the columns of a rows×cols table. */
export function pairwiseCovariance(values: Float64Array, rows: number, cols: number): Float64Array {
  const cov = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      const { covariance } = pairStatistics(values, rows, cols, i, j);
      cov[i * cols + j] = covariance;
      cov[j * cols + i] = covariance;
    }
  }
  return cov;
}

/** The pairwise-complete correlation of the columns of a rows×cols table. */
export function pairwiseCorrelation(values: Float64Array, rows: number, cols: number): Float64Array {
  const corr = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) {
    corr[i * cols + i] = 1;
    for (let j = i + 1; j < cols; j++) {
      const { covariance, varianceI, varianceJ } = pairStatistics(values, rows, cols, i, j);
      const value = covariance / Math.sqrt(varianceI * varianceJ);
      corr[i * cols + j] = value;
      corr[j * cols + i] = value;
    }
  }
  return corr;
}

/** Columns with NaN replaced by 0, then centred on their (zero-filled) means: T×N row-major. */
export function zeroFilledCentred(values: Float64Array, rows: number, cols: number): Float64Array {
  const x = Float64Array.from(values, (v) => (Number.isNaN(v) ? 0 : v));
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let t = 0; t < rows; t++) sum += x[t * cols + j];
    const mean = sum / rows;
    for (let t = 0; t < rows; t++) x[t * cols + j] -= mean;
  }
  return x;
}

/** AᵀB / divisor for T×N row-major A and B (same shape): an N×N matrix. */
export function crossProduct(a: Float64Array, b: Float64Array, rows: number, cols: number, divisor = 1): Float64Array {
  const out = new Float64Array(cols * cols);
  for (let t = 0; t < rows; t++) {
    const offset = t * cols;
    for (let i = 0; i < cols; i++) {
      const ai = a[offset + i];
      if (ai === 0) continue;
      const row = i * cols;
      for (let j = 0; j < cols; j++) out[row + j] += ai * b[offset + j];
    }
  }
  for (let k = 0; k < out.length; k++) out[k] /= divisor;
  return out;
}
