import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { addHolding, createEmptyPortfolio } from './helpers';

test('imports a price file: mapping, review, save in one go, undo, and the saved mapping offered again', async ({
  page
}, testInfo) => {
  await page.goto('/data');
  const chooser = page.getByTestId('price-file');
  await chooser.setInputFiles('tests/golden/data/stock_prices.csv');
  await expect(page.getByLabel('Date column')).toHaveValue('0');
  // Leave one asset out: the mapping is the user's to confirm.
  await page.getByText(/Asset columns: 20 of 20/).click();
  await page.getByRole('checkbox', { name: 'XOM' }).uncheck();
  await expect(page.getByText(/Asset columns: 19 of 20/)).toBeVisible();
  await page.getByRole('button', { name: 'Read and check the file' }).click();
  const review = page.getByTestId('import-review');
  await expect(review).toContainText('19 assets, 1989-12-29 to 2018-04-11; 0 errors');
  await page.getByRole('button', { name: 'Save 19 price series' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved 19 price series' })).toBeVisible();
  const stored = page.getByTestId('stored-series');
  await expect(stored.locator('tbody tr')).toHaveCount(19);
  await expect(stored.locator('tr', { hasText: 'AAPL' })).toContainText('2018-04-11');
  await expect(page.getByTestId('coverage-chart').locator('rect')).toHaveCount(19);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all prices (CSV)' }).click();
  const exported = readFileSync(await (await download).path(), 'utf8').split('\r\n');
  expect(exported[0]).toBe('date,symbol,close');
  expect(exported).toContain('2018-04-11,AAPL,172.440002');

  // Survives a reload (it is in IndexedDB), then undo removes what the import added.
  await page.reload();
  await expect(page.getByTestId('stored-series').locator('tbody tr')).toHaveCount(19);

  // The same header again: the confirmed mapping (without XOM) is offered.
  await page.getByTestId('price-file').setInputFiles('tests/golden/data/stock_prices.csv');
  await expect(page.getByTestId('saved-mapping')).toBeVisible();
  await expect(page.getByText(/Asset columns: 19 of 20/)).toBeVisible();

  // A broken file: every problem named by line and column, and nothing can be saved.
  const broken = testInfo.outputPath('broken.csv');
  writeFileSync(broken, 'date,A,B\n2024-01-02,1,2\n2024-01-03,x,2\n2024-01-03,1,2\n');
  await page.getByTestId('price-file').setInputFiles(broken);
  await page.getByRole('button', { name: 'Read and check the file' }).click();
  const errors = page.getByTestId('import-errors');
  await expect(errors).toContainText('Line 3, A: "x" is not a number.');
  await expect(errors).toContainText('Line 4, date: 2024-01-03 appears again (first on line 3).');
  await expect(page.getByRole('button', { name: /Save \d+ price series/ })).toBeDisabled();
  await expect(page.getByTestId('stored-series').locator('tbody tr')).toHaveCount(19);
});

test('undo after an import restores what was stored before', async ({ page }) => {
  await page.goto('/data');
  await page.getByTestId('price-file').setInputFiles('tests/golden/data/stock_prices.csv');
  await page.getByRole('button', { name: 'Read and check the file' }).click();
  await page.getByRole('button', { name: 'Save 20 price series' }).click();
  await expect(page.getByTestId('stored-series').locator('tbody tr')).toHaveCount(20);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('The import was undone.')).toBeVisible();
  await expect(page.getByTestId('stored-series')).toHaveCount(0);
});

test('the Optimize page optimizes over the price series imported on this device', async ({ page }) => {
  await page.goto('/data');
  await page.getByTestId('price-file').setInputFiles('tests/golden/data/stock_prices.csv');
  await page.getByRole('button', { name: 'Read and check the file' }).click();
  await page.getByRole('button', { name: 'Save 20 price series' }).click();
  await expect(page.getByTestId('stored-series').locator('tbody tr')).toHaveCount(20);

  await page.getByRole('link', { name: 'Optimize' }).click();
  await page.getByLabel('Data set').selectOption({ label: 'Prices stored on this device (20 series)' });
  await expect(page.getByTestId('dataset-summary')).toContainText('20 assets');
  await expect(page.getByTestId('dataset-summary')).toContainText('Source: 20 price series stored on this device');
  await page.getByLabel('Objective').selectOption('min-volatility');
  await page.getByRole('button', { name: 'Optimize' }).click();
  await expect(page.getByTestId('optimize-result')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('weights-table')).toContainText('AAPL');
});

test('exchange rates imported as such are offered for a holding in that currency', async ({ page }, testInfo) => {
  const file = testInfo.outputPath('eurusd.csv');
  writeFileSync(file, 'date,EURUSD\n2024-01-02,1.09\n2024-01-03,1.0925\n');
  await page.goto('/data');
  await page.getByTestId('price-file').setInputFiles(file);
  await page.getByLabel('The file holds').selectOption('fx');
  await page.getByRole('button', { name: 'Read and check the file' }).click();
  await page.getByRole('button', { name: 'Save 1 exchange-rate series' }).click();
  const row = page.getByTestId('stored-series').locator('tr', { hasText: 'EUR/USD' });
  await expect(row).toContainText('exchange rate');

  await createEmptyPortfolio(page, 'Euro fund', '1000');
  await page.getByRole('button', { name: 'Add a holding' }).click();
  await addHolding(page, { symbol: 'VGK', quantity: '10', price: '50', currency: 'EUR' });
  // Valued at once with the stored series, and said so; no error about a missing rate.
  await expect(page.getByTestId('fx-from-series')).toContainText(
    'EUR is valued with the stored EUR/USD rate of 2024-01-03 (1 EUR = 1.09250 USD)'
  );
  await page.getByRole('button', { name: 'Use the stored EUR/USD rate of 2024-01-03: 1 EUR = 1.09250 USD' }).click();
  await expect(page.getByLabel('1 EUR in USD')).toHaveValue('1.0925');
  await page.getByRole('button', { name: 'Save rates' }).click();
  await expect(
    page
      .locator('table', { has: page.getByText('Current and target weight') })
      .locator('tr', { hasText: 'VGK' })
      .locator('td[data-label="Value"]')
  ).toHaveText('$546.25');
});
