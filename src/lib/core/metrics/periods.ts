/**
 * Annualisation factors and NaN-aware moments, as empyrical defines them
 * (reference-definitions.md Part 2): most statistics skip NaN, a few count NaN as a 0 return.
 */
export const ANNUALIZATION = { daily: 252, weekly: 52, monthly: 12, quarterly: 4, yearly: 1 } as const;
export type Period = keyof typeof ANNUALIZATION;

export type Returns = ArrayLike<number>;

export function finite(r: Returns): number[] {
  const out: number[] = [];
  for (let i = 0; i < r.length; i++) if (!Number.isNaN(r[i])) out.push(r[i]);
  return out;
}

export function nanmean(r: Returns): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < r.length; i++)
    if (!Number.isNaN(r[i])) {
      sum += r[i];
      n++;
    }
  return n === 0 ? Number.NaN : sum / n;
}

/** Standard deviation skipping NaN, with `ddof` degrees of freedom removed (numpy's nanstd). */
export function nanstd(r: Returns, ddof = 1): number {
  const mean = nanmean(r);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < r.length; i++)
    if (!Number.isNaN(r[i])) {
      sum += (r[i] - mean) ** 2;
      n++;
    }
  return n - ddof <= 0 ? Number.NaN : Math.sqrt(sum / (n - ddof));
}

/** numpy.percentile with linear interpolation, on the non-NaN values; q in [0, 100]. */
export function percentile(r: Returns, q: number): number {
  const sorted = finite(r).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = ((sorted.length - 1) * q) / 100;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
