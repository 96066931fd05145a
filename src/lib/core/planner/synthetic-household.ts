/**
 * Deterministic synthetic households for benchmarks and scale tests: `holdings` symbols spread
 * over taxable, tax-deferred and tax-free accounts, `lots` tax lots with gains and losses, cash,
 * random targets, a commission and a spread. Same arguments, same household.
 */
import type { PlannerInput } from './planner-input';
import { mulberry32 } from '../random';

const CLASSES = ['equity', 'equity', 'bond', 'real-estate', 'commodity'];
const TYPES = ['taxable', 'tax-deferred', 'tax-free'] as const;

export function syntheticHousehold(holdings: number, lots: number, accounts = 3, seed = 1): PlannerInput {
  const rand = mulberry32(seed);
  const symbols = Array.from({ length: holdings }, (_, i) => `S${String(i + 1).padStart(3, '0')}`);
  const prices = Object.fromEntries(symbols.map((s) => [s, Math.round((10 + rand() * 390) * 100) / 100]));
  const accountList = Array.from({ length: accounts }, (_, a) => ({ id: `account-${a + 1}`, type: TYPES[a % 3] }));
  const lotList: PlannerInput['lots'] = [];
  for (let j = 0; j < lots; j++) {
    const symbol = symbols[j < holdings ? j : Math.floor(rand() * holdings)];
    const account = accountList[Math.floor(rand() * accounts)].id;
    const quantity = 1 + Math.floor(rand() * 60);
    const year = 2016 + Math.floor(rand() * 11);
    const month = 1 + Math.floor(rand() * 12);
    const acquired = `${Math.min(year, 2026)}-${String(year === 2026 ? Math.min(month, 10) : month).padStart(2, '0')}-15`;
    const costBasis = Math.round(prices[symbol] * quantity * (0.5 + rand() * 0.8) * 100) / 100;
    lotList.push({ id: `lot-${j + 1}`, account, symbol, quantity, costBasis, acquired });
  }
  const raw = symbols.map(() => 0.2 + rand());
  const sum = raw.reduce((a, b) => a + b, 0);
  const targets = Object.fromEntries(symbols.map((s, i) => [s, Math.floor((raw[i] / sum) * 0.98 * 1e6) / 1e6]));
  const invested = lotList.reduce((total, lot) => total + lot.quantity * prices[lot.symbol], 0);
  return {
    baseCurrency: 'USD',
    accounts: accountList,
    cash: Object.fromEntries(accountList.map((a) => [a.id, Math.round((invested * 0.03) / accounts)])),
    prices,
    lots: lotList,
    targets,
    policy: { kind: 'full', objective: 'closest-to-target' },
    costs: { perTrade: 1, bps: 5, spreadBps: 4 },
    rules: [],
    assets: Object.fromEntries(symbols.map((s, i) => [s, { assetClass: CLASSES[i % CLASSES.length] }])),
    tax: { shortTermRate: 0.35, longTermRate: 0.15 },
    asOf: '2026-11-25'
  };
}
