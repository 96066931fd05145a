// Reference solutions: cvxopt 1.3.0 at 1e-12 tolerances (tests/golden/make_fixtures.py).
import { beforeAll, describe, expect, it } from 'vitest';
import { qpObjective, verifyQp, type QpProblem, type QpSolver } from '$lib/core/solver/qp';
import { benchmarkCovariance } from '$lib/core/solver/test-problems';
import { solveLinear } from '$lib/core/linalg/dense';
import { createQpEngine } from '$lib/solvers/qp-engine';
import { projectOntoRowAndBounds } from '$lib/solvers/active-set-qp';
import { loadGolden } from '../helpers/golden';

interface RandomQp {
  n: number;
  P: number[];
  q: number[];
  lower: number[];
  upper: number[];
  groups: { row: number[]; limit: number }[];
  x: number[];
  objective: number;
}

let engine: QpSolver;
beforeAll(async () => {
  engine = await createQpEngine();
});

function toProblem(p: RandomQp): QpProblem {
  return {
    n: p.n,
    P: Float64Array.from(p.P),
    q: Float64Array.from(p.q),
    equalities: { rows: new Float64Array(p.n).fill(1), rhs: Float64Array.of(1), names: ['budget'] },
    inequalities: p.groups.length
      ? {
          rows: Float64Array.from(p.groups.flatMap((g) => g.row)),
          rhs: Float64Array.from(p.groups.map((g) => g.limit)),
          names: p.groups.map((_, i) => `group ${i}`)
        }
      : undefined,
    lower: Float64Array.from(p.lower),
    upper: Float64Array.from(p.upper)
  };
}

