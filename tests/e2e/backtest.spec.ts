import { expect, test } from '@playwright/test';
import { waitForServiceWorker } from './helpers';

test('offline: run and compare three presets on a demo data set; cancel a sweep midway and start another', async ({
  page,
  context
}) => {
  await page.goto('/backtest');
  await waitForServiceWorker(page);
  await expect(page.getByTestId('dataset-summary')).toContainText('5 assets, 2264 dates');
  await context.setOffline(true);
  const external: string[] = [];
  context.on('request', (request) => {
    if (!request.url().startsWith('http://localhost')) external.push(request.url());
  });
  await page.reload();
  await expect(page.getByTestId('dataset-summary')).toContainText('5 assets, 2264 dates');

  // Three presets are chosen by default; swap 60/40 for HRP so a walk-forward optimizer runs too.
  await page.getByRole('checkbox', { name: '60/40, quarterly' }).uncheck();
  await page.getByRole('checkbox', { name: 'HRP, monthly' }).check();
  await page.getByRole('combobox', { name: 'Benchmark' }).selectOption('USMV');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  const results = page.getByTestId('backtest-results');
  await expect(results).toBeVisible({ timeout: 30_000 });

  const table = page.getByTestId('metrics-table');
  const headers = await table.locator('thead th').allTextContents();
  expect(headers).toEqual(['Metric', 'Buy and hold', 'Threshold 5/25', 'HRP, monthly', 'USMV (benchmark)']);
  const rebalances = await table.locator('tr', { hasText: 'Rebalances' }).locator('td').allTextContents();
  expect(Number(rebalances[0])).toBe(0);
  expect(Number(rebalances[1])).toBeGreaterThan(0);
  // HRP refits on the first bar of every month after the start: 2014-01 to 2022-12 is 107 months.
  expect(Number(rebalances[2])).toBe(107);
  const finals = await table.locator('tr', { hasText: 'Final value' }).locator('td').allTextContents();
  expect(new Set(finals).size).toBe(4);

  // A formula is one click from its number.
  await table.getByText('Sharpe ratio', { exact: true }).click();
  await expect(table.getByText('mean(r − rf) / std(r − rf) · √factor')).toBeVisible();

  // Charts: one line per strategy and the benchmark; weights, rolling risk and the month heatmap.
  await expect(page.getByTestId('equity-chart').locator('path.series')).toHaveCount(4);
  await expect(page.getByTestId('drawdown-chart').locator('path.series')).toHaveCount(4);
  await page
    .getByRole('combobox', { name: 'Trades, weights, rolling risk and months of' })
    .selectOption('HRP, monthly');
  await expect(page.getByTestId('weights-chart').locator('path.layer')).toHaveCount(5);
  await expect(page.getByTestId('equity-chart').locator('.trade-markers line')).toHaveCount(107);
  await expect(page.getByTestId('rolling-chart').locator('path.series')).toHaveCount(2);
  expect(await page.getByTestId('monthly-heatmap').locator('rect.cell').count()).toBe(108);

  // Save the run; it is listed and survives a reload.
  await page.getByRole('textbox', { name: 'Name this run' }).fill('Three presets');
  await page.getByRole('button', { name: 'Save run' }).click();
  await expect(page.getByText('Saved as “Three presets”.')).toBeVisible();
  await expect(page.getByTestId('saved-runs')).toContainText('Three presets');

  // A sweep big enough to take a while: cancel it once it has started.
  await page.getByRole('combobox', { name: 'Strategy' }).selectOption('HRP, monthly');
  await page.getByRole('textbox', { name: 'Lookbacks (bars)' }).fill('60 80 100 120 140 160 180 200 220 240 252');
  await page.getByRole('textbox', { name: 'Band widths' }).fill('0 0.02 0.05 0.1');
  await page.getByRole('button', { name: /^Run sweep/ }).click();
  await expect(page.getByTestId('progress')).toContainText(/chunk \d+ of \d+/, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Cancel sweep' }).click();
  await expect(page.getByTestId('sweep-status')).toHaveText('Sweep cancelled; no results kept.');
  await expect(page.getByTestId('sweep-table')).toHaveCount(0);

  // Another, smaller sweep runs to the end on the restarted pool.
  await page.getByRole('combobox', { name: 'Strategy' }).selectOption('Threshold 5/25');
  await page.getByRole('textbox', { name: 'Lookbacks (bars)' }).fill('252');
  await page.getByRole('textbox', { name: 'Band widths' }).fill('0.02 0.05 0.1');
  await page.getByRole('textbox', { name: 'Costs (bps)' }).fill('0 25');
  await page.getByRole('button', { name: 'Run sweep (18 variants)' }).click();
  await expect(page.getByTestId('sweep-status')).toContainText('18 variants of “Threshold 5/25”', { timeout: 30_000 });
  await expect(page.getByTestId('sweep-table').locator('tbody tr')).toHaveCount(18);
  await expect(page.getByTestId('sweep-heatmap').locator('rect.cell')).toHaveCount(6);
  // Sorted by Sharpe, best first.
  const sharpe = (await page.getByTestId('sweep-table').locator('tbody tr td:nth-child(7)').allTextContents()).map(
    Number
  );
  expect(sharpe).toEqual([...sharpe].sort((a, b) => b - a));

  expect(external).toEqual([]);
});

test('the bootstrap shows each strategy’s range of outcomes on the same paths', async ({ page }) => {
  await page.goto('/backtest');
  await expect(page.getByTestId('dataset-summary')).toContainText('5 assets');
  await page.getByRole('spinbutton', { name: 'Paths' }).fill('40');
  await page.getByRole('button', { name: 'Run bootstrap' }).click();
  await expect(page.getByTestId('bootstrap-status')).toContainText('40 paths of blocks of 21 bars, seed 1', {
    timeout: 30_000
  });
  await expect(page.getByTestId('robustness-table').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('fan-chart')).toHaveCount(3);
});

test('a bad setup is explained, and the app keeps working', async ({ page }) => {
  await page.goto('/backtest');
  await expect(page.getByTestId('dataset-summary')).toContainText('5 assets');
  await page.getByRole('textbox', { name: 'Band widths' }).fill('0.05, wide');
  await page.getByRole('button', { name: /^Run sweep/ }).click();
  await expect(page.getByTestId('sweep-status')).toHaveText('Band widths: "wide" is not a non-negative number.');
  await page.getByLabel('Start', { exact: true }).fill('2030-01-01');
  await expect(page.getByText('The start date must be before the end date.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run backtest' })).toBeDisabled();
  await page.getByLabel('End', { exact: true }).fill('2030-12-31');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByTestId('backtest-error')).toContainText('There are no bars between 2030-01-01');
});

