/**
 * Keel's dense QP engine for portfolio problems: a primal active-set method (Nocedal & Wright,
 * Numerical Optimization, 2nd ed., Algorithm 16.3) specialised for dense P, simple bounds and a
 * few linear rows.
 *
 * - The working set holds variables fixed at a bound and active inequality rows; equality rows
 *   are always in it. Free variables keep a Cholesky factor L of P_FF (+ a tiny ridge) that is
 *   updated, not recomputed, when one variable is fixed (rank-one update, O(k²)) or freed
 *   (one new row, O(k²)). Linear rows enter through a small Schur complement C H⁻¹ Cᵀ.
 * - Each iteration takes the step to the minimiser of the working-set subproblem; a blocking
 *   bound or row joins the working set; at a subproblem minimiser the most negative multiplier
 *   leaves it. It ends at a KKT point, which for convex problems is the optimum.
 * - A feasible start comes from projecting onto the bounds and a single equality row (exact,
 *   by bisection), or from `feasibleStart` (an LP, see qp-engine.ts) for anything more general.
 */
import { solveLinear } from '../core/linalg/dense';
import {
  qpObjective,
  rowCount,
  verifyQp,
  type QpOptions,
  type QpProblem,
  type QpSolution,
  type QpSolver
} from '../core/solver/qp';

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Finds x = clip(start + τ·a, lower, upper) with aᵀx = b — for a = 1 this is the Euclidean
 * projection onto the bounds and the budget — or undefined when no τ reaches b. aᵀx(τ) is
 * piecewise linear and non-decreasing in τ with breakpoints where a coordinate meets a bound:
 * sort them and solve on the right piece. O(n log n), exact up to rounding.
 */
export function projectOntoRowAndBounds(
  a: ArrayLike<number>,
  b: number,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  start: ArrayLike<number>,
  guess = 0
): Float64Array | undefined {
  const fast = newtonProjection(a, b, lower, upper, start, guess);
  if (fast) return fast;
  const n = start.length;
  const all = new Float64Array(2 * n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === 0) continue;
    const toLower = (lower[i] - start[i]) / a[i];
    const toUpper = (upper[i] - start[i]) / a[i];
    if (Number.isFinite(toLower)) all[count++] = toLower;
    if (Number.isFinite(toUpper)) all[count++] = toUpper;
  }
  const breakpoints = all.subarray(0, count);
  const x = new Float64Array(n);
  const at = (tau: number) => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      x[i] = Math.min(upper[i], Math.max(lower[i], start[i] + tau * a[i]));
      sum += a[i] * x[i];
    }
    return sum;
  };
  breakpoints.sort();
  // Find neighbouring breakpoints (or ±∞) whose sums bracket b, by bisection over the sorted list.
  let lowTau = Number.NEGATIVE_INFINITY;
  let highTau = Number.POSITIVE_INFINITY;
  if (breakpoints.length > 0) {
    let lo = 0;
    let hi = breakpoints.length - 1;
    if (at(breakpoints[0]) > b) highTau = breakpoints[0];
    else if (at(breakpoints[hi]) < b) lowTau = breakpoints[hi];
    else {
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (at(breakpoints[mid]) < b) lo = mid;
        else hi = mid;
      }
      lowTau = breakpoints[lo];
      highTau = breakpoints[hi];
    }
  }
  // On the piece, aᵀx(τ) = base + slope·τ with slope = Σ aᵢ² over coordinates strictly inside.
  const probe =
    Number.isFinite(lowTau) && Number.isFinite(highTau)
      ? 0.5 * (lowTau + highTau)
      : Number.isFinite(lowTau)
        ? lowTau + 1
        : Number.isFinite(highTau)
          ? highTau - 1
          : 0;
  let slope = 0;
  for (let i = 0; i < n; i++) {
    const value = start[i] + probe * a[i];
    if (a[i] !== 0 && value > lower[i] && value < upper[i]) slope += a[i] * a[i];
  }
  const valueAtProbe = at(probe);
  if (slope === 0) {
    if (Math.abs(valueAtProbe - b) > 1e-12 * Math.max(1, Math.abs(b))) return undefined;
    return x;
  }
  const tau = probe + (b - valueAtProbe) / slope;
  at(tau);
  return x;
}

