/**
 * Sentences for the AI signals: what each model input is called in words, what each policy
 * action means, and the assumptions "rebalance now?" had to make.
 */
import type { AdviceAssumption } from '../core/ml/rebalance-advice';
import { EDGE_BAND } from '../core/ml/rebalance-policy';
import type { OwnModelNames } from '../core/backtest/backtest-config';

export const POLICY_FEATURE_LABELS: Record<string, string> = {
  max_drift: 'largest drift from a target',
  total_drift: 'total drift (one-way turnover to targets)',
  market_volatility_3m: 'market volatility (3 months)',
  stressed_probability: 'probability of a stressed market',
  cost_bps: 'cost of trading',
  years_since_trade: 'time since the last rebalance'
};

export const POLICY_ACTION_TEXT: Record<string, string> = {
  wait: 'Wait: the learned policy would not trade now.',
  edge: `Trade back to the band's edge: move each line that is more than ${EDGE_BAND * 100} point from its target to that edge.`,
  full: 'Rebalance fully to the targets.'
};

export function describeAssumption(a: AdviceAssumption): string {
  switch (a.code) {
    case 'no-history':
      return `No stored price history for these holdings: market volatility assumed at ${(a.volatility * 100).toFixed(0)} %.`;
    case 'no-regime':
      return 'Without a year of prices the market regime is unknown: a stressed market was assumed unlikely (0 %).';
    case 'default-cost':
      return `Trading cost assumed at ${a.costBps} basis points one way.`;
    case 'unknown-last-trade':
      return `No executed plan on record: the last rebalance was assumed ${a.years} year ago.`;
  }
}

/** A feature's value in the unit a reader expects. */
export function policyValue(feature: string, value: number): string {
  switch (feature) {
    case 'max_drift':
    case 'total_drift':
      return `${(value * 100).toFixed(1)} pts`;
    case 'market_volatility_3m':
    case 'stressed_probability':
      return `${(value * 100).toFixed(0)} %`;
    case 'cost_bps':
      return `${value.toFixed(0)} bps`;
    default:
      return `${value.toFixed(2)} y`;
  }
}

/** Whose models decided in a backtest, when the user's own replaced ours. */
export function describeOwnModels(models: OwnModelNames): string {
  const parts = [
    ...(models.policy ? [`the learned policy is your own model “${models.policy}”`] : []),
    ...(models.regimes ? [`the regime signal is your own model “${models.regimes}”`] : [])
  ];
  const sentence = parts.join(', and ');
  return `Here ${sentence}, chosen on the Signals page; Keel has no out-of-sample record for ${parts.length > 1 ? 'them' : 'it'}.`;
}
