import { describe, expect, it } from 'vitest';
import { cholesky, choleskySolve, matVec, solveLinear, symmetricEigen } from '$lib/core/linalg/dense';
import { isPositiveSemidefinite, repairPositiveSemidefinite } from '$lib/core/linalg/psd';

describe('dense linear algebra', () => {
  const a = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);

  it('Cholesky solves A x = b', () => {
    const l = cholesky(a, 3)!;
    const x = choleskySolve(l, 3, [1, 2, 3]);
    Array.from(matVec(a, 3, x)).forEach((v, i) => expect(v).toBeCloseTo([1, 2, 3][i], 12));
  });

  it('LU solves a non-symmetric system and reports a singular one', () => {
    const m = Float64Array.from([0, 2, 1, 1]);
    expect(Array.from(solveLinear(m, 2, [2, 3])!)).toEqual([2, 1]);
    expect(solveLinear(Float64Array.from([1, 2, 2, 4]), 2, [1, 1])).toBeUndefined();
  });

  it('Jacobi eigenvalues of known matrices (numpy.linalg.eigh gives 3, 3, 6 and 2, 3, 6)', () => {
    const m = Float64Array.from([4, 1, 1, 1, 4, 1, 1, 1, 4]);
    const { values } = symmetricEigen(m, 3);
    expect(Array.from(values).map((v) => +v.toFixed(12))).toEqual([3, 3, 6]);
    const { values: v2 } = symmetricEigen(Float64Array.from([2, 0, 0, 0, 3, 0, 0, 0, 6]), 3);
    expect(Array.from(v2)).toEqual([2, 3, 6]);
  });
});

describe('PSD check and repair', () => {
  // Correlation-like matrix with an impossible triangle: eigenvalues 2.0, 2.0, -1.0 (numpy).
  const bad = Float64Array.from([1, 1, -1, 1, 1, 1, -1, 1, 1]);

  it('detects a non-PSD matrix and clips its negative eigenvalues (spectral)', () => {
    expect(isPositiveSemidefinite(bad, 3)).toBe(false);
    const { matrix, repaired, minEigenvalue } = repairPositiveSemidefinite(bad, 3);
    expect(repaired).toBe(true);
    expect(minEigenvalue).toBeCloseTo(-1, 12);
    const { values } = symmetricEigen(matrix, 3);
    expect(values[0]).toBeGreaterThan(-1e-12);
    // V diag(max(q, 0)) Vᵀ for this matrix is 4/3 on the diagonal, 2/3 or -2/3 off it.
    expect(matrix[0]).toBeCloseTo(4 / 3, 12);
    expect(matrix[1]).toBeCloseTo(2 / 3, 12);
    expect(matrix[2]).toBeCloseTo(-2 / 3, 12);
  });

  it('diag repair shifts the diagonal by 1.1 × the smallest eigenvalue', () => {
    const { matrix } = repairPositiveSemidefinite(bad, 3, 'diag');
    expect(matrix[0]).toBeCloseTo(2.1, 12);
    expect(matrix[1]).toBe(1);
  });

  it('leaves a PSD matrix untouched', () => {
    const good = Float64Array.from([2, 1, 1, 2]);
    expect(repairPositiveSemidefinite(good, 2)).toEqual({ matrix: good, repaired: false });
  });
});
