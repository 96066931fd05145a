/**
 * Black–Litterman (reference-definitions.md §7, PyPortfolioOpt `black_litterman`):
 *
 * - market-implied risk aversion δ = (mean(r)·f − rf) / (var(r)·f) of market returns (ddof 1);
 * - market-implied prior π = δ Σ w_mkt + rf, with w_mkt the market-cap weights;
 * - views: P (k × n), Q (k); absolute views are one-hot rows; Ω = diag(τ P Σ Pᵀ) by default,
 *   or Idzorek's ωₖ = τ (1 − cₖ)/cₖ · Pₖ Σ Pₖᵀ from confidences cₖ (1e6 when cₖ = 0);
 * - posterior μ = π + τΣPᵀ(PτΣPᵀ + Ω)⁻¹(Q − Pπ) and
 *   posterior Σ = Σ + τΣ − τΣPᵀ(PτΣPᵀ + Ω)⁻¹PτΣ;
 * - BL weights w ∝ (δΣ)⁻¹ μ_posterior, normalised to sum to 1 (with the prior Σ, as upstream).
 */
import { solveLinear } from '../linalg/dense';
import { err, ok, type Result } from '../result';

export interface View {
  /** Weights of the view portfolio per asset index: {2: 1} absolute, {0: 1, 1: -1} relative. */
  picks: Record<number, number>;
  /** The view's expected return (annual). */
  expectedReturn: number;
  /** Idzorek confidence in [0, 1]; omitted for the default Ω. */
  confidence?: number;
}

export interface BlackLittermanInput {
  cov: Float64Array;
  n: number;
  prior: Float64Array;
  views: View[];
  tau?: number;
}

export interface BlackLittermanPosterior {
  mu: Float64Array;
  cov: Float64Array;
  omega: Float64Array;
}

export type BlackLittermanError =
  { code: 'singular-views'; message: string } | { code: 'invalid-input'; message: string };

/** δ from market prices' simple returns. */
export function marketImpliedRiskAversion(marketReturns: ArrayLike<number>, frequency = 252, riskFreeRate = 0): number {
  const values = Array.from(marketReturns).filter((r) => !Number.isNaN(r));
  const mean = values.reduce((s, r) => s + r, 0) / values.length;
  const variance = values.reduce((s, r) => s + (r - mean) ** 2, 0) / (values.length - 1);
  return (mean * frequency - riskFreeRate) / (variance * frequency);
}

/** π = δ Σ w_mkt + rf. */
export function marketImpliedPrior(
  marketCaps: ArrayLike<number>,
  riskAversion: number,
  cov: Float64Array,
  riskFreeRate = 0
): Float64Array {
  const n = marketCaps.length;
  const total = Array.from(marketCaps).reduce((s, c) => s + c, 0);
  const prior = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += cov[i * n + j] * (marketCaps[j] / total);
    prior[i] = riskAversion * sum + riskFreeRate;
  }
  return prior;
}

export function blackLittermanPosterior(
  input: BlackLittermanInput
): Result<BlackLittermanPosterior, BlackLittermanError> {
  const { cov, n, prior, views } = input;
  const tau = input.tau ?? 0.05;
  const k = views.length;
  if (k === 0) return err({ code: 'invalid-input', message: 'at least one view is needed' });
  const P = new Float64Array(k * n);
  views.forEach((view, r) => {
    for (const [index, weight] of Object.entries(view.picks)) {
      const i = Number(index);
      if (!(i >= 0 && i < n)) throw new RangeError(`view ${r} picks asset ${index}, outside 0…${n - 1}`);
      P[r * n + i] = weight;
    }
  });
  // SPt = Σ Pᵀ (n × k); PSP = P Σ Pᵀ (k × k).
  const SPt = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < k; r++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += cov[i * n + j] * P[r * n + j];
      SPt[i * k + r] = sum;
    }
  }
  const PSP = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b < k; b++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += P[a * n + j] * SPt[j * k + b];
      PSP[a * k + b] = sum;
    }
  const omega = new Float64Array(k * k);
  views.forEach((view, r) => {
    const own = PSP[r * k + r];
    if (view.confidence === undefined) omega[r * k + r] = tau * own;
    else if (view.confidence === 0) omega[r * k + r] = 1e6;
    else omega[r * k + r] = tau * ((1 - view.confidence) / view.confidence) * own;
  });
  // A = P τΣ Pᵀ + Ω
  const A = Float64Array.from(PSP, (v, q) => tau * v + omega[q]);
  const residual = Float64Array.from(views, (view, r) => {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += P[r * n + j] * prior[j];
    return view.expectedReturn - sum;
  });
  const x = solveLinear(A, k, residual);
  if (!x) return err({ code: 'singular-views', message: 'the views are linearly dependent (P τΣ Pᵀ + Ω is singular)' });
  const mu = Float64Array.from(prior, (p, i) => {
    let sum = 0;
    for (let r = 0; r < k; r++) sum += tau * SPt[i * k + r] * x[r];
    return p + sum;
  });
  // posterior Σ = Σ + τΣ − τ² SPt A⁻¹ SPtᵀ
  const AinvSPtT: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const column = Float64Array.from({ length: k }, (_, r) => SPt[j * k + r]);
    const solved = solveLinear(A, k, column);
    if (!solved) return err({ code: 'singular-views', message: 'the views are linearly dependent' });
    AinvSPtT.push(solved);
  }
  const posteriorCov = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let r = 0; r < k; r++) sum += SPt[i * k + r] * AinvSPtT[j][r];
      posteriorCov[i * n + j] = (1 + tau) * cov[i * n + j] - tau * tau * sum;
    }
  }
  return ok({ mu, cov: posteriorCov, omega });
}

/** w ∝ (δΣ)⁻¹ μ, normalised to sum to 1 (PyPortfolioOpt `bl_weights`, with the prior Σ). */
export function blackLittermanWeights(
  cov: Float64Array,
  n: number,
  posteriorReturns: Float64Array,
  riskAversion: number
): Float64Array | undefined {
  const raw = solveLinear(
    cov.map((v) => v * riskAversion),
    n,
    posteriorReturns
  );
  if (!raw) return undefined;
  const total = raw.reduce((s, w) => s + w, 0);
  return raw.map((w) => w / total);
}
