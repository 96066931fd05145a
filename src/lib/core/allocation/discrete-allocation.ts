/**
 * Discrete allocation: from target weights, latest prices and a portfolio value to whole shares
 * (reference-definitions.md §8, PyPortfolioOpt `DiscreteAllocation`).
 *
 * - `greedyAllocation`: PyPortfolioOpt's two rounds for long-only weights: buy ⌊w·V/p⌋ of each
 *   asset in order of weight, then one share at a time of the asset furthest below its weight
 *   (measured against the value held so far), skipping what cash cannot pay for.
 * - `milpAllocation`: minimise Σ|wᵢ·V − xᵢ·pᵢ| + leftover over integer xᵢ ≥ 0 (upstream
 *   `lp_portfolio`), solved with the whole-share rebalance MILP on an empty portfolio.
 */
import { err, ok, type Result } from '../result';
import type { MilpSolver } from '../solver/milp';
import type { PriceTable } from '../returns/return-table';
import { solveRebalance } from '../rebalance/whole-share-rebalance';

export interface Allocation {
  /** Whole shares per asset; assets with none are left out. */
  shares: Record<string, number>;
  /** Cash left over, never negative. */
  leftover: number;
}

export type AllocationError =
  | { code: 'missing-price'; asset: string }
  | { code: 'non-positive-price'; asset: string; price: number }
  | { code: 'negative-weight'; asset: string; weight: number }
  | { code: 'invalid-total-value'; value: number }
  | { code: 'solver-failed'; status: string };

/** The last price of each asset (PyPortfolioOpt `get_latest_prices`: forward-filled last row). */
export function latestPrices(prices: PriceTable): Record<string, number> {
  const n = prices.assets.length;
  const latest: Record<string, number> = {};
  prices.assets.forEach((asset, j) => {
    for (let t = prices.dates.length - 1; t >= 0; t--) {
      const value = prices.values[t * n + j];
      if (!Number.isNaN(value)) {
        latest[asset] = value;
        break;
      }
    }
  });
  return latest;
}

function validate(
  weights: Record<string, number>,
  prices: Record<string, number>,
  total: number
): AllocationError | undefined {
  if (!(total > 0) || !Number.isFinite(total)) return { code: 'invalid-total-value', value: total };
  for (const [asset, weight] of Object.entries(weights)) {
    if (weight < 0) return { code: 'negative-weight', asset, weight };
    if (weight === 0) continue;
    const price = prices[asset];
    if (price === undefined || Number.isNaN(price)) return { code: 'missing-price', asset };
    if (!(price > 0)) return { code: 'non-positive-price', asset, price };
  }
  return undefined;
}

export function greedyAllocation(
  weights: Record<string, number>,
  prices: Record<string, number>,
  totalValue: number
): Result<Allocation, AllocationError> {
  const invalid = validate(weights, prices, totalValue);
  if (invalid) return err(invalid);
  // Python's sort is stable, and so is Array.prototype.sort.
  const sorted = Object.entries(weights)
    .filter(([, weight]) => weight > 0)
    .sort((a, b) => b[1] - a[1]);
  const bought = new Array<number>(sorted.length).fill(0);
  let available = totalValue;
  sorted.forEach(([asset, weight], i) => {
    const price = prices[asset];
    const count = Math.trunc((weight * totalValue) / price);
    bought[i] = count;
    available -= count * price;
  });
  while (available > 0) {
    const held = sorted.map(([asset], i) => prices[asset] * bought[i]);
    const heldTotal = held.reduce((s, v) => s + v, 0);
    const deficit = sorted.map(([, weight], i) => weight - held[i] / heldTotal);
    const argmax = () => deficit.reduce((best, value, i) => (value > deficit[best] ? i : best), 0);
    let index = argmax();
    let price = prices[sorted[index][0]];
    let counter = 0;
    while (price > available) {
      deficit[index] = 0;
      index = argmax();
      if (deficit[index] < 0 || counter === 10) break;
      price = prices[sorted[index][0]];
      counter++;
    }
    if (deficit[index] <= 0 || counter === 10 || price > available) break;
    bought[index] += 1;
    available -= price;
  }
  const shares: Record<string, number> = {};
  sorted.forEach(([asset], i) => {
    if (bought[i] > 0) shares[asset] = bought[i];
  });
  return ok({ shares, leftover: available });
}

export function milpAllocation(
  weights: Record<string, number>,
  prices: Record<string, number>,
  totalValue: number,
  solver: MilpSolver
): Result<Allocation, AllocationError> {
  const invalid = validate(weights, prices, totalValue);
  if (invalid) return err(invalid);
  const assets = Object.keys(weights).filter((asset) => weights[asset] > 0);
  const weightSum = assets.reduce((s, asset) => s + weights[asset], 0);
  const problem = {
    positions: assets.map((asset) => ({
      symbol: asset,
      quantity: 0,
      price: prices[asset],
      targetWeight: weights[asset] / Math.max(weightSum, 1),
      lotSize: 1
    })),
    cash: totalValue,
    cashTarget: Math.max(0, 1 - weightSum)
  };
  const solved = solveRebalance(problem, solver);
  if (!solved.ok) return err({ code: 'solver-failed', status: solved.error.code });
  const shares: Record<string, number> = {};
  let spent = 0;
  assets.forEach((asset, i) => {
    const count = solved.value[i];
    if (count > 0) shares[asset] = count;
    spent += count * prices[asset];
  });
  return ok({ shares, leftover: Math.max(0, totalValue - spent) });
}
