/**
 * Positive semi-definiteness check and repair of covariance matrices, as PyPortfolioOpt does it
 * (reference-definitions.md §0): a matrix counts as PSD when the Cholesky factorisation of
 * S + 1e-16·I succeeds; otherwise "spectral" repair clips negative eigenvalues to zero and
 * rebuilds V diag(q) Vᵀ, and "diag" repair subtracts 1.1·λmin·I.
 */
import { cholesky, identity, symmetricEigen } from './dense';

export type PsdRepairMethod = 'spectral' | 'diag';

export function isPositiveSemidefinite(matrix: Float64Array, n: number): boolean {
  const shifted = Float64Array.from(matrix);
  const jitter = identity(n, 1e-16);
  for (let i = 0; i < n; i++) shifted[i * n + i] += jitter[i * n + i];
  return cholesky(shifted, n) !== undefined;
}

export interface PsdRepair {
  matrix: Float64Array;
  /** True when the input was not PSD and was changed. */
  repaired: boolean;
  /** The smallest eigenvalue before repair (only computed when a repair was needed). */
  minEigenvalue?: number;
}

export function repairPositiveSemidefinite(
  matrix: Float64Array,
  n: number,
  method: PsdRepairMethod = 'spectral'
): PsdRepair {
  if (isPositiveSemidefinite(matrix, n)) return { matrix, repaired: false };
  const { values, vectors } = symmetricEigen(matrix, n);
  const minEigenvalue = values[0];
  const fixed = new Float64Array(n * n);
  if (method === 'spectral') {
    const clipped = values.map((value) => Math.max(value, 0));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += vectors[i * n + k] * clipped[k] * vectors[j * n + k];
        fixed[i * n + j] = sum;
      }
    }
  } else {
    fixed.set(matrix);
    for (let i = 0; i < n; i++) fixed[i * n + i] -= 1.1 * minEigenvalue;
  }
  return { matrix: fixed, repaired: true, minEigenvalue };
}
