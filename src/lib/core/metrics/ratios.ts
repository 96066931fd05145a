/**
 * Return and risk-adjusted return statistics with empyrical's conventions
 * (reference-definitions.md Part 2). `riskFree` and `required` are per period.
 */
import { maxDrawdown } from './drawdown';
import { nanmean, nanstd, type Returns } from './periods';

const minus = (r: Returns, c: number | Returns) =>
  Float64Array.from({ length: r.length }, (_, i) => r[i] - (typeof c === 'number' ? c : c[i]));

/** CAGR: the compounded value counts NaN as 0, the length counts NaN entries. */
export function annualReturn(r: Returns, factor = 252): number {
  if (r.length === 0) return Number.NaN;
  let wealth = 1;
  for (let i = 0; i < r.length; i++) if (!Number.isNaN(r[i])) wealth *= 1 + r[i];
  return wealth ** (factor / r.length) - 1;
}

export function annualVolatility(r: Returns, factor = 252, alpha = 2): number {
  if (r.length < 2) return Number.NaN;
  return nanstd(r, 1) * factor ** (1 / alpha);
}

export function sharpeRatio(r: Returns, riskFree: number | Returns = 0, factor = 252): number {
  if (r.length < 2) return Number.NaN;
  const excess = minus(r, riskFree);
  return (nanmean(excess) / nanstd(excess, 1)) * Math.sqrt(factor);
}

export function downsideRisk(r: Returns, required: number | Returns = 0, factor = 252): number {
  const shortfall = minus(r, required).map((x) => (Number.isNaN(x) ? x : Math.min(x, 0) ** 2));
  return Math.sqrt(nanmean(shortfall)) * Math.sqrt(factor);
}

export function sortinoRatio(r: Returns, required: number | Returns = 0, factor = 252): number {
  if (r.length < 2) return Number.NaN;
  return (nanmean(minus(r, required)) * factor) / downsideRisk(r, required, factor);
}

export function calmarRatio(r: Returns, factor = 252): number {
  const dd = maxDrawdown(r);
  if (!(dd < 0)) return Number.NaN;
  const ratio = annualReturn(r, factor) / Math.abs(dd);
  return Number.isFinite(ratio) ? ratio : Number.NaN;
}

export function omegaRatio(r: Returns, riskFree = 0, requiredReturn = 0, annualization = 252): number {
  if (r.length < 2 || requiredReturn <= -1) return Number.NaN;
  const threshold = annualization === 1 ? requiredReturn : (1 + requiredReturn) ** (1 / annualization) - 1;
  let up = 0;
  let down = 0;
  for (let i = 0; i < r.length; i++) {
    const x = r[i] - riskFree - threshold;
    if (x > 0) up += x;
    else if (x < 0) down -= x;
  }
  return down > 0 ? up / down : Number.NaN;
}

/** Mean excess over the benchmark per unit of its standard deviation; not annualised. */
export function excessSharpe(r: Returns, benchmark: Returns): number {
  const active = minus(r, benchmark);
  return nanmean(active) / nanstd(active, 1);
}
