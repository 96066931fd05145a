/**
 * A grid of threshold variants (band × cost) in far less time than running each: after a full
 * rebalance every holding is its target share of the value, so until the next trade the weights
 * depend only on prices since that rebalance — not on the value, hence not on what earlier costs
 * took. The rebalance dates therefore depend on the band alone. One pass per band finds them and
 * records, at each rebalance, the growth since the last one and the weights it trades from; each
 * cost level then only replays those rebalances (cost fraction φ solves φ = bps·Σ|w_j(1 − φ) −
 * x_j| / 10⁴ for pre-trade weights x). Results equal `thresholdBacktest` per variant (tested).
 */
import type { ThresholdResult, ThresholdVariant } from './threshold-kernel';

interface BandSchedule {
  /** Per rebalance: growth of the value since the previous rebalance (or the start). */
  growth: number[];
  /** Per rebalance: the weights before trading (assets each). */
  weights: Float64Array[];
  /** Growth from the last rebalance to the end. */
  tail: number;
}

function schedule(
  prices: Float64Array,
  assets: number,
  targets: Float64Array,
  band: number,
  sameClose: boolean
): BandSchedule {
  const bars = prices.length / assets;
  const last = bars - 1;
  let targetSum = 0;
  for (let j = 0; j < assets; j++) targetSum += targets[j];
  const cashShare = 1 - targetSum;
  // Units of each asset per unit of value at the last rebalance.
  const units = new Float64Array(assets);
  const reset = (row: number) => {
    for (let j = 0; j < assets; j++) units[j] = targets[j] / prices[row + j];
  };
  reset(0);
  const growth: number[] = [];
  const weights: Float64Array[] = [];
  const bound = band + 1e-12;
  let pending = false;
  const rebalanceAt = (row: number) => {
    let value = cashShare;
    for (let j = 0; j < assets; j++) value += units[j] * prices[row + j];
    const x = new Float64Array(assets);
    for (let j = 0; j < assets; j++) x[j] = (units[j] * prices[row + j]) / value;
    growth.push(value);
    weights.push(x);
    reset(row);
  };
  for (let t = 1; t <= last; t++) {
    const row = t * assets;
    if (pending) {
      rebalanceAt(row);
      pending = false;
    }
    if (!sameClose && t === last) break;
    let value = cashShare;
    for (let j = 0; j < assets; j++) value += units[j] * prices[row + j];
    const limit = bound * value;
    let breached = false;
    for (let j = 0; j < assets; j++) {
      const gap = units[j] * prices[row + j] - targets[j] * value;
      if (gap > limit || -gap > limit) {
        breached = true;
        break;
      }
    }
    if (breached) {
      if (sameClose) rebalanceAt(row);
      else pending = true;
    }
  }
  let tail = cashShare;
  for (let j = 0; j < assets; j++) tail += units[j] * prices[last * assets + j];
  return { growth, weights, tail };
}

export function thresholdSweep(
  prices: Float64Array,
  assets: number,
  targets: Float64Array,
  variants: ThresholdVariant[],
  execution: 'next-close' | 'same-close' = 'next-close',
  initialValue = 1
): ThresholdResult[] {
  const schedules = new Map<number, BandSchedule>();
  return variants.map((variant) => {
    let s = schedules.get(variant.band);
    if (!s) {
      s = schedule(prices, assets, targets, variant.band, execution === 'same-close');
      schedules.set(variant.band, s);
    }
    const rate = variant.bps / 1e4;
    let value = initialValue;
    let costs = 0;
    for (let k = 0; k < s.growth.length; k++) {
      value *= s.growth[k];
      const x = s.weights[k];
      let phi = 0;
      for (let iteration = 0; iteration < 100; iteration++) {
        let traded = 0;
        for (let j = 0; j < assets; j++) traded += Math.abs(targets[j] * (1 - phi) - x[j]);
        const next = rate * traded;
        const done = Math.abs(next - phi) <= 1e-15;
        phi = next;
        if (done) break;
      }
      costs += phi * value;
      value *= 1 - phi;
    }
    return { finalValue: value * s.tail, costs, rebalances: s.growth.length };
  });
}
