/**
 * Warnings from estimation: data-quality problems that are reported, not fatal (style.md,
 * pattern 5). Wording lives in src/lib/messages.
 */
export type EstimationWarning =
  | { code: 'interior-gap'; asset: string; date: string }
  | { code: 'covariance-repaired'; estimator: string; minEigenvalue: number }
  | { code: 'short-history'; asset: string; observations: number }
  | { code: 'black-litterman-not-applied'; reason: string };