/**
 * The same projection by Newton's method on τ from a guess (in a first-order loop, the previous
 * step's τ): on the right piece one step is exact, so it usually takes 2–4 O(n) passes instead of
 * a sort. Piecewise-linear Newton can cycle, so after a few passes the caller falls back to the
 * sorting method; undefined means "use the fallback", never "infeasible".
 */
function newtonProjection(
  a: ArrayLike<number>,
  b: number,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  start: ArrayLike<number>,
  guess: number
): Float64Array | undefined {
  const n = start.length;
  const x = new Float64Array(n);
  let tau = guess;
  let previousInside = -1;
  for (let pass = 0; pass < 8; pass++) {
    let sum = 0;
    let slope = 0;
    let inside = 0;
    for (let i = 0; i < n; i++) {
      const value = start[i] + tau * a[i];
      const clipped = Math.min(upper[i], Math.max(lower[i], value));
      x[i] = clipped;
      sum += a[i] * clipped;
      if (a[i] !== 0 && value > lower[i] && value < upper[i]) {
        slope += a[i] * a[i];
        inside += i + 1;
      }
    }
    const residual = b - sum;
    // Exact once a Newton step landed on the piece it was computed on (same coordinates inside).
    if (inside === previousInside && Math.abs(residual) <= 1e-14 * Math.max(1, Math.abs(b))) return x;
    if (slope === 0) return undefined;
    previousInside = inside;
    tau += residual / slope;
  }
  return undefined;
}

export interface ActiveSetOptions {
  /** Phase 1 for problems with several rows: a feasible point, or undefined when there is none. */
  feasibleStart?: (problem: QpProblem) => Float64Array | undefined;
}

export class ActiveSetQpSolver implements QpSolver {
  readonly name = 'keel-active-set';
  constructor(private readonly options: ActiveSetOptions = {}) {}

  /**
   * The n × n buffer of the Cholesky factor, kept between solves: walk-forward refits solve
   * problem after problem of one size, and allocating (and later collecting) megabytes each time
   * costs as much as the solve in a browser worker.
   */
  private factorBuffer: Float64Array | undefined;

  solve(problem: QpProblem, options: QpOptions = {}): QpSolution {
    const started = now();
    const size = problem.n * problem.n;
    if (!this.factorBuffer || this.factorBuffer.length !== size) this.factorBuffer = new Float64Array(size);
    else this.factorBuffer.fill(0);
    const result = solveActiveSet(problem, options, this.options, this.factorBuffer);
    return { ...result, solveMs: now() - started };
  }
}

function initialPoint(problem: QpProblem, options: QpOptions, engine: ActiveSetOptions): Float64Array | undefined {
  const { n, lower, upper } = problem;
  const mEq = rowCount(problem.equalities);
  const mIn = rowCount(problem.inequalities);
  const start = options.start ?? new Float64Array(n).fill(0);
  if (!options.start) {
    // A neutral start: the middle of finite boxes, or 1/n when that is inside them.
    for (let i = 0; i < n; i++) {
      const lo = Number.isFinite(lower[i]) ? lower[i] : -1;
      const hi = Number.isFinite(upper[i]) ? upper[i] : 1;
      start[i] = Math.min(hi, Math.max(lo, 1 / n));
    }
  }
  let x: Float64Array | undefined;
  if (mEq === 0) x = Float64Array.from(start, (v, i) => Math.min(upper[i], Math.max(lower[i], v)));
  else if (mEq === 1) {
    const eq = problem.equalities!;
    x = projectOntoRowAndBounds(eq.rows.subarray(0, n), eq.rhs[0], lower, upper, start);
    if (!x && mIn === 0) return undefined;
    // From a given start too: a refit a month later moves many bounds at once, which the
    // gradient steps find faster than one active-set change at a time (220 ms → ~20 ms at n = 500).
    if (x && mIn === 0 && n >= WARM_START_SIZE) x = projectedGradientStart(problem, x);
  }
  if (x && (mIn === 0 || verifyQp(problem, x).maxViolation <= 1e-10)) return x;
  return engine.feasibleStart?.(problem);
}

