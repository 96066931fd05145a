/** Number formatting for display. Money shows two decimals in the portfolio's base currency. */

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function money(value: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency, minimumFractionDigits: 2 });
    moneyFormats.set(currency, format);
  }
  return format.format(value);
}

export function percentage(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)} %`;
}

/** Signed percentage points: +1.2 pp, −0.4 pp. */
export function points(fraction: number, digits = 1): string {
  const shown = Math.abs(fraction * 100).toFixed(digits);
  // Sign from the rounded figure, so -0.001 pp reads "±0.0 pp", not "−0.0 pp".
  const sign = Number(shown) === 0 ? '±' : fraction > 0 ? '+' : '−';
  return `${sign}${shown} pp`;
}

export function quantity(value: number): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 }).format(value);
}

/** Parses what a user typed into a number field: "" → null, "1,234.5" → 1234.5, "abc" → NaN. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(/[\s,_]/g, '');
  if (trimmed === '') return null;
  return Number(trimmed);
}
