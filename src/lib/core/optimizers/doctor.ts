/**
 * The infeasibility doctor: when constraints cannot all hold, find the smallest total relaxation
 * that makes them feasible (an "elastic" LP: every row gets a non-negative slack, minimise their
 * sum) and name the constraints involved, so the user reads "Bonds ≥ 50 % and Equities ≥ 60 %
 * cannot both hold: lower Equities ≥ 60 % by 10 points" instead of a status code.
 */
import type { MilpProblem, MilpSolver } from '../solver/milp';
import type { NamedRow, WeightSpace } from './constraints';

export interface Relaxation {
  constraint: string;
  /** How far the limit must move, in weight units (0.1 = 10 percentage points). */
  by: number;
  /** Which way: 'lower' the limit of a ≥ row / 'raise' the limit of a ≤ row / 'change' an equality. */
  direction: 'lower' | 'raise' | 'change';
}

export interface Diagnosis {
  /** Constraints that cannot all hold together. */
  conflicting: string[];
  /** The smallest total relaxation that restores feasibility. */
  relaxations: Relaxation[];
}

export function diagnoseWeights(space: WeightSpace, lp: MilpSolver): Diagnosis {
  const { n, lower, upper, rows } = space;
  const conflictingBounds: string[] = [];
  for (let i = 0; i < n; i++) if (lower[i] > upper[i]) conflictingBounds.push(`bounds of asset ${i}`);
  if (conflictingBounds.length > 0) return { conflicting: conflictingBounds, relaxations: [] };

  const weight = (i: number) => `w${i}`;
  const variables: MilpProblem['variables'] = Array.from({ length: n }, (_, i) => ({
    name: weight(i),
    lower: lower[i],
    upper: upper[i]
  }));
  const constraints: MilpProblem['constraints'] = [];
  const objective: MilpProblem['objective'] = [];
  rows.forEach((row: NamedRow, r) => {
    const terms = [];
    for (let j = 0; j < n; j++)
      if (row.coefficients[j] !== 0) terms.push({ variable: weight(j), coefficient: row.coefficients[j] });
    const up = `up${r}`;
    const down = `down${r}`;
    // aᵀw + down − up (= | ≤ | ≥) rhs: `down` lets the row's value rise, `up` lets it fall.
    variables.push({ name: up, lower: 0 }, { name: down, lower: 0 });
    objective.push({ variable: up, coefficient: 1 }, { variable: down, coefficient: 1 });
    const elastic = [...terms, { variable: down, coefficient: 1 }, { variable: up, coefficient: -1 }];
    if (row.kind === 'eq') constraints.push({ name: row.name, terms: elastic, lower: row.rhs, upper: row.rhs });
    if (row.kind === 'le')
      constraints.push({ name: row.name, terms: [...terms, { variable: up, coefficient: -1 }], upper: row.rhs });
    if (row.kind === 'ge')
      constraints.push({ name: row.name, terms: [...terms, { variable: down, coefficient: 1 }], lower: row.rhs });
  });
  const solution = lp.solve({ name: 'elastic', sense: 'minimize', objective, variables, constraints });
  const relaxations: Relaxation[] = [];
  const values = solution.values;
  rows.forEach((row, r) => {
    const up = values[`up${r}`] ?? 0;
    const down = values[`down${r}`] ?? 0;
    const amount = up + down;
    if (amount <= 1e-9) return;
    relaxations.push({
      constraint: row.name,
      by: amount,
      direction: row.kind === 'ge' ? 'lower' : row.kind === 'le' ? 'raise' : 'change'
    });
  });
  // The other rows at their limit in the relaxed solution are the ones the relaxed rows fight.
  const w = Float64Array.from({ length: n }, (_, i) => values[weight(i)] ?? 0);
  const conflicting = rows
    .filter((row) => {
      if (relaxations.some((relaxation) => relaxation.constraint === row.name)) return true;
      let value = 0;
      for (let j = 0; j < n; j++) value += row.coefficients[j] * w[j];
      return row.kind !== 'eq' && Math.abs(value - row.rhs) <= 1e-9;
    })
    .map((row) => row.name);
  if (relaxations.length > 0 && !conflicting.some((name) => name === rows[0].name)) conflicting.push(rows[0].name);
  return { conflicting, relaxations };
}
