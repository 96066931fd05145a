/**
 * Dense linear algebra on row-major `Float64Array`s with explicit dimensions: the small kit the
 * estimators and optimizers share. Square n×n matrices are `Float64Array(n*n)`; element (i, j)
 * is at `i*n + j`.
 */

/** y = A x for a square n×n A. */
export function matVec(a: Float64Array, n: number, x: ArrayLike<number>, out = new Float64Array(n)): Float64Array {
  for (let i = 0; i < n; i++) {
    let sum = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) sum += a[row + j] * x[j];
    out[i] = sum;
  }
  return out;
}

export function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * y[i];
  return sum;
}

/** xᵀ A x. */
export function quadraticForm(a: Float64Array, n: number, x: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) sum += a[row + j] * x[j];
    total += x[i] * sum;
  }
  return total;
}

/** The n×n identity scaled by `scale`. */
export function identity(n: number, scale = 1): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = scale;
  return out;
}

export function trace(a: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i * n + i];
  return sum;
}

/** Makes a square matrix exactly symmetric by averaging it with its transpose (in place). */
export function symmetrize(a: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const mean = 0.5 * (a[i * n + j] + a[j * n + i]);
      a[i * n + j] = mean;
      a[j * n + i] = mean;
    }
  }
  return a;
}

/**
 * Cholesky factor L (lower triangular, row-major n×n) with A = L Lᵀ, or undefined when A is not
 * positive definite. O(n³/3).
 */
export function cholesky(a: Float64Array, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j];
    const rowJ = j * n;
    for (let k = 0; k < j; k++) diagonal -= l[rowJ + k] * l[rowJ + k];
    if (!(diagonal > 0)) return undefined;
    const pivot = Math.sqrt(diagonal);
    l[rowJ + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      const rowI = i * n;
      let sum = a[rowI + j];
      for (let k = 0; k < j; k++) sum -= l[rowI + k] * l[rowJ + k];
      l[rowI + j] = sum / pivot;
    }
  }
  return l;
}

/** Solves L Lᵀ x = b given the Cholesky factor L. */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    const row = i * n;
    for (let k = 0; k < i; k++) sum -= l[row + k] * y[k];
    y[i] = sum / l[row + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}

/**
 * Solves A x = b for a general square A by LU with partial pivoting; undefined when A is
 * singular to working precision.
 */
export function solveLinear(a: Float64Array, n: number, b: ArrayLike<number>): Float64Array | undefined {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  let scale = 0;
  for (let i = 0; i < m.length; i++) scale = Math.max(scale, Math.abs(m[i]));
  for (let col = 0; col < n; col++) {
    let pivotRow = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[pivotRow * n + col])) pivotRow = r;
    const pivot = m[pivotRow * n + col];
    if (Math.abs(pivot) <= 1e-14 * Math.max(scale, 1e-300)) return undefined;
    if (pivotRow !== col) {
      for (let k = 0; k < n; k++) {
        const t = m[col * n + k];
        m[col * n + k] = m[pivotRow * n + k];
        m[pivotRow * n + k] = t;
      }
      const t = x[col];
      x[col] = x[pivotRow];
      x[pivotRow] = t;
    }
    for (let r = col + 1; r < n; r++) {
      const factor = m[r * n + col] / pivot;
      if (factor === 0) continue;
      for (let k = col; k < n; k++) m[r * n + k] -= factor * m[col * n + k];
      x[r] -= factor * x[col];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i];
    for (let k = i + 1; k < n; k++) sum -= m[i * n + k] * x[k];
    x[i] = sum / m[i * n + i];
  }
  return x;
}

/**
 * Eigen-decomposition of a symmetric matrix by the cyclic Jacobi method: accurate to working
 * precision, O(n³) per sweep, fine for the few hundred assets a portfolio has. Returns the
 * eigenvalues (ascending) and the eigenvectors as the columns of a row-major n×n matrix.
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) offDiagonal += m[i * n + j] ** 2;
    if (offDiagonal < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const app = m[p * n + p];
        const aqq = m[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p];
          const akq = m[k * n + q];
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k];
          const aqk = m[q * n + k];
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[i * n + i] - m[j * n + j]);
  const values = Float64Array.from(order, (i) => m[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from];
  });
  return { values, vectors };
}