describe('the active-set QP engine', () => {
  const { problems } = loadGolden<{ problems: RandomQp[] }>('qp-random-cvxopt.json');

  it(`matches cvxopt on ${problems.length} random QPs with bounds, budget and group limits`, () => {
    for (const reference of problems) {
      const problem = toProblem(reference);
      const solution = engine.solve(problem);
      expect(solution.status).toBe('optimal');
      expect(verifyQp(problem, solution.x).maxViolation).toBeLessThanOrEqual(1e-10);
      // Never worse than cvxopt's optimum (to its tolerance), and the same point.
      expect(solution.objective).toBeLessThanOrEqual(reference.objective + 1e-10);
      for (let i = 0; i < reference.n; i++) expect(Math.abs(solution.x[i] - reference.x[i])).toBeLessThan(1e-6);
    }
  });

  it('equals the closed-form solution of an equality-constrained problem (bordered KKT system)', () => {
    const n = 12;
    const cov = benchmarkCovariance(n, 3);
    const mu = Float64Array.from({ length: n }, (_, i) => 0.02 + 0.01 * i);
    const target = 0.1;
    const problem: QpProblem = {
      n,
      P: cov.map((v) => 2 * v),
      q: new Float64Array(n),
      equalities: {
        rows: Float64Array.from([...mu, ...new Array(n).fill(1)]),
        rhs: Float64Array.of(target, 1),
        names: ['target return', 'budget']
      },
      lower: new Float64Array(n).fill(-10),
      upper: new Float64Array(n).fill(10)
    };
    const solution = engine.solve(problem);
    // [[2Σ, μ, 1], [μᵀ, 0, 0], [1ᵀ, 0, 0]] [w, λ1, λ2] = [0, R, 1]
    const size = n + 2;
    const kkt = new Float64Array(size * size);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) kkt[i * size + j] = 2 * cov[i * n + j];
      kkt[i * size + n] = mu[i];
      kkt[i * size + n + 1] = 1;
      kkt[n * size + i] = mu[i];
      kkt[(n + 1) * size + i] = 1;
    }
    const rhs = new Float64Array(size);
    rhs[n] = target;
    rhs[n + 1] = 1;
    const exact = solveLinear(kkt, size, rhs)!;
    for (let i = 0; i < n; i++) expect(solution.x[i]).toBeCloseTo(exact[i], 9);
  });

  it('every solution of random PSD problems satisfies its constraints to 1e-8 and is a local optimum', () => {
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 40; trial++) {
      const n = 3 + (trial % 15);
      const cov = benchmarkCovariance(n, 100 + trial);
      const mu = Float64Array.from({ length: n }, () => random() * 0.2 - 0.05);
      const upper = 0.2 + random() * 0.8;
      const riskAversion = 1 + random() * 4;
      const problem: QpProblem = {
        n,
        P: cov.map((v) => v * riskAversion),
        q: mu.map((v) => -v),
        equalities: { rows: new Float64Array(n).fill(1), rhs: Float64Array.of(1), names: ['budget'] },
        lower: new Float64Array(n).fill(trial % 4 === 0 ? -0.2 : 0),
        upper: new Float64Array(n).fill(Math.max(upper, 1.5 / n))
      };
      const solution = engine.solve(problem);
      expect(solution.status).toBe('optimal');
      expect(verifyQp(problem, solution.x).maxViolation).toBeLessThanOrEqual(1e-8);
      // No feasible pairwise move (keeps the budget) improves the objective.
      const base = qpObjective(problem, solution.x);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          const moved = Float64Array.from(solution.x);
          const step = Math.min(1e-4, moved[i] - problem.lower[i], problem.upper[j] - moved[j]);
          if (step <= 0) continue;
          moved[i] -= step;
          moved[j] += step;
          expect(qpObjective(problem, moved)).toBeGreaterThanOrEqual(base - 1e-12);
        }
      }
    }
  });

  it('says infeasible when the bounds cannot meet the budget', () => {
    const n = 3;
    const problem: QpProblem = {
      n,
      P: benchmarkCovariance(n),
      q: new Float64Array(n),
      equalities: { rows: new Float64Array(n).fill(1), rhs: Float64Array.of(1), names: ['budget'] },
      lower: new Float64Array(n),
      upper: new Float64Array(n).fill(0.2)
    };
    expect(engine.solve(problem).status).toBe('infeasible');
  });
  it('gives the same answer with and without the first-order warm start at large n', () => {
    // From 100 assets on, a FISTA pass guesses the active set and the first factorisation runs
    // four rows at a time; an explicit start skips both. The answers must agree.
    for (const n of [150, 263]) {
      const cov = benchmarkCovariance(n, 7 + n);
      const problem: QpProblem = {
        n,
        P: cov.map((v) => 2 * v),
        q: Float64Array.from({ length: n }, (_, i) => -0.001 * Math.sin(i)),
        equalities: { rows: new Float64Array(n).fill(1), rhs: Float64Array.of(1), names: ['budget'] },
        lower: new Float64Array(n),
        upper: new Float64Array(n).fill(0.05)
      };
      const warm = engine.solve(problem);
      const cold = engine.solve(problem, { start: new Float64Array(n).fill(1 / n) });
      expect(warm.status).toBe('optimal');
      expect(cold.status).toBe('optimal');
      expect(verifyQp(problem, warm.x).maxViolation).toBeLessThanOrEqual(1e-10);
      expect(Math.abs(warm.objective - cold.objective)).toBeLessThanOrEqual(1e-12);
      for (let i = 0; i < n; i++) expect(Math.abs(warm.x[i] - cold.x[i])).toBeLessThanOrEqual(1e-8);
      // KKT: one multiplier λ with (Px + q)_i = λ where 0 < x_i < u, ≥ λ at 0 and ≤ λ at u.
      const gradient = Float64Array.from({ length: n }, (_, i) => {
        let sum = problem.q[i];
        for (let j = 0; j < n; j++) sum += problem.P[i * n + j] * warm.x[j];
        return sum;
      });
      const inside = [...gradient].filter((_, i) => warm.x[i] > 1e-9 && warm.x[i] < 0.05 - 1e-9);
      const lambda = inside.reduce((a, b) => a + b, 0) / inside.length;
      for (let i = 0; i < n; i++) {
        if (warm.x[i] <= 1e-9) expect(gradient[i]).toBeGreaterThanOrEqual(lambda - 1e-10);
        else if (warm.x[i] >= 0.05 - 1e-9) expect(gradient[i]).toBeLessThanOrEqual(lambda + 1e-10);
        else expect(Math.abs(gradient[i] - lambda)).toBeLessThanOrEqual(1e-10);
      }
    }
  });

  it('projects onto one row and bounds exactly, from any guess of the shift', () => {
    let seed = 5;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + (trial % 40);
      const a = Float64Array.from({ length: n }, () => (random() < 0.15 ? 0 : random() * 2 - 0.5));
      const lower = Float64Array.from({ length: n }, () => -random());
      const upper = lower.map((lo) => lo + random() * 2);
      const start = Float64Array.from({ length: n }, () => random() * 4 - 2);
      let lowest = 0;
      let highest = 0;
      for (let i = 0; i < n; i++) {
        lowest += a[i] * (a[i] >= 0 ? lower[i] : upper[i]);
        highest += a[i] * (a[i] >= 0 ? upper[i] : lower[i]);
      }
      // One in five targets lies beyond what the bounds can reach: no projection exists.
      const outside = trial % 5 === 4;
      const b = outside ? highest + 0.5 : lowest + (highest - lowest) * random();
      const guess = trial % 3 === 0 ? 0 : random() * 10 - 5;
      const x = projectOntoRowAndBounds(a, b, lower, upper, start, guess);
      if (outside) {
        expect(x).toBeUndefined();
        continue;
      }
      expect(x).toBeDefined();
      let sum = 0;
      let tau: number | undefined;
      for (let i = 0; i < n; i++) {
        expect(x![i]).toBeGreaterThanOrEqual(lower[i]);
        expect(x![i]).toBeLessThanOrEqual(upper[i]);
        sum += a[i] * x![i];
        if (a[i] !== 0 && x![i] > lower[i] && x![i] < upper[i]) {
          // Every coordinate strictly inside its bounds moved by the same multiple τ of aᵢ.
          const shift = (x![i] - start[i]) / a[i];
          if (tau === undefined) tau = shift;
          else expect(Math.abs(shift - tau)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(tau)));
        }
        if (a[i] === 0) expect(x![i]).toBe(Math.min(upper[i], Math.max(lower[i], start[i])));
      }
      expect(Math.abs(sum - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
    }
  });
});