test('backtests the user’s own price CSV, and names the line of a bad one', async ({ page }) => {
  await page.goto('/backtest');
  await expect(page.getByTestId('dataset-summary')).toContainText('5 assets');
  const upload = page.getByLabel('Or your own price CSV');
  await upload.setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('date,AAA,BBB\n2024-01-02,10,20\n2024-01-03,10.5,oops\n')
  });
  await expect(page.getByTestId('dataset-error')).toHaveText(
    'The data could not be read: broken.csv, line 3, column BBB: "oops" is not a number.'
  );
  // The data set loaded before is still there.
  await expect(page.getByTestId('dataset-summary')).toContainText('5 assets');

  await upload.setInputFiles('tests/golden/data/stock_prices.csv');
  await expect(page.getByTestId('dataset-summary')).toContainText('20 assets');
  await expect(page.getByTestId('dataset-summary')).toContainText('Source: stock_prices.csv');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByTestId('backtest-results')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('metrics-table').locator('thead th')).toHaveCount(4);
});

test('a strategy built step by step runs beside a preset', async ({ page }) => {
  await page.goto('/backtest');
  await expect(page.getByTestId('dataset-summary')).toContainText('5 assets');
  await page.getByRole('checkbox', { name: '60/40, quarterly' }).uncheck();
  await page.getByRole('checkbox', { name: 'Threshold 5/25' }).uncheck();
  await page.getByText('Build a strategy').click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Top 2 momentum');
  await page.getByRole('combobox', { name: 'What' }).selectOption('top');
  await page.getByRole('spinbutton', { name: 'N', exact: true }).fill('2');
  await page.getByRole('combobox', { name: 'When' }).selectOption('signal');
  await page.getByRole('combobox', { name: 'How much' }).selectOption('inverse-volatility');
  await page.getByRole('button', { name: 'Add strategy' }).click();
  await expect(page.getByRole('button', { name: 'Remove Top 2 momentum' })).toBeVisible();
  await page.getByRole('spinbutton', { name: 'Cost per trade (bps)' }).fill('0');
  await page.getByRole('spinbutton', { name: 'Commission per trade' }).fill('1');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByTestId('backtest-results')).toBeVisible({ timeout: 30_000 });
  const table = page.getByTestId('metrics-table');
  await expect(table.locator('thead th')).toHaveText(['Metric', 'Buy and hold', 'Top 2 momentum']);
  const rebalances = await table.locator('tr', { hasText: 'Rebalances' }).locator('td').allTextContents();
  expect(Number(rebalances[1])).toBeGreaterThan(0);
  // $1 for every trade after the initial purchase of the five assets (which is free).
  const trades = await table.locator('tr', { hasText: 'Trades' }).locator('td').allTextContents();
  const costs = await table.locator('tr', { hasText: 'Costs' }).locator('td').allTextContents();
  expect(Number(costs[1].replace(/[^0-9.]/g, ''))).toBe(Number(trades[1]) - 5);
});
