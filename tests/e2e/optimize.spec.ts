import { expect, test } from '@playwright/test';
import { openDemo } from './helpers';

test('Optimize page: pick an objective, see weights and frontier, use them as targets', async ({ page }) => {
  await openDemo(page);
  await page.getByRole('link', { name: 'Optimize' }).click();
  await expect(page.getByTestId('dataset-summary')).toContainText('5 assets, 2264 dates from 2014-01-02 to 2022-12-28');

  await page.getByLabel('Objective').selectOption('min-volatility');
  await page.getByLabel('Risk model').selectOption('sample');
  await page.getByRole('button', { name: 'Optimize' }).click();
  const result = page.getByTestId('optimize-result');
  await expect(result).toBeVisible({ timeout: 30_000 });

  // Weights: one row per asset, summing to 100 %.
  const cells = await page.getByTestId('weights-table').locator('td[data-label="Weight"]').allTextContents();
  expect(cells).toHaveLength(5);
  const total = cells.reduce((sum, text) => sum + Number(text.replace(/[^0-9.-]/g, '')), 0);
  expect(total).toBeCloseTo(100, 1);
  await expect(result).toContainText('Solved by keel-active-set');
  await expect(page.getByTestId('frontier-chart').locator('path.frontier')).toHaveCount(1);
  await expect(page.getByTestId('frontier-chart').locator('circle.chosen')).toHaveCount(1);
  await expect(page.getByTestId('heatmap').locator('rect')).toHaveCount(25);

  // Use as targets for the demo portfolio, then see them there.
  await page
    .getByRole('combobox', { name: 'Portfolio', exact: true })
    .selectOption({ label: 'Demo: six-fund multi-asset' });
  await page.getByRole('button', { name: 'Use as targets' }).click();
  await expect(page.getByText('now follow these weights')).toBeVisible();
  await page.getByRole('link', { name: 'Open the portfolio to plan the rebalance' }).click();
  const usmvTarget = page.getByRole('textbox', { name: 'USMV', exact: true });
  await expect(usmvTarget).toBeVisible();
  expect(Number(await usmvTarget.inputValue())).toBeGreaterThan(10);
  await expect(page.getByRole('textbox', { name: 'VTI', exact: true })).toHaveValue('0');
  await expect(page.getByRole('textbox', { name: 'Cash', exact: true })).toHaveValue('0');
});

test('Optimize page explains an impossible problem in words', async ({ page }) => {
  await page.goto('/optimize');
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await page.getByLabel('Objective').selectOption('min-volatility');
  await page.getByLabel('Highest weight').fill('0.1');
  await page.getByRole('button', { name: 'Optimize' }).click();
  await expect(page.getByTestId('optimize-error')).toContainText('weights sum to 100 %', { timeout: 30_000 });
});

test('Optimize page reads the user’s own price CSV, and names the line of a bad one', async ({ page }) => {
  await page.goto('/optimize');
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
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

  const lines = ['date,AAA,BBB,CCC'];
  for (let day = 0; day < 120; day++) {
    const date = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
    const wave = (phase: number, scale: number) =>
      (100 * (1 + scale * Math.sin(day / 5 + phase)) * (1 + 0.001 * day)).toFixed(4);
    lines.push(`${date},${wave(0, 0.02)},${wave(1, 0.03)},${wave(2, 0.05)}`);
  }
  await upload.setInputFiles({ name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByTestId('dataset-summary')).toContainText(
    '3 assets, 120 dates from 2024-01-01 to 2024-04-29. Source: mine.csv.'
  );
  await page.getByLabel('Objective').selectOption('min-volatility');
  await page.getByRole('button', { name: 'Optimize' }).click();
  await expect(page.getByTestId('weights-table').locator('tbody tr')).toHaveCount(3, { timeout: 30_000 });
});

test('Optimize page: choose assets, say when a portfolio holds none of them, and respect a group limit', async ({
  page
}) => {
  await openDemo(page);
  await page.getByRole('link', { name: 'Optimize' }).click();
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await page.getByRole('button', { name: 'Those the portfolio holds' }).click();
  await expect(page.getByTestId('selection-message')).toContainText('Only 0 of Demo: six-fund multi-asset');

  await page.getByRole('checkbox', { name: 'SIZE' }).uncheck();
  await expect(page.getByText('Assets (4 of 5)')).toBeVisible();
  await page.getByLabel('Objective').selectOption('max-quadratic-utility');
  await page.getByRole('button', { name: 'Add a group limit' }).click();
  await page.getByLabel('Assets (comma-separated)').fill('MTUM, QUAL');
  await page.getByLabel('Max %').fill('30');
  await page.getByRole('button', { name: 'Optimize' }).click();
  const rows = page.getByTestId('weights-table').locator('tbody tr');
  await expect(rows).toHaveCount(4, { timeout: 30_000 });
  const weight = async (asset: string) =>
    Number((await rows.filter({ hasText: asset }).locator('td').textContent())!.replace(/[^0-9.-]/g, ''));
  expect((await weight('MTUM')) + (await weight('QUAL'))).toBeLessThanOrEqual(30.01);

  await page.getByLabel('Assets (comma-separated)').fill('MTUM, NOPE');
  await page.getByRole('button', { name: 'Optimize' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'NOPE' })).toHaveText(
    'Group 1: NOPE is not among the chosen assets.'
  );
});

test('Optimize page blends a Black–Litterman view into the estimates', async ({ page }) => {
  await page.goto('/optimize');
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await page.getByLabel('Objective').selectOption('max-quadratic-utility');
  await page.getByRole('button', { name: 'Optimize' }).click();
  const rows = page.getByTestId('weights-table').locator('tbody tr');
  await expect(rows).toHaveCount(5, { timeout: 30_000 });
  const weightOf = async (asset: string) =>
    Number((await rows.filter({ hasText: asset }).locator('td').textContent())!.replace(/[^0-9.-]/g, ''));
  const before = await weightOf('VLUE');

  await page.getByLabel("Blend my views with the market's implied returns").check();
  await page.getByRole('button', { name: 'Add a view' }).click();
  await page.getByLabel('View 1: asset').selectOption('VLUE');
  await page.getByLabel('Return %').fill('40');
  await page.getByLabel('Confidence %').fill('90');
  await page.getByRole('button', { name: 'Optimize' }).click();
  await expect.poll(() => weightOf('VLUE'), { timeout: 30_000 }).toBeGreaterThan(before + 10);
});

test('Optimize page takes risk budgets for risk parity', async ({ page }) => {
  await page.goto('/optimize');
  await expect(page.getByTestId('dataset-summary')).toBeVisible();
  await page.getByLabel('Objective').selectOption('risk-parity');
  await page.getByRole('button', { name: 'Optimize' }).click();
  const rows = page.getByTestId('weights-table').locator('tbody tr');
  await expect(rows).toHaveCount(5, { timeout: 30_000 });
  const weightOf = async (asset: string) =>
    Number((await rows.filter({ hasText: asset }).locator('td').textContent())!.replace(/[^0-9.-]/g, ''));
  const equal = await weightOf('SIZE');
  await page.getByLabel('Budget of SIZE').fill('4');
  await page.getByRole('button', { name: 'Optimize' }).click();
  await expect.poll(() => weightOf('SIZE'), { timeout: 30_000 }).toBeGreaterThan(equal * 2);
});
