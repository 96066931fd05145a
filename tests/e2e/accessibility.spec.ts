import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openDemo, planRebalance } from './helpers';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

async function scrollsSideways(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`no serious or critical axe violation on any page (${colorScheme})`, async ({ page, browser }) => {
    // Every page with its heaviest state (plans, backtests, sweeps, models): a long walk.
    test.setTimeout(150_000);
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Welcome to Keel' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await openDemo(page);
    await planRebalance(page);
    await page.getByRole('button', { name: 'Edit VTI', exact: true }).click();
    await page.getByLabel('Quantity').fill('-1');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/');
    await expect(page.getByTestId('portfolio-list')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/about');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/data');
    await expect(page.getByTestId('datasets')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    // The import's mapping form and review, the stored series and the price source, open.
    await page.getByTestId('price-file').setInputFiles('tests/golden/data/stock_prices.csv');
    await expect(page.getByLabel('Date column')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Read and check the file' }).click();
    await page.getByRole('button', { name: 'Save 20 price series' }).click();
    await expect(page.getByTestId('coverage-chart')).toBeVisible();
    await page.getByTestId('source-enabled').check();
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/optimize');
    await page.getByRole('button', { name: 'Optimize' }).click();
    await expect(page.getByTestId('optimize-result')).toBeVisible({ timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);

    // The backtest page with results, a sweep table and a bootstrap.
    await page.goto('/backtest');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await expect(page.getByTestId('backtest-results')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('textbox', { name: 'Band widths' }).fill('0.05');
    await page.getByRole('button', { name: /^Run sweep/ }).click();
    await expect(page.getByTestId('sweep-table')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('spinbutton', { name: 'Paths' }).fill('10');
    await page.getByRole('button', { name: 'Run bootstrap' }).click();
    await expect(page.getByTestId('robustness-table')).toBeVisible({ timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);

    // The signals page with forecasts, regimes, scored headlines and an open model card.
    await page.goto('/signals');
    await expect(page.getByTestId('forecast-explanation')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('textbox', { name: /Headlines, one per line/ }).fill('MTUM: shares jump\nOutlook cut');
    await page.getByRole('button', { name: 'Score headlines' }).click();
    await expect(page.getByTestId('sentiment-results')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('verdict-regimes').getByRole('button', { name: 'Model card' }).click();
    await expect(page.getByTestId('model-card')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    // The household planner with a plan, its trade table and the skip comparison; the print view
    // (a fresh profile: the first-run offer is where the demo household is).
    const fresh = await browser.newContext({ colorScheme });
    const planner = await fresh.newPage();
    await planner.goto('/');
    await planner.getByRole('button', { name: 'Open the demo household' }).click();
    await planner.getByRole('button', { name: 'Make the plan' }).click();
    await expect(planner.getByTestId('plan-result')).toBeVisible({ timeout: 30_000 });
    await planner
      .getByTestId('trade-row')
      .first()
      .getByRole('button', { name: /What if I skip this/ })
      .click();
    await expect(planner.getByTestId('skip-comparison')).toBeVisible();
    expect(await seriousViolations(planner)).toEqual([]);
    await planner.goto(planner.url().replace(/\/plan.*$/, '/plan/print'));
    await expect(planner.getByTestId('print-report')).toBeVisible();
    expect(await seriousViolations(planner)).toEqual([]);
    await fresh.close();

    await page.goto('/p/999999');
    await expect(page.getByRole('heading', { name: 'Portfolio not found' })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('at 360×740 no page scrolls horizontally', async ({ page, browser }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Welcome to Keel' })).toBeVisible();
  expect(await scrollsSideways(page)).toBe(false);

  await openDemo(page);
  await planRebalance(page);
  expect(await scrollsSideways(page)).toBe(false);
  await page.getByRole('button', { name: 'Add a holding' }).click();
  expect(await scrollsSideways(page)).toBe(false);

  await page.goto('/optimize');
  await page.getByRole('button', { name: 'Optimize' }).click();
  await expect(page.getByTestId('optimize-result')).toBeVisible({ timeout: 30_000 });
  expect(await scrollsSideways(page)).toBe(false);

  await page.goto('/backtest');
  await page.getByRole('button', { name: 'Run backtest' }).click();
  await expect(page.getByTestId('backtest-results')).toBeVisible({ timeout: 30_000 });
  await page.getByText('Build a strategy').click();
  await page.getByRole('textbox', { name: 'Band widths' }).fill('0.05');
  await page.getByRole('button', { name: /^Run sweep/ }).click();
  await expect(page.getByTestId('sweep-table')).toBeVisible({ timeout: 30_000 });
  expect(await scrollsSideways(page)).toBe(false);

  await page.goto('/signals');
  await expect(page.getByTestId('forecast-explanation')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('textbox', { name: /Headlines, one per line/ }).fill('MTUM: shares jump\nOutlook cut');
  await page.getByRole('button', { name: 'Score headlines' }).click();
  await expect(page.getByTestId('sentiment-results')).toBeVisible();
  expect(await scrollsSideways(page)).toBe(false);

  for (const path of ['/', '/about', '/data']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await scrollsSideways(page)).toBe(false);
  }
  await page.getByTestId('price-file').setInputFiles('tests/golden/data/stock_prices.csv');
  await expect(page.getByLabel('Date column')).toBeVisible();
  expect(await scrollsSideways(page)).toBe(false);
  await page.getByRole('button', { name: 'Read and check the file' }).click();
  await page.getByRole('button', { name: 'Save 20 price series' }).click();
  await expect(page.getByTestId('coverage-chart')).toBeVisible();
  await page.getByTestId('source-enabled').check();
  expect(await scrollsSideways(page)).toBe(false);

  // The household planner (a fresh profile, where the demo household is offered): the policy
  // form, the plan with its trades, then approved with the fills table.
  const fresh = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const planner = await fresh.newPage();
  await planner.goto('/');
  await planner.getByRole('button', { name: 'Open the demo household' }).click();
  await planner.getByRole('button', { name: 'Make the plan' }).click();
  await expect(planner.getByTestId('plan-result')).toBeVisible({ timeout: 30_000 });
  expect(await scrollsSideways(planner)).toBe(false);
  await planner.getByRole('button', { name: 'Approve' }).click();
  await expect(planner.getByTestId('fills')).toBeVisible();
  expect(await scrollsSideways(planner)).toBe(false);
  await fresh.close();
});

test('the journey works with the keyboard alone', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Open the demo portfolio' })).toBeVisible();
  // Tab to the demo button and press Enter.
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (focused === 'Open the demo portfolio') break;
  }
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Demo: six-fund multi-asset' })).toBeVisible();
  await page.getByRole('button', { name: 'Plan rebalance' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('plan')).toBeVisible({ timeout: 30_000 });
});
