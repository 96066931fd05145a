import { describe, expect, it } from 'vitest';
import { checkRules, type ComplianceState, type Rule } from '$lib/core/compliance/rules';

const state: ComplianceState = {
  positions: [
    {
      symbol: 'VTI',
      quantity: 10,
      value: 5000,
      attributes: { assetClass: 'equity', currency: 'USD' },
      averageDailyVolume: 1000
    },
    { symbol: 'BND', quantity: 20, value: 3000, attributes: { assetClass: 'bond', currency: 'USD' } },
    { symbol: 'XOM', quantity: 5, value: 1000, attributes: { assetClass: 'equity', sector: 'energy' } }
  ],
  cash: 1000,
  trades: [
    { symbol: 'VTI', shares: 60, value: 3000 },
    { symbol: 'BND', shares: -10, value: -1500 }
  ]
};

const flagged = (rules: Rule[], s: ComplianceState = state) =>
  checkRules(rules, s).map((v) => [v.rule.kind, v.subject ?? null, Math.round(v.figure * 1e6) / 1e6, v.limit]);

describe('compliance rules', () => {
  it('flags every rule type with its subject, figure and limit', () => {
    expect(
      flagged([
        { kind: 'max-weight', symbol: 'VTI', limit: 0.4 },
        { kind: 'min-weight', symbol: 'BND', limit: 0.35 },
        { kind: 'max-group-weight', field: 'assetClass', value: 'equity', limit: 0.5 },
        { kind: 'min-group-weight', field: 'sector', value: 'energy', limit: 0.2 },
        { kind: 'restricted', symbols: ['VTI'] },
        { kind: 'excluded', symbols: ['XOM'] },
        { kind: 'min-cash', limit: 0.15 },
        { kind: 'max-turnover', limit: 0.25 },
        { kind: 'max-positions', limit: 2 },
        { kind: 'liquidity', maxShareOfVolume: 0.05 }
      ])
    ).toEqual([
      ['max-weight', 'VTI', 0.5, 0.4],
      ['min-weight', 'BND', 0.3, 0.35],
      ['max-group-weight', 'equity', 0.6, 0.5],
      ['min-group-weight', 'energy', 0.1, 0.2],
      ['restricted', 'VTI', 60, 0],
      ['excluded', 'XOM', 5, 0],
      ['min-cash', null, 0.1, 0.15],
      ['max-turnover', null, 0.3, 0.25],
      ['max-positions', null, 3, 2],
      ['liquidity', 'VTI', 0.06, 0.05]
    ]);
  });

  it('passes rules that hold, and catches shorts and leverage', () => {
    expect(
      flagged([
        { kind: 'max-weight', symbol: 'VTI', limit: 0.5 },
        { kind: 'restricted', symbols: ['BND'] },
        { kind: 'no-short' },
        { kind: 'no-leverage' }
      ])
    ).toEqual([]);
    const short = {
      ...state,
      cash: -50,
      positions: [...state.positions, { symbol: 'TSLA', quantity: -3, value: -600, attributes: {} }]
    };
    expect(flagged([{ kind: 'no-short' }, { kind: 'no-leverage' }], short)).toEqual([
      ['no-short', 'TSLA', -3, 0],
      ['no-leverage', null, -50, 0]
    ]);
  });
});
