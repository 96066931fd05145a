/**
 * PyPortfolioOpt's `clean_weights(cutoff=1e-4, rounding=5)`: weights below the cutoff in absolute
 * value become 0, the rest are rounded. Keel then puts any rounding residue (at most a few
 * 1e-5) on the largest weight, so the cleaned weights still sum exactly to the budget.
 */
export function cleanWeights(weights: ArrayLike<number>, cutoff = 1e-4, decimals = 5, budget = 1): Float64Array {
  const factor = 10 ** decimals;
  const cleaned = Float64Array.from(weights, (w) => (Math.abs(w) < cutoff ? 0 : Math.round(w * factor) / factor));
  let largest = 0;
  for (let i = 1; i < cleaned.length; i++) if (Math.abs(cleaned[i]) > Math.abs(cleaned[largest])) largest = i;
  const residue = budget - cleaned.reduce((s, w) => s + w, 0);
  if (cleaned.length > 0) cleaned[largest] = Math.round((cleaned[largest] + residue) * factor * 1000) / (factor * 1000);
  return cleaned;
}
