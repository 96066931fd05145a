import { expect, test } from '@playwright/test';
import { openDemo, planRebalance, waitForServiceWorker } from './helpers';

test('works offline after the first visit: every response comes from the service worker', async ({ page, context }) => {
  await page.goto('/');
  await waitForServiceWorker(page);
  await openDemo(page);
  const portfolioUrl = page.url();

  await context.setOffline(true);
  const responses: { url: string; fromServiceWorker: boolean; status: number }[] = [];
  page.on('response', (response) =>
    responses.push({ url: response.url(), fromServiceWorker: response.fromServiceWorker(), status: response.status() })
  );
  // Worker scripts and the wasm they fetch are reported by the worker, not the page.
  page.on('worker', (worker) => {
    worker.on('console', () => undefined);
  });
  context.on('response', (response) => {
    if (
      !responses.some((seen) => seen.url === response.url() && seen.fromServiceWorker === response.fromServiceWorker())
    ) {
      responses.push({
        url: response.url(),
        fromServiceWorker: response.fromServiceWorker(),
        status: response.status()
      });
    }
  });

  await page.reload();
  await expect(page).toHaveURL(portfolioUrl);
  await expect(page.getByRole('heading', { level: 1, name: 'Demo: six-fund multi-asset' })).toBeVisible();

  // Edit a holding while offline.
  await page.getByRole('button', { name: 'Edit VTI', exact: true }).click();
  await page.getByLabel('Quantity').fill('100');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(
    page
      .getByTestId('holdings')
      .locator('tr', { has: page.getByRole('rowheader', { name: 'VTI', exact: true }) })
      .locator('td[data-label="Quantity"]')
  ).toHaveText('100');

  // Plan a rebalance offline: the worker script and glpk's wasm come from the cache.
  await planRebalance(page);
  await expect(page.getByTestId('trades')).toBeVisible();

  // The optimizer, its data set and its solvers work offline too.
  await page.getByRole('link', { name: 'Optimize' }).click();
  await page.getByRole('button', { name: 'Optimize' }).click();
  await expect(page.getByTestId('optimize-result')).toBeVisible({ timeout: 30_000 });
  expect(responses.some((r) => /optimize\.worker[^/]*\.js$/.test(r.url))).toBe(true);
  expect(responses.some((r) => /factors_dataset\.csv\.gz$/.test(r.url))).toBe(true);

  expect(responses.length).toBeGreaterThan(5);
  expect(responses.some((r) => /rebalance\.worker[^/]*\.js$/.test(r.url))).toBe(true);
  expect(responses.some((r) => /\.wasm$/.test(r.url))).toBe(true);
  const notFromServiceWorker = responses.filter((r) => !r.fromServiceWorker);
  expect(notFromServiceWorker).toEqual([]);
  expect(responses.filter((r) => r.status !== 200)).toEqual([]);
});
