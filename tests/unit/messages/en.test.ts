import { describe, expect, it } from 'vitest';
import { describeIssue, describeRebalanceError, percent } from '$lib/messages/en';
import { validateCash, validateHolding, validatePortfolio, validateTargets } from '$lib/core/portfolio/validate';
import type { Holding, Portfolio } from '$lib/core/portfolio/types';

const holding: Holding = {
  symbol: 'VTI',
  name: 'Total US market',
  assetClass: 'equity',
  quantity: 10,
  price: 250,
  currency: 'USD',
  targetWeight: 0.5,
  lotSize: 1
};

const messagesFor = (issues: ReturnType<typeof validateHolding>) => issues.map(describeIssue);

describe('validation messages', () => {
  it('a valid holding has no issues', () => {
    expect(validateHolding(holding)).toEqual([]);
  });

  it('names the holding and the value for a negative quantity', () => {
    expect(messagesFor(validateHolding({ ...holding, quantity: -3 }))).toEqual([
      'The quantity of VTI cannot be negative (-3); Keel does not model short positions.'
    ]);
  });

  it('asks for a price when it is missing, naming the holding', () => {
    expect(messagesFor(validateHolding({ ...holding, price: null }))).toEqual([
      'VTI has no price; enter the latest price per unit.'
    ]);
  });

  it('rejects zero and NaN prices with the field named', () => {
    expect(messagesFor(validateHolding({ ...holding, price: 0 }))).toEqual([
      'The price of VTI must be greater than zero (got 0).'
    ]);
    expect(messagesFor(validateHolding({ ...holding, price: Number.NaN }))).toEqual([
      'The price of VTI must be a number; "NaN" is not.'
    ]);
  });

  it('says by how much targets miss 100 %', () => {
    const issues = validateTargets({ VTI: 0.6, BND: 0.3 }, 0.05);
    expect(issues.map(describeIssue)).toEqual([
      'Targets, cash included, sum to 95 %; they must sum to 100 % (add 5 %).'
    ]);
    expect(validateTargets({ VTI: 0.7, BND: 0.4 }, 0).map(describeIssue)).toEqual([
      'Targets, cash included, sum to 110 %; they must sum to 100 % (remove 10 %).'
    ]);
    expect(validateTargets({ VTI: 0.6, BND: 0.4 }, 0)).toEqual([]);
  });

  it('rejects negative cash', () => {
    expect(validateCash(-1).map(describeIssue)).toEqual([
      'Cash cannot be negative (-1); Keel does not model borrowing.'
    ]);
  });

  it('reports a missing exchange rate instead of assuming 1.0', () => {
    const portfolio: Portfolio = {
      name: 'P',
      baseCurrency: 'USD',
      cash: 0,
      cashTarget: 0.5,
      fxRates: {},
      holdings: [{ ...holding, symbol: 'VGK', currency: 'EUR' }]
    };
    expect(validatePortfolio(portfolio).map(describeIssue)).toEqual([
      'VGK is priced in EUR, but there is no EUR exchange rate; add one under Currencies.'
    ]);
  });

  it('flags duplicate symbols and an empty symbol', () => {
    const portfolio: Portfolio = {
      name: 'P',
      baseCurrency: 'USD',
      cash: 0,
      cashTarget: 0,
      fxRates: {},
      holdings: [holding, { ...holding, targetWeight: 0.5 }]
    };
    expect(validatePortfolio(portfolio).map(describeIssue)).toEqual([
      'VTI appears more than once; each holding needs its own symbol.'
    ]);
    expect(messagesFor(validateHolding({ ...holding, symbol: ' ' }))).toEqual([
      'Every holding needs a symbol (for example VTI).'
    ]);
  });

  it('explains a rebalance that cannot start', () => {
    expect(describeRebalanceError({ code: 'nothing-to-rebalance' })).toBe(
      'There is nothing to rebalance: add holdings with prices, or cash.'
    );
  });

  it('formats percentages without trailing zeros', () => {
    expect(percent(0.25)).toBe('25 %');
    expect(percent(0.2513)).toBe('25.13 %');
  });
});

describe('compliance sentences', () => {
  it('say the rule, the figure and the limit', async () => {
    const { describeViolation } = await import('$lib/messages/en');
    const { checkRules } = await import('$lib/core/compliance/rules');
    const violations = checkRules(
      [
        { kind: 'max-group-weight', field: 'assetClass', value: 'equity', limit: 0.6 },
        { kind: 'min-cash', limit: 0.05 },
        { kind: 'max-positions', limit: 1 }
      ],
      {
        positions: [
          { symbol: 'VTI', quantity: 10, value: 700, attributes: { assetClass: 'equity' } },
          { symbol: 'BND', quantity: 5, value: 290, attributes: { assetClass: 'bond' } }
        ],
        cash: 10,
        trades: []
      }
    );
    expect(violations.map(describeViolation)).toEqual([
      'The asset class equity is 70 %; the rule allows at most 60 %.',
      'Cash is 1 % of the household; the rule asks for at least 5 %.',
      '2 positions are held; the rule allows at most 1.'
    ]);
  });
});