/** From this many variables on, a first-order pass guesses the active set before the exact method. */
const WARM_START_SIZE = 100;

/**
 * A cheap guess of which bounds are active: accelerated projected gradient (FISTA) onto the
 * bounds and the single equality row, for a bounded number of steps. The active-set method then
 * starts from the guess's zero pattern and corrects it exactly; a good guess turns hundreds of
 * O(k²) active-set changes into a handful. Only the starting point changes, never the answer.
 */
function projectedGradientStart(problem: QpProblem, feasible: Float64Array): Float64Array {
  const { n, P, q, lower, upper } = problem;
  const row = problem.equalities!.rows.subarray(0, n);
  const rhs = problem.equalities!.rhs[0];
  // Four rows at a time: each load of v serves four products (~1.5× faster than row by row).
  const multiply = (v: Float64Array, out: Float64Array) => {
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const r0 = i * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < n; j++) {
        const vj = v[j];
        s0 += P[r0 + j] * vj;
        s1 += P[r1 + j] * vj;
        s2 += P[r2 + j] * vj;
        s3 += P[r3 + j] * vj;
      }
      out[i] = s0;
      out[i + 1] = s1;
      out[i + 2] = s2;
      out[i + 3] = s3;
    }
    for (; i < n; i++) {
      const row = i * n;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += P[row + j] * v[j];
      out[i] = sum;
    }
  };
  // Largest eigenvalue of P by a few power iterations: the step is 1/λmax.
  let v: Float64Array = new Float64Array(n).fill(1 / Math.sqrt(n));
  const pv = new Float64Array(n);
  let lambda = 0;
  for (let k = 0; k < 15; k++) {
    multiply(v, pv);
    lambda = Math.sqrt(pv.reduce((s, a) => s + a * a, 0));
    if (!(lambda > 0)) return feasible;
    v = pv.map((a) => a / lambda);
  }
  const step = 1 / (1.05 * lambda);
  let x: Float64Array = Float64Array.from(feasible);
  let y: Float64Array = Float64Array.from(feasible);
  let t = 1;
  const gradient = new Float64Array(n);
  // Stop once the set of variables at a bound has not changed for a few steps (measured: 20–30
  // steps usually; more steps cost more than the exact corrections they save).
  let atBound = -1;
  let unchanged = 0;
  let tau = 0;
  for (let k = 0; k < 25 && unchanged < 3; k++) {
    multiply(y, gradient);
    const target = y.map((value, i) => value - step * (gradient[i] + q[i]));
    const next = projectOntoRowAndBounds(row, rhs, lower, upper, target, tau);
    if (!next) return feasible;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (next[i] <= lower[i] || next[i] >= upper[i]) count++;
      // The shift τ of this projection, read off a coordinate inside its bounds: the next
      // projection's shift is usually close, which lets Newton's method finish in a few passes.
      else if (row[i] !== 0) tau = (next[i] - target[i]) / row[i];
    }
    unchanged = count === atBound ? unchanged + 1 : 0;
    atBound = count;
    const tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    y = next.map((value, i) => value + ((t - 1) / tNext) * (value - x[i]));
    x = next;
    t = tNext;
  }
  return x;
}

interface Core {
  status: QpSolution['status'];
  x: Float64Array;
  objective: number;
  iterations: number;
}

