/**
 * Cash-flow-first rebalancing: a contribution goes to the most underweight holdings, a
 * withdrawal comes from the most overweight, and nothing else is traded. "Most underweight" is
 * relative to the target: the contribution raises the holdings with the lowest value / target
 * ratio to a common level r (water-filling), so every holding it buys ends at the same fraction
 * r of its target value and no holding it skips is below that. Withdrawals mirror it from above.
 * Amounts are money (whole shares come later, in the planner).
 */

export interface CashFlowLine {
  name: string;
  value: number;
  /** Target weight of the household's invested total (targets sum to 1). */
  target: number;
}

/**
 * Money to buy (positive) or sell (negative) per line for a contribution (`flow` > 0) or a
 * withdrawal (`flow` < 0); the amounts add up to `flow`. A withdrawal larger than the holdings
 * is refused (undefined).
 */
export function cashFlowTrades(lines: CashFlowLine[], flow: number): number[] | undefined {
  const invested = lines.reduce((sum, l) => sum + l.value, 0);
  if (flow === 0) return lines.map(() => 0);
  if (flow > 0) return fill(lines, invested + flow, flow);
  if (-flow > invested + 1e-9) return undefined;
  return drain(lines, invested + flow, -flow).map((amount) => (amount === 0 ? 0 : -amount));
}

/** Buys: find r with Σ max(0, r·tᵢ·T − vᵢ) = C over lines with a target, solved exactly by sorting. */
function fill(lines: CashFlowLine[], total: number, amount: number): number[] {
  const buyable = lines
    .map((line, index) => ({ index, want: line.target * total, value: line.value }))
    .filter((l) => l.want > 0)
    .sort((a, b) => a.value / a.want - b.value / b.want);
  const out = lines.map(() => 0);
  // Raise the first k lines together: after them the level is (C + Σv) / Σwant over those k.
  let sumValue = 0;
  let sumWant = 0;
  let level = 0;
  let k = 0;
  for (; k < buyable.length; k++) {
    sumValue += buyable[k].value;
    sumWant += buyable[k].want;
    level = (amount + sumValue) / sumWant;
    const nextRatio = k + 1 < buyable.length ? buyable[k + 1].value / buyable[k + 1].want : Number.POSITIVE_INFINITY;
    if (level <= nextRatio) break;
  }
  for (let i = 0; i <= Math.min(k, buyable.length - 1); i++) {
    const line = buyable[i];
    out[line.index] = Math.max(0, level * line.want - line.value);
  }
  return out;
}

/** Sells: holdings without a target go first; then lower the highest value / target ratios. */
function drain(lines: CashFlowLine[], total: number, amount: number): number[] {
  const out = lines.map(() => 0);
  let left = amount;
  // Lines with no target are all excess: sell them first, largest first.
  const untargeted = lines.map((line, index) => ({ index, line })).filter((l) => !(l.line.target > 0));
  untargeted.sort((a, b) => b.line.value - a.line.value);
  for (const { index, line } of untargeted) {
    const sell = Math.min(line.value, left);
    out[index] = sell;
    left -= sell;
  }
  if (left <= 1e-12) return out;
  const sellable = lines
    .map((line, index) => ({ index, want: line.target * total, value: line.value }))
    .filter((l) => l.want > 0)
    .sort((a, b) => b.value / b.want - a.value / a.want);
  let sumValue = 0;
  let sumWant = 0;
  let level = 0;
  let k = 0;
  for (; k < sellable.length; k++) {
    sumValue += sellable[k].value;
    sumWant += sellable[k].want;
    level = (sumValue - left) / sumWant;
    const nextRatio = k + 1 < sellable.length ? sellable[k + 1].value / sellable[k + 1].want : Number.NEGATIVE_INFINITY;
    if (level >= nextRatio) break;
  }
  for (let i = 0; i <= Math.min(k, sellable.length - 1); i++) {
    const line = sellable[i];
    out[line.index] = Math.max(0, line.value - level * line.want);
  }
  return out;
}
