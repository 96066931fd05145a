import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEMO_DATASETS } from '$lib/demo/datasets';
import { parseWidePriceCsv } from '$lib/core/io/price-csv';
import { demoPortfolioFromPrices } from '$lib/core/portfolio/demo-from-prices';
import { validatePortfolio } from '$lib/core/portfolio/validate';
import { periodsPerYear } from '$lib/core/returns/return-table';

function read(file: string) {
  const raw = readFileSync(`static${file}`);
  const parsed = parseWidePriceCsv(file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

describe('shipped data sets', () => {
  for (const dataset of DEMO_DATASETS) {
    it(`${dataset.title}: the listed range, series count and frequency are the file's`, () => {
      const prices = read(dataset.file);
      expect([prices.dates[0], prices.dates[prices.dates.length - 1], prices.assets.length]).toEqual([
        dataset.from,
        dataset.to,
        dataset.assets
      ]);
      expect(periodsPerYear(prices.dates)).toBe(dataset.periodsPerYear);
    });

    it(`${dataset.title}: its demo portfolio is valid, equal-weighted, and spends the budget in whole units`, () => {
      const portfolio = demoPortfolioFromPrices(read(dataset.file), dataset.demo);
      if ('missing' in portfolio) throw new Error(`missing ${portfolio.missing}`);
      expect(validatePortfolio(portfolio)).toEqual([]);
      expect(portfolio.cash).toBeGreaterThanOrEqual(0);
      for (const holding of portfolio.holdings) expect(Number.isInteger(holding.quantity)).toBe(true);
    });
  }

  it('the Swiss set converts its USD assets with the file’s own USD/CHF rate', () => {
    const swiss = DEMO_DATASETS.find((d) => d.id === 'fportfolio-econ85long')!;
    const portfolio = demoPortfolioFromPrices(read(swiss.file), swiss.demo);
    if ('missing' in portfolio) throw new Error('missing');
    expect(portfolio.baseCurrency).toBe('CHF');
    expect(portfolio.fxRates.USD).toBeGreaterThan(0.5);
    expect(portfolio.holdings.find((h) => h.symbol === 'GOLDFIX.USD')?.currency).toBe('USD');
  });
});