function solveActiveSet(problem: QpProblem, options: QpOptions, engine: ActiveSetOptions, factor: Float64Array): Core {
  const { n, P, q, lower, upper } = problem;
  const equalities = problem.equalities;
  const inequalities = problem.inequalities;
  const mEq = rowCount(equalities);
  const mIn = rowCount(inequalities);
  const maxIterations = options.maxIterations ?? 20 * (n + mIn) + 200;

  const start = initialPoint(problem, options, engine);
  if (!start) return { status: 'infeasible', x: new Float64Array(n), objective: Number.NaN, iterations: 0 };
  const x = start;

  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, Math.abs(P[i * n + i]));
  const ridge = 1e-12 * Math.max(maxDiagonal, 1e-300);
  const tolerance = 1e-12;

  // Working set: state[i] = 0 free, -1 at lower, +1 at upper; active inequality rows.
  const state = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    if (x[i] <= lower[i]) {
      x[i] = lower[i];
      state[i] = -1;
    } else if (x[i] >= upper[i]) {
      x[i] = upper[i];
      state[i] = 1;
    }
  }
  // Inequality rows join the working set only when they block a step (slope > 0), never up
  // front: a row tight at the start may depend on the others (degenerate vertices of phase 1),
  // and a dependent row has zero slope along every step, so it can never be violated.
  const active: number[] = [];

  let free: number[] = [];
  for (let i = 0; i < n; i++) if (state[i] === 0) free.push(i);
  // Cholesky factor of H_FF, row-major with stride n.
  const L = factor;
  const h = (i: number, j: number) => P[i * n + j] + (i === j ? ridge : 0);

  const appendFree = (j: number) => {
    const k = free.length;
    let diagonal = h(j, j);
    // Row j of the symmetric P, read along its row (cache-friendly) rather than down column j.
    const rowJ = j * n;
    const rowK = k * n;
    for (let c = 0; c < k; c++) {
      const rowC = c * n;
      // The dot product of rows c and k of L, four accumulators wide (~30 % faster in V8).
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let t = 0;
      for (; t + 3 < c; t += 4) {
        s0 += L[rowC + t] * L[rowK + t];
        s1 += L[rowC + t + 1] * L[rowK + t + 1];
        s2 += L[rowC + t + 2] * L[rowK + t + 2];
        s3 += L[rowC + t + 3] * L[rowK + t + 3];
      }
      for (; t < c; t++) s0 += L[rowC + t] * L[rowK + t];
      const value = (P[rowJ + free[c]] - (s0 + s1 + s2 + s3)) / L[rowC + c];
      L[rowK + c] = value;
      diagonal -= value * value;
    }
    L[rowK + k] = Math.sqrt(Math.max(diagonal, ridge));
    free.push(j);
  };

  const removeFreeAt = (position: number) => {
    const k = free.length;
    const v = new Float64Array(k);
    for (let i = position + 1; i < k; i++) v[i] = L[i * n + position];
    // Shift rows below up and their columns after `position` left.
    for (let i = position + 1; i < k; i++) {
      const from = i * n;
      const to = (i - 1) * n;
      for (let c = 0; c < position; c++) L[to + c] = L[from + c];
      for (let c = position + 1; c <= i; c++) L[to + c - 1] = L[from + c];
      L[to + i] = 0;
    }
    for (let c = 0; c < k; c++) L[(k - 1) * n + c] = 0;
    // Rank-one update of the trailing block with the removed column. Row j needs the rotations
    // of the diagonal rows above it, in order, and nothing from the rows below: so the update
    // runs row by row, reading L along its rows (the column-wise sweep is 3× slower at k ≈ 700).
    const cosines = new Float64Array(k);
    const sines = new Float64Array(k);
    for (let j = position; j < k - 1; j++) {
      const row = j * n;
      let vj = v[j + 1];
      for (let i = position; i < j; i++) {
        const s = sines[i];
        if (s === 0) continue;
        const lji = (L[row + i] + s * vj) / cosines[i];
        L[row + i] = lji;
        vj = cosines[i] * vj - s * lji;
      }
      const ljj = L[row + j];
      if (vj === 0) {
        cosines[j] = 1;
        sines[j] = 0;
        continue;
      }
      const r = Math.hypot(ljj, vj);
      cosines[j] = r / ljj;
      sines[j] = vj / ljj;
      L[row + j] = r;
    }
    free.splice(position, 1);
  };

  /**
   * The first factorisation, four rows at a time: each earlier row of L is read once per four
   * new rows (four independent dot products share its loads), which is ~2× faster than
   * appending rows one by one. The same arithmetic as appendFree, in a different order.
   */
  const factorInitial = (columns: number[]) => {
    const k = columns.length;
    let i0 = 0;
    for (; i0 + 3 < k; i0 += 4) {
      const r0 = i0 * n;
      const r1 = r0 + n;
      const r2 = r1 + n;
      const r3 = r2 + n;
      const j0 = columns[i0] * n;
      const j1 = columns[i0 + 1] * n;
      const j2 = columns[i0 + 2] * n;
      const j3 = columns[i0 + 3] * n;
      for (let c = 0; c < i0; c++) {
        const rowC = c * n;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let t = 0; t < c; t++) {
          const l = L[rowC + t];
          s0 += l * L[r0 + t];
          s1 += l * L[r1 + t];
          s2 += l * L[r2 + t];
          s3 += l * L[r3 + t];
        }
        const pivot = L[rowC + c];
        const column = columns[c];
        L[r0 + c] = (P[j0 + column] - s0) / pivot;
        L[r1 + c] = (P[j1 + column] - s1) / pivot;
        L[r2 + c] = (P[j2 + column] - s2) / pivot;
        L[r3 + c] = (P[j3 + column] - s3) / pivot;
      }
      // The 4 × 4 diagonal block, row by row.
      for (let r = 0; r < 4; r++) {
        const i = i0 + r;
        const rowI = i * n;
        const rowJ = columns[i] * n;
        for (let c = i0; c <= i; c++) {
          const rowC = c * n;
          let sum = 0;
          for (let t = 0; t < c; t++) sum += L[rowC + t] * L[rowI + t];
          const value = P[rowJ + columns[c]] + (c === i ? ridge : 0) - sum;
          L[rowI + c] = c === i ? Math.sqrt(Math.max(value, ridge)) : value / L[rowC + c];
        }
      }
    }
    free = columns.slice(0, i0);
    for (let i = i0; i < k; i++) appendFree(columns[i]);
  };

  factorInitial(free);

  const gradient = new Float64Array(n);
  const computeGradient = () => {
    for (let i = 0; i < n; i++) {
      let sum = q[i];
      const row = i * n;
      for (let j = 0; j < n; j++) sum += P[row + j] * x[j];
      gradient[i] = sum;
    }
  };

  /**
   * In place: z ← L⁻¹ z for one column, as dot products along the rows of L (contiguous reads,
   * four accumulators) rather than column sweeps.
   */
  const forwardSolve = (z: Float64Array) => {
    const k = free.length;
    for (let i = 0; i < k; i++) {
      const row = i * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let t = 0;
      for (; t + 3 < i; t += 4) {
        s0 += L[row + t] * z[t];
        s1 += L[row + t + 1] * z[t + 1];
        s2 += L[row + t + 2] * z[t + 2];
        s3 += L[row + t + 3] * z[t + 3];
      }
      for (; t < i; t++) s0 += L[row + t] * z[t];
      z[i] = (z[i] - (s0 + s1 + s2 + s3)) / L[row + i];
    }
  };

  /** In place: z ← L⁻ᵀ z, column by column so L is read along its rows (cache-friendly). */
  const backwardSolve = (z: Float64Array) => {
    const k = free.length;
    for (let i = k - 1; i >= 0; i--) {
      const row = i * n;
      const value = z[i] / L[row + i];
      z[i] = value;
      for (let t = 0; t < i; t++) z[t] -= L[row + t] * value;
    }
  };

  const constraintRow = (index: number): Float64Array =>
    index < mEq
      ? equalities!.rows.subarray(index * n, index * n + n)
      : inequalities!.rows.subarray((index - mEq) * n, (index - mEq) * n + n);

  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const k = free.length;
    const working = [...Array.from({ length: mEq }, (_, r) => r), ...active.map((r) => mEq + r)];
    const m = working.length;
    // The working-set subproblem fixes x_B and minimises over x_F:
    //   H x_F + b_F + C_Fᵀ λ = 0,  C_F x_F = r,  with b_F = q_F + P_FB x_B and r = d − C_B x_B.
    // With H = L Lᵀ, a = L⁻¹ b_F and c = L⁻¹ C_Fᵀ (one forward pass for all right-hand sides):
    //   (cᵀc) λ = −r − cᵀa  and  x_F = −L⁻ᵀ (a + c λ) (one backward pass).
    // For long-only problems x_B is mostly zero, so b_F costs next to nothing: no O(n²) pass.
    // Column c of the right-hand sides is z[c·k … c·k + k): b_F first, then one per working row.
    const columns = m + 1;
    const z = new Float64Array(k * columns);
    for (let t = 0; t < k; t++) z[t] = q[free[t]];
    for (let j = 0; j < n; j++) {
      if (state[j] === 0 || x[j] === 0) continue;
      const row = j * n;
      const xj = x[j];
      for (let t = 0; t < k; t++) z[t] += P[row + free[t]] * xj;
    }
    for (let r = 0; r < m; r++) {
      const row = constraintRow(working[r]);
      const offset = (1 + r) * k;
      for (let t = 0; t < k; t++) z[offset + t] = row[free[t]];
    }
    for (let c = 0; c < columns; c++) forwardSolve(z.subarray(c * k, c * k + k));
    let lambda: Float64Array = new Float64Array(m);
    if (m > 0) {
      const M = new Float64Array(m * m);
      const rhs = new Float64Array(m);
      for (let r = 0; r < m; r++) {
        const row = constraintRow(working[r]);
        let fixedPart = 0;
        for (let j = 0; j < n; j++) if (state[j] !== 0) fixedPart += row[j] * x[j];
        const target = working[r] < mEq ? equalities!.rhs[working[r]] : inequalities!.rhs[working[r] - mEq];
        rhs[r] = -(target - fixedPart);
      }
      for (let r = 0; r < m; r++) {
        const cr = z.subarray((1 + r) * k, (2 + r) * k);
        for (let t = 0; t < k; t++) rhs[r] -= cr[t] * z[t];
        for (let c = 0; c < m; c++) {
          const cc = z.subarray((1 + c) * k, (2 + c) * k);
          let sum = 0;
          for (let t = 0; t < k; t++) sum += cr[t] * cc[t];
          M[r * m + c] = sum;
        }
      }
      const solved = solveLinear(M, m, rhs);
      if (!solved) {
        // Working rows are dependent on the free variables: no step keeps them all. This happens
        // when fixed variables leave too little freedom; free the one with the largest pull.
        computeGradient();
        let best = -1;
        let bestValue = 0;
        for (let i = 0; i < n; i++) {
          if (state[i] === 0) continue;
          const pull = state[i] === -1 ? -gradient[i] : gradient[i];
          if (best < 0 || pull > bestValue) {
            best = i;
            bestValue = pull;
          }
        }
        if (best < 0) return { status: 'numerical-failure', x, objective: qpObjective(problem, x), iterations };
        state[best] = 0;
        appendFree(best);
        continue;
      }
      lambda = solved;
    }
    const p = new Float64Array(k);
    for (let t = 0; t < k; t++) p[t] = -z[t];
    for (let r = 0; r < m; r++) {
      const offset = (1 + r) * k;
      const lr = lambda[r];
      for (let t = 0; t < k; t++) p[t] -= z[offset + t] * lr;
    }
    backwardSolve(p);
    // p now holds the subproblem minimiser x_F*; the step is its difference from x_F.
    for (let t = 0; t < k; t++) p[t] -= x[free[t]];
    let stepNorm = 0;
    let xNorm = 0;
    for (let t = 0; t < k; t++) {
      stepNorm = Math.max(stepNorm, Math.abs(p[t]));
      xNorm = Math.max(xNorm, Math.abs(x[free[t]]));
    }

    if (stepNorm <= tolerance * Math.max(1, xNorm)) {
      // At the working-set minimiser: check the multipliers of fixed bounds and active rows.
      computeGradient();
      const fullMultiplierTerm = new Float64Array(n);
      for (let r = 0; r < m; r++) {
        const row = constraintRow(working[r]);
        for (let i = 0; i < n; i++) fullMultiplierTerm[i] += row[i] * lambda[r];
      }
      let worst = -tolerance * Math.max(1, maxDiagonal);
      let release: { kind: 'bound'; index: number } | { kind: 'row'; index: number } | undefined;
      for (let i = 0; i < n; i++) {
        if (state[i] === 0 || lower[i] === upper[i]) continue;
        const mu = gradient[i] + fullMultiplierTerm[i];
        const signed = state[i] === -1 ? mu : -mu;
        if (signed < worst) {
          worst = signed;
          release = { kind: 'bound', index: i };
        }
      }
      for (let a = 0; a < active.length; a++) {
        const value = lambda[mEq + a];
        if (value < worst) {
          worst = value;
          release = { kind: 'row', index: a };
        }
      }
      if (!release) return { status: 'optimal', x, objective: qpObjective(problem, x), iterations };
      if (release.kind === 'bound') {
        state[release.index] = 0;
        appendFree(release.index);
      } else {
        active.splice(release.index, 1);
      }
      continue;
    }

    // Step towards the subproblem minimiser, stopping at the first constraint that blocks.
    let alpha = 1;
    let blocking: { kind: 'bound'; position: number; side: -1 | 1 } | { kind: 'row'; index: number } | undefined;
    for (let t = 0; t < k; t++) {
      const i = free[t];
      if (p[t] < 0 && Number.isFinite(lower[i])) {
        const limit = (lower[i] - x[i]) / p[t];
        if (limit < alpha) {
          alpha = Math.max(0, limit);
          blocking = { kind: 'bound', position: t, side: -1 };
        }
      } else if (p[t] > 0 && Number.isFinite(upper[i])) {
        const limit = (upper[i] - x[i]) / p[t];
        if (limit < alpha) {
          alpha = Math.max(0, limit);
          blocking = { kind: 'bound', position: t, side: 1 };
        }
      }
    }
    for (let r = 0; r < mIn; r++) {
      if (active.includes(r)) continue;
      const row = inequalities!.rows.subarray(r * n, r * n + n);
      let slope = 0;
      for (let t = 0; t < k; t++) slope += row[free[t]] * p[t];
      if (slope <= 1e-15) continue;
      let value = 0;
      for (let j = 0; j < n; j++) value += row[j] * x[j];
      const limit = (inequalities!.rhs[r] - value) / slope;
      if (limit < alpha) {
        alpha = Math.max(0, limit);
        blocking = { kind: 'row', index: r };
      }
    }
    for (let t = 0; t < k; t++) x[free[t]] += alpha * p[t];
    if (blocking?.kind === 'bound') {
      const i = free[blocking.position];
      x[i] = blocking.side === -1 ? lower[i] : upper[i];
      state[i] = blocking.side;
      removeFreeAt(blocking.position);
    } else if (blocking?.kind === 'row') {
      active.push(blocking.index);
    }
  }
  return { status: 'iteration-limit', x, objective: qpObjective(problem, x), iterations };
}
