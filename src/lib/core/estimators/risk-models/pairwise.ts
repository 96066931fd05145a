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

/**
 * Covariance of a table with no missing value: centre once, then one cross product (the common
 * case, and O(T·N²/2) with good memory locality instead of two passes per pair).
 */
function completeCovariance(values: Float64Array, rows: number, cols: number): Float64Array | undefined {
  for (let k = 0; k < values.length; k++) if (Number.isNaN(values[k])) return undefined;
  const centred = Float64Array.from(values);
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let t = 0; t < rows; t++) sum += centred[t * cols + j];
    const mean = sum / rows;
    for (let t = 0; t < rows; t++) centred[t * cols + j] -= mean;
  }
  const cov = new Float64Array(cols * cols);
  for (let t = 0; t < rows; t++) {
    const offset = t * cols;
    for (let i = 0; i < cols; i++) {
      const xi = centred[offset + i];
      const row = i * cols;
      for (let j = i; j < cols; j++) cov[row + j] += xi * centred[offset + j];
    }
  }
  for (let i = 0; i < cols; i++) {
    for (let j = i; j < cols; j++) {
      const value = cov[i * cols + j] / (rows - 1);
      cov[i * cols + j] = value;
      cov[j * cols + i] = value;
    }
  }
  return cov;
}

/** The pairwise-complete covariance (ddof 1) of the columns of a rows×cols table. */
export function pairwiseCovariance(values: Float64Array, rows: number, cols: number): Float64Array {
  const complete = completeCovariance(values, rows, cols);
  if (complete) return complete;
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
  const complete = completeCovariance(values, rows, cols);
  if (complete) {
    // With no missing values every pair uses every row, so ρ = cov / (σᵢ σⱼ) of the full sample.
    return complete.map((value, k) => {
      const i = Math.floor(k / cols);
      const j = k % cols;
      return i === j ? 1 : value / Math.sqrt(complete[i * cols + i] * complete[j * cols + j]);
    });
  }
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
