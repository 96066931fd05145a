/**
 * A plan as an order list a broker can take: one row per trade, with the lots to sell (specific
 * identification) and the estimated cost and tax. RFC 4180 quoting.
 */
import type { HouseholdPlan } from './plan-household';

const quote = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function orderListCsv(plan: HouseholdPlan, baseCurrency: string): string {
  const header = [
    'account',
    'symbol',
    'side',
    'quantity',
    'limit price',
    'value',
    'currency',
    'estimated cost',
    'estimated tax',
    'lots'
  ];
  const rows = plan.trades.map((t) => [
    t.account,
    t.symbol,
    t.side,
    t.quantity,
    t.price.toFixed(4),
    t.value.toFixed(2),
    baseCurrency,
    t.cost.total.toFixed(2),
    t.tax.toFixed(2),
    t.lots.map((l) => `${l.lotId}:${l.quantity}`).join(' ')
  ]);
  return [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}
