/**
 * Deterministic test problems shared by tests and benchmarks (and mirrored in
 * tests/golden/make_fixtures.py, so Python reference solvers see the very same numbers).
 *
 * The long-only minimum-variance family of stack-notes.md: Σ = B Bᵀ + diag(0.0004 … 0.0024),
 * B n×n with standard normal entries scaled by 0.2/√n. The normals come from mulberry32 and
 * Box–Muller rather than numpy's generator so both languages can produce them.
 */

import { mulberry32 } from '../random';

export { mulberry32 };

export function standardNormals(count: number, seed: number): Float64Array {
  const uniform = mulberry32(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = 1 - uniform();
    const u2 = uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    out[i] = radius * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** Σ of the minimum-variance benchmark family for n assets. */
export function benchmarkCovariance(n: number, seed = 1): Float64Array {
  const b = standardNormals(n * n, seed);
  const scale = 0.2 / Math.sqrt(n);
  for (let k = 0; k < b.length; k++) b[k] *= scale;
  const cov = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += b[i * n + k] * b[j * n + k];
      cov[i * n + j] = sum;
      cov[j * n + i] = sum;
    }
    cov[i * n + i] += 0.0004 + (n === 1 ? 0 : (0.002 * i) / (n - 1));
  }
  return cov;
}
