/**
 * Weight constraints as plain data, and their translation into bounds and linear rows.
 * Conventions (reference-definitions.md §0): default bounds (0, 1); weights sum to 1, or to 0
 * when market-neutral (which needs negative lower bounds).
 */
import type { LinearRows } from '../solver/qp';

export interface GroupLimit {
  /** A name a person reads, e.g. "Bonds". */
  name: string;
  /** Asset ids in the group. */
  members: string[];
  lower?: number;
  upper?: number;
}

export interface WeightConstraints {
  /** The same (lower, upper) for every asset, or one pair per asset id. */
  bounds?: [number, number] | Record<string, [number, number]>;
  groups?: GroupLimit[];
  marketNeutral?: boolean;
}

/** One linear row over the weights with a readable name, as the doctor reports it. */
export interface NamedRow {
  name: string;
  coefficients: Float64Array;
  kind: 'eq' | 'le' | 'ge';
  rhs: number;
}

export interface WeightSpace {
  n: number;
  lower: Float64Array;
  upper: Float64Array;
  /** The budget row first, then group limits. */
  rows: NamedRow[];
}

const percent = (value: number) => `${+(value * 100).toFixed(4)} %`;

export function weightSpace(assets: readonly string[], constraints: WeightConstraints = {}): WeightSpace {
  const n = assets.length;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const bounds = constraints.bounds ?? [0, 1];
  for (let i = 0; i < n; i++) {
    const pair = Array.isArray(bounds) ? bounds : (bounds[assets[i]] ?? [0, 1]);
    lower[i] = pair[0];
    upper[i] = pair[1];
  }
  const budget = constraints.marketNeutral ? 0 : 1;
  const rows: NamedRow[] = [
    {
      name: constraints.marketNeutral ? 'weights sum to 0 (market neutral)' : 'weights sum to 100 %',
      coefficients: new Float64Array(n).fill(1),
      kind: 'eq',
      rhs: budget
    }
  ];
  for (const group of constraints.groups ?? []) {
    const coefficients = Float64Array.from(assets, (asset) => (group.members.includes(asset) ? 1 : 0));
    if (group.lower !== undefined)
      rows.push({ name: `${group.name} ≥ ${percent(group.lower)}`, coefficients, kind: 'ge', rhs: group.lower });
    if (group.upper !== undefined)
      rows.push({ name: `${group.name} ≤ ${percent(group.upper)}`, coefficients, kind: 'le', rhs: group.upper });
  }
  return { n, lower, upper, rows };
}

/** Splits named rows into the QP's equality rows and ≤ rows (≥ rows are negated). */
export function toLinearRows(n: number, rows: NamedRow[]): { equalities?: LinearRows; inequalities?: LinearRows } {
  const eq = rows.filter((r) => r.kind === 'eq');
  const ineq = rows.filter((r) => r.kind !== 'eq');
  const pack = (list: NamedRow[], negateGe: boolean): LinearRows | undefined => {
    if (list.length === 0) return undefined;
    const matrix = new Float64Array(list.length * n);
    const rhs = new Float64Array(list.length);
    list.forEach((row, r) => {
      const sign = negateGe && row.kind === 'ge' ? -1 : 1;
      for (let j = 0; j < n; j++) matrix[r * n + j] = sign * row.coefficients[j];
      rhs[r] = sign * row.rhs;
    });
    return { rows: matrix, rhs, names: list.map((row) => row.name) };
  };
  return { equalities: pack(eq, false), inequalities: pack(ineq, true) };
}
