/**
 * Cumulative returns and drawdowns (empyrical): NaN counts as a 0 return; wealth starts at 100
 * and the running peak includes the start, so a first-day loss is a drawdown.
 */
import type { Returns } from './periods';

export function cumReturns(r: Returns, start = 0): Float64Array {
  const out = new Float64Array(r.length);
  let wealth = 1;
  for (let i = 0; i < r.length; i++) {
    wealth *= 1 + (Number.isNaN(r[i]) ? 0 : r[i]);
    out[i] = start === 0 ? wealth - 1 : start * wealth;
  }
  return out;
}

export function cumReturnsFinal(r: Returns): number {
  if (r.length === 0) return Number.NaN;
  let wealth = 1;
  for (let i = 0; i < r.length; i++) if (!Number.isNaN(r[i])) wealth *= 1 + r[i];
  return wealth - 1;
}

/** Drawdown at each step: (W_t − running peak) / running peak, ≤ 0. */
export function drawdowns(r: Returns): Float64Array {
  const out = new Float64Array(r.length);
  let wealth = 100;
  let peak = 100;
  for (let i = 0; i < r.length; i++) {
    wealth *= 1 + (Number.isNaN(r[i]) ? 0 : r[i]);
    peak = Math.max(peak, wealth);
    out[i] = (wealth - peak) / peak;
  }
  return out;
}

export function maxDrawdown(r: Returns): number {
  if (r.length === 0) return Number.NaN;
  let worst = 0;
  for (const d of drawdowns(r)) worst = Math.min(worst, d);
  return worst;
}

/**
 * The longest time under water, in periods: from the last peak before a drawdown to the first
 * period back at or above it (or to the end of the series when it never recovers).
 */
export function maxDrawdownDuration(r: Returns): number {
  let longest = 0;
  let start = -1;
  const dd = drawdowns(r);
  for (let i = 0; i < dd.length; i++) {
    if (dd[i] < 0) {
      if (start < 0) start = i;
      longest = Math.max(longest, i - start + 1);
    } else start = -1;
  }
  return longest;
}
