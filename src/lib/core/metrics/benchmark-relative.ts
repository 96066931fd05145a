/**
 * Statistics against a benchmark (empyrical's alpha, beta, capture), plus tracking error and the
 * information ratio. Series are aligned by position; `riskFree` is per period.
 */
import { ANNUALIZATION, nanmean, nanstd, type Returns } from './periods';
import { annualReturn } from './ratios';

/** Population beta on the rows where both the returns and the benchmark are known. */
export function beta(r: Returns, f: Returns): number {
  const rows: number[] = [];
  for (let i = 0; i < r.length; i++) if (!Number.isNaN(r[i]) && !Number.isNaN(f[i])) rows.push(i);
  if (rows.length === 0) return Number.NaN;
  const meanF = rows.reduce((s, i) => s + f[i], 0) / rows.length;
  const covariance = rows.reduce((s, i) => s + (f[i] - meanF) * r[i], 0) / rows.length;
  const variance = rows.reduce((s, i) => s + (f[i] - meanF) ** 2, 0) / rows.length;
  return variance < 1e-30 ? Number.NaN : covariance / variance;
}

/** (1 + mean daily alpha)^factor − 1. */
export function alpha(r: Returns, f: Returns, riskFree = 0, factor: number = ANNUALIZATION.daily): number {
  const b = beta(r, f);
  const daily = Float64Array.from({ length: r.length }, (_, i) => r[i] - riskFree - b * (f[i] - riskFree));
  return (1 + nanmean(daily)) ** factor - 1;
}

export function trackingError(r: Returns, f: Returns, factor: number = ANNUALIZATION.daily): number {
  const active = Float64Array.from({ length: r.length }, (_, i) => r[i] - f[i]);
  return nanstd(active, 1) * Math.sqrt(factor);
}

/** Annualised mean active return over the tracking error. */
export function informationRatio(r: Returns, f: Returns, factor: number = ANNUALIZATION.daily): number {
  const active = Float64Array.from({ length: r.length }, (_, i) => r[i] - f[i]);
  return (nanmean(active) * factor) / (nanstd(active, 1) * Math.sqrt(factor));
}

export function capture(r: Returns, f: Returns, factor: number = ANNUALIZATION.daily): number {
  return annualReturn(r, factor) / annualReturn(f, factor);
}

function filtered(r: Returns, f: Returns, keep: (x: number) => boolean): [number[], number[]] {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < r.length; i++)
    if (keep(f[i])) {
      a.push(r[i]);
      b.push(f[i]);
    }
  return [a, b];
}

export function upCapture(r: Returns, f: Returns, factor: number = ANNUALIZATION.daily): number {
  const [a, b] = filtered(r, f, (x) => x > 0);
  return capture(a, b, factor);
}

export function downCapture(r: Returns, f: Returns, factor: number = ANNUALIZATION.daily): number {
  const [a, b] = filtered(r, f, (x) => x < 0);
  return capture(a, b, factor);
}

export function upDownCapture(r: Returns, f: Returns, factor: number = ANNUALIZATION.daily): number {
  return upCapture(r, f, factor) / downCapture(r, f, factor);
}
