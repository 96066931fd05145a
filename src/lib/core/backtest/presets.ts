/**
 * The preset strategies the backtest page and docs offer, as plain StrategyConfig step stacks
 * over the assets a user picked. Fixed-weight presets split equally; "60/40" puts 60 % in the
 * growth asset and 40 % in the defensive one (by default the first two picked).
 */
import type { StrategyConfig } from './backtest-config';

export const PRESET_IDS = [
  'buy-and-hold',
  '60-40-calendar',
  'threshold-5-25',
  'min-variance-monthly',
  'hrp-monthly',
  'risk-parity',
  'max-sharpe-lw',
  'learned-policy',
  'regime-aware-monthly'
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export const PRESET_TITLES: Record<PresetId, string> = {
  'buy-and-hold': 'Buy and hold',
  '60-40-calendar': '60/40, quarterly',
  'threshold-5-25': 'Threshold 5/25',
  'min-variance-monthly': 'Minimum variance, monthly',
  'hrp-monthly': 'HRP, monthly',
  'risk-parity': 'Risk parity, monthly',
  'max-sharpe-lw': 'Maximum Sharpe (Ledoit–Wolf), monthly',
  'learned-policy': 'Learned policy (AI model), equal weight',
  'regime-aware-monthly': 'Regime-aware (AI model), monthly: half in cash when stressed'
};

const equal = (assets: readonly string[]) => Object.fromEntries(assets.map((a) => [a, 1 / assets.length]));

export function presetStrategy(
  id: PresetId,
  assets: readonly string[],
  options: { growth?: string; defensive?: string; lookback?: number } = {}
): StrategyConfig {
  const name = PRESET_TITLES[id];
  const targets = equal(assets);
  const lookback = options.lookback !== undefined ? { lookback: options.lookback } : {};
  switch (id) {
    case 'buy-and-hold':
      return { name, targets, rebalance: 'never' };
    case '60-40-calendar': {
      const growth = options.growth ?? assets[0];
      const defensive = options.defensive ?? assets[1] ?? assets[0];
      const split = growth === defensive ? { [growth]: 1 } : { [growth]: 0.6, [defensive]: 0.4 };
      return { name, targets: split, rebalance: { every: 'quarter' } };
    }
    case 'threshold-5-25':
      // Swedroe's 5/25: back to target when a weight is 5 points or 25 % of its target away, whichever is nearer.
      return { name, targets, rebalance: { bands: { absolute: 0.05, relative: 0.25 } } };
    case 'min-variance-monthly':
      return { name, targets, weights: { method: 'minimum-variance', ...lookback }, rebalance: { every: 'month' } };
    case 'hrp-monthly':
      return { name, targets, weights: { method: 'hrp', ...lookback }, rebalance: { every: 'month' } };
    case 'risk-parity':
      return {
        name,
        targets,
        weights: { method: 'risk-parity', riskModel: { kind: 'sample' }, ...lookback },
        rebalance: { every: 'month' }
      };
    case 'regime-aware-monthly':
      // The regime model (models/regimes.card.json) halves the invested weights in a stressed market.
      return { name, targets, rebalance: { every: 'month' }, regime: { stressedInvested: 0.5 } };
    case 'learned-policy':
      // The reinforcement-learned policy (models/policy.card.json) decides when and how far to trade.
      return { name, targets, rebalance: { policy: 'learned' } };
    case 'max-sharpe-lw':
      return {
        name,
        targets,
        weights: {
          method: 'max-sharpe',
          riskModel: { kind: 'ledoit-wolf' },
          expectedReturns: { kind: 'mean' },
          ...lookback
        },
        rebalance: { every: 'month' }
      };
  }
}
